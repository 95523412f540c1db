#!/usr/bin/env bash
# The whole test suite: unit tests, the spec testsuite on every engine with
# its ratchet baseline, WASI conformance and real programs, the C API
# (examples, ABI, symbols, other-language hosts, valgrind), and install +
# pkg-config. Ends with one line: "summary: N passed, M failed" (suites).
#
# Data comes from $SWASM_SHARED (default ../shared). Where it is missing the
# data-driven suites say so and skip, except under CI=true, where that fails.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export SWASM_SHARED="${SWASM_SHARED:-$ROOT/../shared}"
CONFIG="${SWASM_TEST_CONFIG:-debug}"
BIN=".build/$CONFIG"
LOCK=/tmp/swasm-swift-build.lock
passed=0
failed=0
failures=()

stage() {
    local name="$1"; shift
    echo
    echo "=== $name"
    if "$@"; then
        passed=$((passed + 1)); echo "=== $name: ok"
    else
        failed=$((failed + 1)); failures+=("$name"); echo "=== $name: FAILED"
    fi
}

have_shared() {
    if [ -d "$SWASM_SHARED/$1" ]; then return 0; fi
    if [ "${CI:-}" = "true" ]; then echo "missing $SWASM_SHARED/$1 (required in CI)"; return 1; fi
    echo "skipping: $SWASM_SHARED/$1 not found (set SWASM_SHARED)"; return 2
}

build() {
    flock "$LOCK" swift build -c "$CONFIG" --build-tests && ln -sf swasm-cli "$BIN/swasm"
}

unit_tests() {
    flock "$LOCK" swift test -c "$CONFIG" --skip-build
}

spectest() {
    have_shared testsuite; local r=$?; [ $r -eq 2 ] && return 0; [ $r -ne 0 ] && return 1
    local engine status=0
    for engine in ${SWASM_ENGINES:-interpreter compiler}; do
        "$BIN/swasm" spectest --engine "$engine" --baseline Tests/spec-baseline.txt \
            "$SWASM_SHARED/testsuite/json" > "$BIN/spectest-$engine.log"
        status=$((status | $?))
        grep -E "^(group|spectest|REGRESSION|CRASH)" "$BIN/spectest-$engine.log"
    done
    return $status
}

wasi_tests() {
    have_shared wasi-testsuite; local r=$?; [ $r -eq 2 ] && return 0; [ $r -ne 0 ] && return 1
    python3 Tests/wasi/run_wasi_tests.py "$BIN/swasm" "$SWASM_SHARED/wasi-testsuite" | tail -n 20
    return "${PIPESTATUS[0]}"
}

wasi_programs() {
    python3 Tests/wasi/run_programs.py "$BIN/swasm" | tail -n 15
    return "${PIPESTATUS[0]}"
}

capi_tests() {
    bash Tests/capi/run.sh "$BIN"
}

install_pkgconfig() {
    local prefix; prefix=$(mktemp -d)
    make -s install PREFIX="$prefix" BUILD_DIR="$BIN" >/dev/null || return 1
    local flags; flags=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs swasm) || return 1
    # shellcheck disable=SC2086
    cc -o "$prefix/hello" c-examples/hello.c $flags -Wl,-rpath,"$prefix/lib" || return 1
    (cd c-examples && "$prefix/hello") > "$prefix/out.txt" || return 1
    diff -u c-examples/hello.expected "$prefix/out.txt" && echo "pkg-config: cc $flags ok"
    local status=$?
    rm -rf "$prefix"
    return $status
}

stage setup bash scripts/setup.sh
stage build build || { echo "summary: 0 passed, 1 failed"; exit 1; }
stage unit-tests unit_tests
stage spectest spectest
stage wasi-testsuite wasi_tests
stage wasi-programs wasi_programs
stage c-api capi_tests
stage install-pkgconfig install_pkgconfig

echo
for f in "${failures[@]}"; do echo "failed suite: $f"; done
echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
