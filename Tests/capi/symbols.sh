#!/usr/bin/env bash
# symbols.sh LIB [INCLUDE_DIR]
#
# Compares the functions declared in wasm.h, wasi.h and swasm.h with the
# functions LIB (libswasm.so) exports, both ways: every declared function
# must be exported, and nothing else may be. Prints the missing and extra
# names and exits 1 on any difference (2 on usage or tool errors).
set -euo pipefail

lib=${1:-}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
incdir=${2:-$here/../../include}
if [[ -z "$lib" || ! -f "$lib" ]]; then
  echo "usage: $0 path/to/libswasm.so [include-dir]" >&2
  exit 2
fi
CC=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. Declared functions: preprocess the headers (so every WASM_DECLARE_*
#    macro is expanded), then keep top-level declarations that are not
#    typedefs and not static (inline helpers and constants are not symbols).
printf '#include "wasm.h"\n#include "wasi.h"\n#include "swasm.h"\n' > "$tmp/all.c"
"$CC" -E -I"$incdir" "$tmp/all.c" > "$tmp/all.i"
python3 - "$tmp/all.i" > "$tmp/declared" <<'PY'
import re, sys

# Keep only the lines that come from our three headers (the line markers
# "# N "file" ..." tell which file each line came from); system headers
# such as <string.h> are left out.
ours = ("wasm.h", "wasi.h", "swasm.h")
kept, keep = [], False
for line in open(sys.argv[1]):
    m = re.match(r'#\s*\d+\s+"([^"]*)"', line)
    if m:
        keep = m.group(1).split("/")[-1] in ours
        continue
    if keep:
        kept.append(line)
text = "".join(kept)
text = re.sub(r'"(\\.|[^"\\])*"', '""', text)   # drop string contents
names = set()
stmt = []          # text of the current top-level statement, braces removed
depth = 0
for ch in text:
    if ch == '{':
        depth += 1
        continue
    if ch == '}':
        depth -= 1
        if depth == 0:
            head = ''.join(stmt)
            # A function definition (static inline helper) ends here.
            if '(' in head and not re.search(r'\b(struct|union|enum|typedef)\b', head.split('(')[0]):
                stmt = []
        continue
    if depth > 0:
        continue
    if ch == ';':
        s = ' '.join(''.join(stmt).split())
        stmt = []
        if not s or re.match(r'(typedef|static|_Static_assert|extern\s*"")\b', s) or 'static ' in s:
            continue
        m = re.match(r'^[\w\s\*]*?\b([A-Za-z_]\w*)\s*\(', s)
        if m:
            names.add(m.group(1))
        continue
    stmt.append(ch)
print('\n'.join(sorted(names)))
PY

# 2. Exported functions of the library (strip symbol versions).
nm -D --defined-only "$lib" | awk '$2 ~ /^[TWi]$/ {print $3}' | sed 's/@.*//' \
  | grep -vxE '_init|_fini' | sort -u > "$tmp/exported"

declared=$(wc -l < "$tmp/declared")
exported=$(wc -l < "$tmp/exported")
missing=$(comm -23 "$tmp/declared" "$tmp/exported")
extra=$(comm -13 "$tmp/declared" "$tmp/exported")

echo "declared functions: $declared, exported functions: $exported"
status=0
if [[ -n "$missing" ]]; then
  echo "missing from $lib ($(wc -l <<< "$missing")):"
  sed 's/^/  /' <<< "$missing"
  status=1
fi
if [[ -n "$extra" ]]; then
  echo "exported but not declared ($(wc -l <<< "$extra")):"
  sed 's/^/  /' <<< "$extra"
  status=1
fi
if [[ $status -eq 0 ]]; then
  echo "symbols: headers and library agree"
fi
exit $status
