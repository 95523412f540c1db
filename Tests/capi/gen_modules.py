#!/usr/bin/env python3
"""Regenerates modules.h from modules/*.wasm (run wasm-tools parse first)."""
import os

here = os.path.dirname(os.path.abspath(__file__))
out = ["/* Generated from Tests/capi/modules/ (.wat sources) by gen_modules.py; do not edit. */",
       "#ifndef CAPI_MODULES_H", "#define CAPI_MODULES_H", ""]
for name in ["coverage", "loop", "wasi_exit", "mixed", "tags", "tags_user", "v128", "shared_def", "shared_use"]:
    data = open(os.path.join(here, "modules", name + ".wasm"), "rb").read()
    out.append(f"static const unsigned char {name}_wasm[] = {{")
    for i in range(0, len(data), 12):
        out.append("  " + ", ".join(f"0x{b:02x}" for b in data[i:i + 12]) + ",")
    out.append("};")
    out.append("")
out.append("#endif")
open(os.path.join(here, "modules.h"), "w").write("\n".join(out) + "\n")
