/// A thrown WebAssembly exception (exception handling): the tag it was
/// thrown with and a copy of its payload values in 16-byte slots. An
/// `exnref` holds the unretained address of this object; the store keeps
/// every exception that became an `exnref` value alive (`Store.exceptionBits`).
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
    /// Raw bits of an exnref to `exception`, keeping the exception alive as long as the store.
    func exceptionBits(_ exception: Exception?) -> UInt64 {
        guard let exception else { return 0 }
        exceptions[ObjectIdentifier(exception)] = exception
        return UInt64(UInt(bitPattern: Unmanaged.passUnretained(exception).toOpaque()))
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
