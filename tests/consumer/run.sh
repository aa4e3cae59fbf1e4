#!/usr/bin/env bash
# Installs the core from the build tree, builds tests/consumer against it, and checks its output.
set -euo pipefail
build=$1 source=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$source" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
output=$("$work/build/c")
expected=$'0: kspan Pod.Activity d/p\n1: kubelet Pod.Pulled (0) hi'
[ "$output" = "$expected" ] || { echo "unexpected output: $output"; exit 1; }
