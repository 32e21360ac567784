#!/usr/bin/env bash
# Trains the same networks with Feedforward and TorchSharp-cpu in alternation and prints
# markdown tables (docs/benchmarks.md, "Training against TorchSharp").
# Usage: bench/run-training.sh [--quick] [other options of the bench, see --help]
#
# TorchSharp 0.107.0 needs GLIBCXX_3.4.32, newer than Debian 12's libstdc++, so this script
# builds a shim library and preloads it, followed by the real libstdc++ (see
# bench/Feedforward.Bench.Training/native/glibcxx_shim.cpp). The preload applies to the
# benchmark process and its memory-probe children only, never to the build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
project="$root/bench/Feedforward.Bench.Training"

dotnet build "$project" -c Release --nologo -v quiet
shim="$("$project/native/build-shim.sh")"
real="$(readlink -f "$(g++ -print-file-name=libstdc++.so.6)")"

LD_PRELOAD="$shim $real" dotnet "$project/bin/Release/net10.0/Feedforward.Bench.Training.dll" "$@"
