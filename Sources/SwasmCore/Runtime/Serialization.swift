/// The serialized form of a compiled module (`wasm_module_serialize`).
///
/// Layout (integers little-endian):
///
///     "SWASM" | format version (u32) | engine version (u32 length + UTF-8)
///     | ISA (u32 length + UTF-8) | strategy (u32 length + UTF-8)
///     | payload length (u64) | FNV-1a 64 of everything before it (u64)
///     | payload (the original wasm binary)
///
/// The interpreter tier recompiles the payload on load; the header makes a
/// serialized module refuse to load into another engine version, CPU
/// architecture or strategy, and the checksum refuses damaged images.
public enum ModuleImage {
    public static let magic: [UInt8] = Array("SWASM".utf8)
    /// Bumped whenever the layout above changes.
    public static let formatVersion: UInt32 = 1

    /// The instruction set of this host.
    public static var hostISA: String {
        #if arch(x86_64)
        return "x86_64"
        #elseif arch(arm64)
        return "arm64"
        #else
        return "unknown"
        #endif
    }

    /// Serializes `compiled` for its engine's strategy.
    public static func serialize(_ compiled: CompiledModule) -> [UInt8] {
        var out = magic
        append(&out, formatVersion)
        append(&out, swasmVersion)
        append(&out, hostISA)
        append(&out, compiled.engine.config.strategy.resolved.rawValue)
        let payload = compiled.module.bytes
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: UInt64(payload.count) >> (8 * UInt64(i)))) }
        var sum = checksum(out[...])
        sum = checksum(payload[...], seed: sum)
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: sum >> (8 * UInt64(i)))) }
        out.append(contentsOf: payload)
        return out
    }

    /// Checks an image made by `serialize` and recompiles it for `engine`.
    /// Throws `WasmError` (.other) naming what does not match or is damaged.
    public static func deserialize(_ image: [UInt8], engine: Engine) throws(WasmError) -> CompiledModule {
        var reader = Reader(bytes: image)
        guard reader.take(magic.count) == magic[...] else {
            throw WasmError(.other, "not a serialized swasm module (bad magic)")
        }
        guard let format = reader.u32() else { throw damaged() }
        guard format == formatVersion else {
            throw WasmError(.other, "serialized module has format version \(format), this engine reads \(formatVersion)")
        }
        guard let version = reader.string(), let isa = reader.string(), let strategy = reader.string(),
              let length = reader.u64() else { throw damaged() }
        guard version == swasmVersion else {
            throw WasmError(.other, "serialized module was made by swasm \(version), this is swasm \(swasmVersion)")
        }
        guard isa == hostISA else {
            throw WasmError(.other, "serialized module was compiled for \(isa), this host is \(hostISA)")
        }
        let expected = engine.config.strategy.resolved.rawValue
        guard strategy == expected else {
            throw WasmError(.other, "serialized module was compiled for the \(strategy) strategy, this engine uses \(expected)")
        }
        let headerEnd = reader.position
        guard let stored = reader.u64(), length == UInt64(image.count - reader.position) else { throw damaged() }
        let payload = Array(image[reader.position...])
        guard checksum(payload[...], seed: checksum(image[..<headerEnd])) == stored else { throw damaged() }
        return try CompiledModule(engine: engine, bytes: payload)
    }

    private static func damaged() -> WasmError {
        WasmError(.other, "serialized module is damaged (truncated or checksum mismatch)")
    }

    private static func append(_ out: inout [UInt8], _ v: UInt32) {
        for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt32(i)))) }
    }

    private static func append(_ out: inout [UInt8], _ s: String) {
        append(&out, UInt32(s.utf8.count))
        out.append(contentsOf: s.utf8)
    }

    /// FNV-1a, 64-bit.
    private static func checksum(_ bytes: ArraySlice<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// Bounds-checked little-endian reads.
    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
            guard n >= 0, bytes.count - position >= n else { return nil }
            defer { position += n }
            return bytes[position..<position + n]
        }

        mutating func u32() -> UInt32? {
            take(4).map { $0.reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        }

        mutating func u64() -> UInt64? {
            take(8).map { $0.reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        }

        mutating func string() -> String? {
            guard let n = u32(), n <= 256, let s = take(Int(n)) else { return nil }
            return String(decoding: s, as: UTF8.self)
        }
    }
}
