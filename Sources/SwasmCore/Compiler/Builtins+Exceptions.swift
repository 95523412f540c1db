/// The runtime side of exceptions in machine code. Code that throws calls
/// `throwEntry`/`throwReferenceEntry`, which make the exception pending in
/// the store; the code then unwinds through handler dispatch code and
/// function returns (a function returns with eax != 0 while one is pending)
/// until a handler takes it with `takeExceptionEntry`, or the entry
/// trampoline reports it to the host (`TrapCode.exception`).
extension Builtins {
    /// throw(vm, tag index, payload slots) -> 0: creates the exception and makes it pending.
    static let throwEntry: @convention(c) (UnsafeMutableRawPointer, UInt32, UnsafeMutableRawPointer) -> UInt32 = { raw, tag, values in
        let vm = raw.assumingMemoryBound(to: VMContext.self)
        let instance = Unmanaged<Instance>.fromOpaque(vm.pointee.instance).takeUnretainedValue()
        store(vm).setPendingException(Exception(tag: instance.tags[Int(tag)], values: UnsafeRawPointer(values)))
        return 0
    }

    /// throw_ref(vm, exnref slot) -> 0, or the null-exception-reference trap code.
    static let throwReferenceEntry: @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer) -> UInt32 = { raw, slot in
        let vm = raw.assumingMemoryBound(to: VMContext.self)
        guard let exception = Exception.from(bits: slot.load(as: UInt64.self)) else {
            return TrapCode.code(.nullExceptionReference)!
        }
        store(vm).setPendingException(exception)
        return 0
    }

    /// take(vm, destination slots, flags) -> 0, or the out-of-memory trap
    /// code: ends the pending exception's unwinding and writes what a catch
    /// clause passes to its label: the payload (flags bit 0), then the
    /// exnref (bit 1; the store keeps the exception, within its GC heap limit).
    static let takeExceptionEntry: @convention(c) (UnsafeMutableRawPointer, UnsafeMutableRawPointer, UInt32) -> UInt32 = { raw, slots, flags in
        let store = store(raw.assumingMemoryBound(to: VMContext.self))
        guard let exception = store.takePendingException() else { return 0 }
        var destination = slots
        if flags & 1 != 0 {
            exception.copyPayload(to: destination)
            destination += exception.tag.type.params.count * Slot.size
        }
        if flags & 2 != 0 {
            guard let bits = try? store.caughtExceptionBits(exception) else { return TrapCode.code(.outOfMemory)! }
            destination.storeBytes(of: bits, as: UInt64.self)
        }
        return 0
    }
}

extension Store {
    /// Makes `exception` the one machine code unwinds with.
    func setPendingException(_ exception: Exception) {
        _ = takePendingException()
        vmStore.pointee.pendingException = Unmanaged.passRetained(exception).toOpaque()
        vmStore.pointee.pendingTag = exception.tag.identity
    }

    /// Takes the pending exception, if any; none is pending afterwards.
    func takePendingException() -> Exception? {
        guard let p = vmStore.pointee.pendingException else { return nil }
        vmStore.pointee.pendingException = nil
        vmStore.pointee.pendingTag = nil
        return Unmanaged<Exception>.fromOpaque(p).takeRetainedValue()
    }
}
