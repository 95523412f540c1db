/// A thrown WebAssembly exception (exception handling): the tag it was
/// thrown with and a copy of its payload values in 16-byte slots.
///
/// Lifetime policy: an `exnref` holds the unretained address of this
/// object, and an exnref can be copied anywhere (locals, globals, tables,
/// GC objects, other exceptions' payloads) without the runtime tracking
/// it, so the store keeps every exception that became an `exnref` value
/// alive until the store dies (`Store.exceptionBits`). Only those are
/// kept: a handler that passes no reference (`catch`, `catch_all`) and an
/// exception that no handler catches leave nothing behind. Each kept
/// exception counts `footprint` bytes against the store's GC heap limit
/// (`Store.gcHeapLimit`), so a loop of `catch_all_ref` traps "out of
/// memory" at the limit instead of growing without bound; catching the
/// same exception again (a `throw_ref` rethrow) counts nothing more.
/// Freeing exceptions earlier would need the collector the GC heap does
/// not have yet (it follows the same store-lifetime policy).
public final class Exception {
    /// The tag, compared by identity when a handler matches.
    public let tag: Tag
    /// `tag.type.params.count` slots.
    let payload: UnsafeMutableRawPointer

    /// An exception of `tag` whose payload is copied from the slots at `values`.
    init(tag: Tag, values: UnsafeRawPointer) {
        self.tag = tag
        let bytes = tag.type.params.count * Slot.size
        payload = .allocate(byteCount: max(bytes, Slot.size), alignment: 16)
        payload.copyMemory(from: values, byteCount: bytes)
    }

    /// An exception of `tag` with typed payload values (for hosts).
    public convenience init(tag: Tag, values: [Value], store: Store) throws(WasmError) {
        let params = tag.type.params
        guard values.count == params.count, zip(values, params).allSatisfy({ store.admits($0, $1, typeIDs: tag.typeIDs) }) else {
            throw WasmError(.other, "exception payload does not match the tag's parameters")
        }
        let slots = UnsafeMutableRawPointer.allocate(byteCount: max(params.count, 1) * Slot.size, alignment: 16)
        defer { slots.deallocate() }
        for (i, v) in values.enumerated() { Slot.write(slots + i * Slot.size, v, store: store) }
        self.init(tag: tag, values: UnsafeRawPointer(slots))
    }

    deinit { payload.deallocate() }

    /// Bytes a kept exception is counted as: its payload plus an estimate
    /// of the object's and the store's bookkeeping.
    var footprint: Int { max(tag.type.params.count, 1) * Slot.size + 64 }

    /// The payload values, typed by the tag's parameters.
    public var values: [Value] {
        tag.type.params.enumerated().map { Slot.read(payload + $0.offset * Slot.size, $0.element) }
    }

    /// Copies the payload to the slots at `destination`.
    func copyPayload(to destination: UnsafeMutableRawPointer) {
        destination.copyMemory(from: payload, byteCount: tag.type.params.count * Slot.size)
    }

    /// The exception a non-null exnref points to.
    @inline(__always) static func from(bits: UInt64) -> Exception? {
        guard bits != 0, let p = UnsafeRawPointer(bitPattern: UInt(bits)) else { return nil }
        return Unmanaged<Exception>.fromOpaque(p).takeUnretainedValue()
    }
}

extension Store {
    /// Raw bits of an exnref to `exception` a host passes in, keeping the
    /// exception alive as long as the store. It counts against the GC heap
    /// limit but cannot trap (a host call has no wasm trap to raise).
    func exceptionBits(_ exception: Exception?) -> UInt64 {
        guard let exception else { return 0 }
        if exceptions.updateValue(exception, forKey: ObjectIdentifier(exception)) == nil {
            gcHeap.charge(exception.footprint)
        }
        return Self.bits(of: exception)
    }

    /// Raw bits of the exnref a `catch_ref` / `catch_all_ref` handler passes
    /// to its label, keeping `exception` alive as long as the store; traps
    /// "out of memory" when keeping one more would exceed the GC heap limit.
    func caughtExceptionBits(_ exception: Exception) throws(Trap) -> UInt64 {
        let id = ObjectIdentifier(exception)
        if exceptions[id] == nil {
            try gcHeap.reserve(exception.footprint)
            exceptions[id] = exception
        }
        return Self.bits(of: exception)
    }

    /// The unretained address of `exception`, as exnref bits.
    private static func bits(of exception: Exception) -> UInt64 {
        UInt64(UInt(bitPattern: Unmanaged.passUnretained(exception).toOpaque()))
    }
}

extension Trap {
    /// The trap that carries an exception no handler caught out of wasm.
    /// Inside the runtime it is rethrown into wasm when it crosses a host
    /// frame back into a caller; a host sees an "uncaught exception" trap.
    /// A Swift host function may throw one to raise a wasm exception.
    public init(uncaught exception: Exception) {
        self.init(.uncaughtException)
        self.exception = exception
    }
}
