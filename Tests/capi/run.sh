#!/usr/bin/env bash
# run.sh LIBDIR
#
# Builds and runs the C API tests against include/ and LIBDIR/libswasm.so:
#   - the headers compile cleanly as C11 and C++ (-Wall -Wextra -pedantic)
#   - every c-examples/NAME.c, output compared with NAME.expected
#   - Tests/capi/abi_layout.c and Tests/capi/api_coverage.c
#   - Tests/capi/symbols.sh (headers vs exported symbols)
#   - the C++, Rust and Python hosts in Tests/hosts
# C programs run under valgrind (leaks and memory errors fail) when it is
# installed, unless SWASM_NO_VALGRIND=1.
# Prints "PASS name" / "FAIL name (reason)" per test (SKIP when a tool is
# missing) and ends with exactly one line "capi: N passed, M failed".
# Exits non-zero on any failure.
set -uo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 LIBDIR   (the directory holding libswasm.so)" >&2
  exit 2
fi
libdir=$(cd "$1" 2>/dev/null && pwd) || { echo "no such directory: $1" >&2; exit 2; }
lib="$libdir/libswasm.so"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
inc="$root/include"
examples="$root/c-examples"
capi="$root/Tests/capi"
hosts="$root/Tests/hosts"
CC=${CC:-cc}
CXX=${CXX:-c++}
RUN_TIMEOUT=${RUN_TIMEOUT:-300}
build=$(mktemp -d "${TMPDIR:-/tmp}/swasm-capi.XXXXXX")
trap 'rm -rf "$build"' EXIT

passed=0
failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() { echo "FAIL $1 ($2)"; failed=$((failed + 1)); }
skip() { echo "SKIP $1 ($2)"; }

finish() {
  echo "capi: $passed passed, $failed failed"
  [[ $failed -eq 0 ]]
  exit $?
}

if [[ ! -f "$lib" ]]; then
  fail "libswasm.so" "not found in $libdir"
  finish
fi

link=(-L"$libdir" -lswasm -Wl,-rpath,"$libdir" -pthread)
cflags=(-std=c11 -g -O1 -Wall -Wextra -pedantic -I"$inc")

valgrind=()
if [[ "${SWASM_NO_VALGRIND:-0}" != 1 ]] && command -v valgrind >/dev/null 2>&1; then
  # --smc-check: the engine writes machine code at run time.
  valgrind=(valgrind -q --leak-check=full --errors-for-leak-kinds=definite
            --error-exitcode=99 --smc-check=all-non-file)
  # Under valgrind the engine runs on the interpreter; the examples run
  # natively on the compiler tier as well (below).
  export SWASM_STRATEGY=interpreter
fi

# Runs "$@" with a time limit; stdout to $out, stderr to $err. Sets $rc.
run() {
  local out=$1 err=$2
  shift 2
  (timeout "$RUN_TIMEOUT" "$@") >"$out" 2>"$err"
  rc=$?
}

# Explains a failed run in a few words.
reason() {
  local rc=$1 err=$2
  case $rc in
    99) echo "valgrind: $(grep -m1 -E 'definitely lost|Invalid|uninitialised|ERROR SUMMARY' "$err" | sed 's/^==[0-9]*== //')" ;;
    124) echo "timed out after ${RUN_TIMEOUT}s" ;;
    *) echo "exit code $rc${3:+; $3}" ;;
  esac
}

# Compares actual output with the expected file; sets $diffmsg.
same_output() {
  if diff -u "$2" "$1" >"$1.diff" 2>&1; then return 0; fi
  diffmsg="output differs: $(grep -m1 -E '^[-+][^-+]' "$1.diff" | head -c 120)"
  return 1
}

# --- headers -------------------------------------------------------------
printf '#include "wasm.h"\n#include "wasi.h"\n#include "swasm.h"\nint main(void) { return 0; }\n' >"$build/headers.c"
cp "$build/headers.c" "$build/headers.cpp"
if "$CC" -std=c11 -Wall -Wextra -pedantic -Werror -I"$inc" -c "$build/headers.c" -o "$build/headers_c.o" 2>"$build/headers_c.err"; then
  pass "headers-c11"
else
  fail "headers-c11" "$(head -n1 "$build/headers_c.err")"
fi
if "$CXX" -std=c++11 -Wall -Wextra -pedantic -Werror -I"$inc" -c "$build/headers.cpp" -o "$build/headers_cxx.o" 2>"$build/headers_cxx.err"; then
  pass "headers-c++"
else
  fail "headers-c++" "$(head -n1 "$build/headers_cxx.err")"
fi

# --- symbols -------------------------------------------------------------
if bash "$capi/symbols.sh" "$lib" "$inc" >"$build/symbols.out" 2>&1; then
  pass "symbols"
