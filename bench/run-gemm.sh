#!/usr/bin/env bash
# Runs the GEMM comparison against OpenBLAS (Debian's libopenblas0-pthread must be installed).
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are removed from the environment because a machine-wide
# setting of them can make OpenBLAS pick an older kernel than its own CPU detection would.
set -euo pipefail
cd "$(dirname "$0")/.."
exec env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE \
    dotnet run -c Release --project bench/Feedforward.Bench -- "${@:-gemm}"
