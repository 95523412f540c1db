#!/usr/bin/env python3
"""Runs the WASI testsuite (prebuilt c/, rust/, assemblyscript/ tests) with swasm.

usage: run_wasi_tests.py SWASM_BINARY [TESTSUITE_DIR] [--filter SUBSTRING] [--timeout SECONDS]

TESTSUITE_DIR defaults to $SWASM_SHARED/wasi-testsuite, SWASM_SHARED to
../shared relative to the repository root. Each test NAME.wasm may have a
NAME.json with: args (list), env (object), root (directory of the test's
folder preopened as "/"), dirs (directories preopened under their own
name), exit_code (default 0), stdout (expected exact output). Every test
runs in a fresh temporary copy of its folder.

Prints PASS/FAIL per test, a summary per folder, and finally
`wasi: N passed, M failed`; exits 1 when a test failed.
"""
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_writable(root):
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames + ["."]:
            p = os.path.join(dirpath, name)
            if os.path.islink(p):
                continue
            mode = os.stat(p).st_mode
            os.chmod(p, mode | stat.S_IWUSR | stat.S_IRUSR | (stat.S_IXUSR if stat.S_ISDIR(mode) else 0))


def run_test(swasm, folder, name, timeout):
    wasm = os.path.join(folder, name + ".wasm")
    spec = {}
    spec_path = os.path.join(folder, name + ".json")
    if os.path.exists(spec_path):
        with open(spec_path) as f:
            spec = json.load(f)
    with tempfile.TemporaryDirectory(prefix="swasm-wasi-") as tmp:
        work = os.path.join(tmp, os.path.basename(folder))
        shutil.copytree(folder, work, symlinks=True)
        make_writable(work)
        cmd = [swasm, "run"]
        if "root" in spec:
            cmd += ["--dir", os.path.join(work, spec["root"]) + "::/"]
        for d in spec.get("dirs", []):
            cmd += ["--dir", os.path.join(work, d) + "::" + d]
        for k, v in spec.get("env", {}).items():
            cmd += ["--env", "%s=%s" % (k, v)]
        cmd += [os.path.join(work, name + ".wasm")] + list(spec.get("args", []))
        try:
            p = subprocess.run(cmd, cwd=work, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return False, "timed out after %ss" % timeout
        problems = []
        want_code = spec.get("exit_code", 0)
        if p.returncode != want_code:
            problems.append("exit code %d, expected %d" % (p.returncode, want_code))
        if "stdout" in spec and p.stdout.decode("utf-8", "replace") != spec["stdout"]:
            problems.append("stdout %r, expected %r" % (p.stdout[:200], spec["stdout"]))
        if problems:
            err = p.stderr.decode("utf-8", "replace").strip()
            if err:
                problems.append("stderr: " + err[-600:])
            return False, "; ".join(problems)
        return True, ""


def main():
    args = sys.argv[1:]
    filt = None
    timeout = 120
    positional = []
    i = 0
    while i < len(args):
        if args[i] == "--filter" and i + 1 < len(args):
            filt = args[i + 1]
            i += 2
        elif args[i] == "--timeout" and i + 1 < len(args):
            timeout = float(args[i + 1])
            i += 2
        else:
            positional.append(args[i])
            i += 1
    if not positional or len(positional) > 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    swasm = os.path.abspath(positional[0])
    if len(positional) == 2:
        suite = positional[1]
    else:
        shared = os.environ.get("SWASM_SHARED", os.path.join(REPO, "..", "shared"))
        suite = os.path.join(shared, "wasi-testsuite")
    suite = os.path.abspath(suite)
    if not os.path.isdir(suite):
        ci = os.environ.get("CI", "").lower() == "true"
        print("wasi: testsuite not found at %s; %s" % (suite, "failing (CI=true)" if ci else "skipping"))
        return 1 if ci else 0
    if not os.access(swasm, os.X_OK):
        print("error: %s is not an executable" % swasm, file=sys.stderr)
        return 2

    folders = [d for d in sorted(os.listdir(suite)) if os.path.isdir(os.path.join(suite, d))]
    passed = failed = 0
    summary = []
    for d in folders:
        folder = os.path.join(suite, d)
        names = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".wasm"))
        fp = ff = 0
        for name in names:
            full = "%s/%s" % (d, name)
            if filt and filt not in full:
                continue
            ok, why = run_test(swasm, folder, name, timeout)
            if ok:
                fp += 1
                print("PASS %s" % full)
            else:
                ff += 1
                print("FAIL %s: %s" % (full, why))
            sys.stdout.flush()
        summary.append("  %s: %d passed, %d failed" % (d, fp, ff))
        passed += fp
        failed += ff
    print("\n".join(summary))
    print("wasi: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
