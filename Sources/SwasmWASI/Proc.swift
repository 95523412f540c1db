import SwasmCore

/// proc_exit, proc_raise.
extension WASI {
    static func registerProc(_ t: inout [String: WASIFunction]) {
        t["proc_exit"] = WASIFunction(type: FuncType(params: [.i32], results: [])) { ctx, c in
            let code = Int32(bitPattern: c.i32(0))
            ctx.exitCode = code
            throw Trap(.exit(code))
        }
        t["proc_exit"]!.returnsErrno = false
        // Signals are not supported (as in other runtimes).
        define(&t, "proc_raise", "i") { _, _ in throw Errno.nosys }
    }
}