else
  fail "symbols" "$(grep -m1 -E 'missing|exported but' "$build/symbols.out")"
  sed 's/^/    /' "$build/symbols.out" | head -n 40
fi

# --- C examples ----------------------------------------------------------
for src in "$examples"/*.c; do
  name=$(basename "$src" .c)
  exe="$build/$name"
  if ! "$CC" "${cflags[@]}" "$src" -o "$exe" "${link[@]}" 2>"$build/$name.cc.err"; then
    fail "example-$name" "compile: $(grep -m1 error "$build/$name.cc.err")"
    continue
  fi
  if [[ ! -f "$examples/$name.expected" ]]; then
    fail "example-$name" "no $name.expected"
    continue
  fi
  run "$build/$name.out" "$build/$name.err" "${valgrind[@]}" "$exe" "$examples"
  if [[ $rc -ne 0 ]]; then
    fail "example-$name" "$(reason $rc "$build/$name.err" "$(tail -n1 "$build/$name.out")")"
  elif ! same_output "$build/$name.out" "$examples/$name.expected"; then
    fail "example-$name" "$diffmsg"
  else
    pass "example-$name"
  fi
  # Each example again on the compiler tier, natively (guard-page traps are
  # real faults, which valgrind reports as invalid accesses).
  if [[ ${#valgrind[@]} -gt 0 ]]; then
    SWASM_STRATEGY=compiler run "$build/$name.c.out" "$build/$name.c.err" "$exe" "$examples"
    if [[ $rc -ne 0 ]]; then
      fail "example-$name-compiler" "$(reason $rc "$build/$name.c.err" "$(tail -n1 "$build/$name.c.out")")"
    elif ! same_output "$build/$name.c.out" "$examples/$name.expected"; then
      fail "example-$name-compiler" "$diffmsg"
    else
      pass "example-$name-compiler"
    fi
  fi
done

# --- ABI tests -----------------------------------------------------------
for name in abi_layout api_coverage; do
  exe="$build/$name"
  if ! "$CC" "${cflags[@]}" -I"$capi" "$capi/$name.c" -o "$exe" "${link[@]}" 2>"$build/$name.cc.err"; then
    fail "$name" "compile: $(grep -m1 error "$build/$name.cc.err")"
    continue
  fi
  run "$build/$name.out" "$build/$name.err" "${valgrind[@]}" "$exe"
  summary=$(tail -n1 "$build/$name.out")
  if [[ $rc -ne 0 ]]; then
    fail "$name" "$(reason $rc "$build/$name.err" "$summary")"
    grep '^FAIL' "$build/$name.out" | sed 's/^/    /' | head -n 40
  else
    pass "$name"
  fi
done

# --- hosts ---------------------------------------------------------------
host_wasm="$hosts/host.wasm"
check_host() {  # name out err
  if [[ $rc -ne 0 ]]; then
    fail "$1" "$(reason $rc "$3" "$(tail -n1 "$2")")"
  elif ! same_output "$2" "$hosts/host.expected"; then
    fail "$1" "$diffmsg"
  else
    pass "$1"
  fi
}

if command -v "$CXX" >/dev/null 2>&1; then
  if "$CXX" -std=c++17 -g -Wall -Wextra -pedantic -I"$inc" "$hosts/cpp_host.cpp" \
       -o "$build/cpp_host" "${link[@]}" 2>"$build/cpp_host.cc.err"; then
    run "$build/cpp_host.out" "$build/cpp_host.err" "$build/cpp_host" "$host_wasm"
    check_host "cpp-host" "$build/cpp_host.out" "$build/cpp_host.err"
  else
    fail "cpp-host" "compile: $(grep -m1 error "$build/cpp_host.cc.err")"
  fi
else
  skip "cpp-host" "no C++ compiler"
fi

if command -v rustc >/dev/null 2>&1; then
  if rustc --edition 2021 -O -L "$libdir" -C link-arg=-Wl,-rpath,"$libdir" \
       "$hosts/rust_host.rs" -o "$build/rust_host" 2>"$build/rust_host.cc.err"; then
    run "$build/rust_host.out" "$build/rust_host.err" "$build/rust_host" "$host_wasm"
    check_host "rust-host" "$build/rust_host.out" "$build/rust_host.err"
  else
    fail "rust-host" "compile: $(grep -m1 error "$build/rust_host.cc.err")"
  fi
else
  skip "rust-host" "no rustc"
fi

if command -v python3 >/dev/null 2>&1; then
  run "$build/python_host.out" "$build/python_host.err" env SWASM_LIB="$lib" \
    python3 "$hosts/python_host.py" "$host_wasm"
  check_host "python-host" "$build/python_host.out" "$build/python_host.err"
else
  skip "python-host" "no python3"
fi

finish
