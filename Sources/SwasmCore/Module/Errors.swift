/// Why a module or an instantiation was rejected. The message uses the
/// spec testsuite's wording; `offset` is the byte offset in the binary.
public struct WasmError: Error, CustomStringConvertible, Sendable {
    /// The stage that rejected the input.
    public enum Kind: Sendable {
        /// Not a well-formed binary (decoder).
        case malformed
        /// Well-formed but not valid (validator).
        case invalid
        /// Imports did not match (instantiation).
        case unlinkable
        /// Anything else: resource limits, serialized-module mismatches, …
        case other
    }

    public var kind: Kind
    public var message: String
    public var offset: Int?

    public init(_ kind: Kind, _ message: String, offset: Int? = nil) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String {
        if let offset { return "\(message) (at offset 0x\(String(offset, radix: 16)))" }
        return message
    }
}

@inline(__always) func malformed(_ message: String, _ offset: Int) -> WasmError {
    WasmError(.malformed, message, offset: offset)
}

@inline(__always) func invalid(_ message: String, _ offset: Int? = nil) -> WasmError {
    WasmError(.invalid, message, offset: offset)
}
