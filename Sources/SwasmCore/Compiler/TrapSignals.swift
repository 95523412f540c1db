import Glibc

/// Turns faults in machine code into wasm traps: SIGSEGV/SIGBUS from a
/// guard region (out-of-bounds access) and SIGILL from `ud2`
/// (`unreachable`). The handler checks the faulting PC against the
/// executable-memory range; for our PCs it rewrites the context to resume
/// in the trap stub, which unwinds to the innermost entry trampoline. Any
/// other PC goes to the handler that was installed before ours.
enum TrapSignals {
    static let signals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE]
    /// The previous action of each signal, indexed by signal number.
    nonisolated(unsafe) static var previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 32)
    nonisolated(unsafe) static var trapStub: UInt = 0

    /// Installs the handler once per process.
    static func install() { _ = installOnce }

    private static let installOnce: Void = {
        #if arch(x86_64)
        guard let stubs = Builtins.stubs else { return }
        trapStub = UInt(bitPattern: stubs.trapStub)
        for sig in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = handler
            action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, previous + Int(sig))
        }
        #endif
    }()

    // General register indices in `mcontext_t.gregs` (x86-64 Linux).
    static let regRDI = 8, regRSI = 9, regRIP = 16

    static let handler: @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = { sig, info, context in
        #if arch(x86_64)
        if let context {
            let uc = context.assumingMemoryBound(to: ucontext_t.self)
            let handled: Bool = withUnsafeMutablePointer(to: &uc.pointee.uc_mcontext.gregs) { tuple in
                tuple.withMemoryRebound(to: Int64.self, capacity: 23) { gregs in
                    let pc = UInt(bitPattern: Int(gregs[regRIP]))
                    guard ExecutableMemory.contains(pc) else { return false }
                    let code = sig == SIGILL ? TrapCode.unreachable
                        : sig == SIGFPE ? TrapCode.integerDivideByZero : TrapCode.memoryOutOfBounds
                    gregs[regRDI] = Int64(code)
                    gregs[regRSI] = Int64(Int(bitPattern: pc))
                    gregs[regRIP] = Int64(Int(bitPattern: trapStub))
                    return true
                }
            }
            if handled { return }
        }
        #endif
        forward(sig, info, context)
    }

    /// Passes a signal that is not ours to the previous handler (or the default action).
    static func forward(_ sig: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
        let old = previous[Int(sig)]
        if old.sa_flags & SA_SIGINFO != 0, let f = old.__sigaction_handler.sa_sigaction {
            f(sig, info, context)
            return
        }
        let h = old.__sigaction_handler.sa_handler
        let raw = unsafeBitCast(h, to: Int.self)
        if raw == 0 || raw == 1 {
            // SIG_DFL (or SIG_IGN for a fault, which cannot be ignored): restore the default and re-fault.
            var dfl = sigaction()
            dfl.__sigaction_handler.sa_handler = nil
            sigemptyset(&dfl.sa_mask)
            sigaction(sig, &dfl, nil)
            return
        }
        h?(sig)
    }
}
