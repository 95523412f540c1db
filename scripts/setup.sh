#!/usr/bin/env bash
# Installs what the test suite needs beyond the Swift toolchain: zig (as a
# wasm32-wasi C/C++ compiler, from PyPI), valgrind and pkg-config (Debian).
set -eu
if ! python3 -c "import ziglang" 2>/dev/null; then
    python3 -m pip install --quiet "ziglang==0.17.1" || python3 -m pip install --quiet ziglang
fi
missing=()
command -v valgrind >/dev/null || missing+=(valgrind)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v c++ >/dev/null || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
    else
        echo "please install: ${missing[*]}" >&2
    fi
fi
