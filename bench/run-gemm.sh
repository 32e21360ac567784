#!/usr/bin/env bash
# Runs the GEMM comparison against OpenBLAS (Debian's libopenblas0-pthread must be installed).
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the environment because a machine-wide
# setting of them can make OpenBLAS pick an older kernel than its own CPU detection would.
# OPENBLAS_THREAD_TIMEOUT=20 makes OpenBLAS's idle threads spin for 2^20 cycles (about 0.4 ms)
# before they sleep, instead of 2^28 (about 0.1 s). With the default, they still spin on the
# second core while Feedforward's two-thread product that follows is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_THREAD_TIMEOUT="${OPENBLAS_THREAD_TIMEOUT:-20}" \
    dotnet run -c Release --project bench/Feedforward.Bench -- "${@:-gemm}"
