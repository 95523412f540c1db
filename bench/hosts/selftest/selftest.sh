#!/bin/sh
# Checks swasm_host.py's ctypes path with fake_libswasm.c (see there).
# Usage: sh bench/hosts/selftest/selftest.sh   (needs clang and `pip install wasmtime`)
set -e
here=$(cd "$(dirname "$0")" && pwd)
sg=${SIGHTGLASS:-$here/../../../../shared/bench/sightglass}
wt=$(python3 -c 'import wasmtime, os; print(os.path.join(os.path.dirname(wasmtime.__file__), "linux-x86_64"))')
out=${TMPDIR:-/tmp}/swasm-bench-selftest
mkdir -p "$out"
clang -shared -fPIC -O1 -o "$out/libswasm.so" "$here/fake_libswasm.c" -L"$wt" -l:_libwasmtime.so -Wl,-rpath,"$wt"
cd "$out"
for m in shootout-gimli shootout-heapsort; do
  python3 "$here/../swasm_host.py" --lib "$out/libswasm.so" --engine interpreter \
      --wasm "$sg/shootout/$m.wasm" --dir . --result "$out/$m.json"
  cat "$out/$m.json"; echo
done
python3 "$here/../swasm_host.py" --lib "$out/libswasm.so" --mode compile --repeat 2 \
    --wasm "$sg/shootout/shootout-gimli.wasm" --result "$out/c.json"; cat "$out/c.json"; echo
python3 "$here/../swasm_host.py" --lib "$out/libswasm.so" --mode instantiate --repeat 2 \
    --wasm "$sg/shootout/shootout-gimli.wasm" --result "$out/i.json"; cat "$out/i.json"; echo
# a module needing more WASI than the fake has: must be reported as an error, not crash
python3 "$here/../swasm_host.py" --lib "$out/libswasm.so" \
    --wasm "$sg/shootout/shootout-fib2.wasm" --result "$out/f.json" || true; cat "$out/f.json"; echo
python3 "$here/../swasm_host.py" --lib /nonexistent/libswasm.so --check \
    --wasm "$sg/shootout/shootout-gimli.wasm" --result "$out/n.json"; cat "$out/n.json"; echo
python3 "$here/../swasm_host.py" --lib "$wt/_libwasmtime.so" --check \
    --wasm "$sg/shootout/shootout-gimli.wasm" --result "$out/w.json"; cat "$out/w.json"; echo
