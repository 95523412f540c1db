/// The serialized form of a compiled module (`wasm_module_serialize`).
///
/// Layout (integers little-endian):
///
///     "SWASM" | format version (u32) | engine version (u32 length + UTF-8)
///     | ISA (u32 length + UTF-8) | strategy (u32 length + UTF-8)
///     | CPU features the code needs (u32, `CPUFeatures.bits`; 0 for the interpreter)
///     | proposals the module was validated with (u32, `Features.rawValue`)
///     | fuel metering compiled in (u8: 0 or 1; 0 for the interpreter)
///     | payload length (u64) | FNV-1a 64 of everything before it and of the payload (u64)
///     | payload
///
///     payload:
///       wasm binary length (u64) | wasm binary
///       | machine code (compiler strategy only)
///
///     machine code:
///       code length (u64) | code bytes
///       | defined function count (u32) | entry offset in the code of each (u32 each)
///       | offset count (u32) | (code offset, module byte offset) of each (u32, u32 each)
///       | tail-call argument slots (u32) | assumes guarded memory (u8: 0 or 1)
///
/// The interpreter tier recompiles the wasm binary on load. The compiler
/// tier only decodes it and installs the stored machine code, which is
/// position independent; its bodies are neither validated nor compiled
/// again. The header makes an image refuse to load into another engine
/// version, CPU architecture, strategy, fuel setting, a CPU without the
/// features the code uses, or (machine code) an engine that disables a
/// proposal the module was validated with; the checksum refuses damaged images.
public enum ModuleImage {
    public static let magic: [UInt8] = Array("SWASM".utf8)
    /// Bumped whenever the layout above or the machine code's calling
    /// convention changes (3: locals in callee-saved registers; 5: proposals).
    public static let formatVersion: UInt32 = 5

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

    /// What an image records about the engine and CPU its code was made for.
    struct Header: Equatable {
        var engineVersion = swasmVersion
        var isa = ModuleImage.hostISA
        var strategy: String
        /// `CPUFeatures.bits` the machine code uses (0 without machine code).
        var features: UInt32 = 0
        /// The proposals (`Features`) enabled when the module was validated.
        var proposals: UInt32 = 0
        /// Whether the machine code meters fuel (false without machine code).
        var meterFuel = false

        /// Throws unless code made for this header runs in `engine` on this host.
        func check(for engine: Engine) throws(WasmError) {
            guard engineVersion == swasmVersion else {
                throw WasmError(.other, "serialized module was made by swasm \(engineVersion), this is swasm \(swasmVersion)")
            }
            guard isa == hostISA else {
                throw WasmError(.other, "serialized module was compiled for \(isa), this host is \(hostISA)")
            }
            let expected = engine.config.strategy.resolved.rawValue
            guard strategy == expected else {
                throw WasmError(.other, "serialized module was compiled for the \(strategy) strategy, this engine uses \(expected)")
            }
            let lacking = features & ~CPUFeatures.host.bits
            guard lacking == 0 else {
                throw WasmError(.other, "serialized module needs CPU features \(featureNames(lacking)) that this CPU lacks")
            }
            // Machine code is installed without validating the bodies again (the
            // interpreter's translation validates them under this engine's proposals).
            let disabled = Features(rawValue: proposals).subtracting(engine.config.features)
            if strategy == ExecutionStrategy.compiler.rawValue, !disabled.isEmpty {
                let names = Features.named.filter { disabled.contains($0.feature) }.map(\.name)
                throw WasmError(.other, "serialized module was validated with proposals this engine disables: \(names.joined(separator: ", "))")
            }
            if strategy == ExecutionStrategy.compiler.rawValue, meterFuel != engine.config.consumeFuel {
                func state(_ on: Bool) -> String { on ? "on" : "off" }
                throw WasmError(.other, "serialized module was compiled with fuel metering \(state(meterFuel)), this engine has it \(state(engine.config.consumeFuel))")
            }
        }
    }

    /// Serializes `compiled` for its engine's strategy.
    public static func serialize(_ compiled: CompiledModule) -> [UInt8] {
        var header = Header(strategy: compiled.engine.config.strategy.resolved.rawValue,
                            proposals: compiled.engine.config.features.rawValue)
        var payload: [UInt8] = []
        append(&payload, compiled.module.bytes)
        if let code = compiled.machineCode {
            header.features = code.features.bits
            header.meterFuel = compiled.engine.config.consumeFuel
            code.encode(into: &payload)
        }
        return assemble(header, payload: payload)
    }

    /// Checks an image made by `serialize` and loads it into `engine`:
    /// installs its machine code (compiler strategy) or recompiles its wasm
    /// binary (interpreter). Throws `WasmError` (.other) naming what does not
    /// match or is damaged.
    public static func deserialize(_ image: [UInt8], engine: Engine) throws(WasmError) -> CompiledModule {
        let (header, payload) = try open(image)
        try header.check(for: engine)
        var reader = ImageReader(payload)
        guard let wasm = reader.lengthPrefixed() else { throw damaged() }
        guard header.strategy == ExecutionStrategy.compiler.rawValue else {
            guard reader.isAtEnd else { throw damaged() }
            return try CompiledModule(engine: engine, bytes: Array(wasm))
        }
        let module = try ModuleDecoder.decode(Array(wasm), features: engine.config.features)
        let code = try MachineCode.restore(from: reader.rest, module: module, features: CPUFeatures(bits: header.features))
        return try CompiledModule(engine: engine, module: module, machineCode: code)
    }

    /// The image of `payload` under `header`, checksummed.
    static func assemble(_ header: Header, payload: [UInt8]) -> [UInt8] {
        var out = magic
        append(&out, formatVersion)
        append(&out, header.engineVersion)
        append(&out, header.isa)
        append(&out, header.strategy)
        append(&out, header.features)
        append(&out, header.proposals)
        append(&out, UInt8(header.meterFuel ? 1 : 0))
        append(&out, UInt64(payload.count))
        append(&out, checksum(payload[...], seed: checksum(out[...])))
        out.append(contentsOf: payload)
        return out
    }

    /// Splits an image into its header and payload after checking the
    /// magic, format version, lengths and checksum (not compatibility).
    static func open(_ image: [UInt8]) throws(WasmError) -> (header: Header, payload: ArraySlice<UInt8>) {
        var reader = ImageReader(image[...])
        guard reader.take(magic.count) == magic[...] else {
            throw WasmError(.other, "not a serialized swasm module (bad magic)")
        }
        guard let format = reader.integer(UInt32.self) else { throw damaged() }
        guard format == formatVersion else {
            throw WasmError(.other, "serialized module has format version \(format), this engine reads \(formatVersion)")
        }
        guard let version = reader.string(), let isa = reader.string(), let strategy = reader.string(),
              let features = reader.integer(UInt32.self), let proposals = reader.integer(UInt32.self), let fuel = reader.flag(),
              let length = reader.integer(UInt64.self) else { throw damaged() }
        let headerEnd = reader.position
        guard let stored = reader.integer(UInt64.self), length == UInt64(reader.rest.count) else { throw damaged() }
        let payload = reader.rest
        guard checksum(payload, seed: checksum(image[..<headerEnd])) == stored else { throw damaged() }
        let header = Header(engineVersion: version, isa: isa, strategy: strategy, features: features, proposals: proposals,
                            meterFuel: fuel)
        return (header, payload)
    }

    /// The error for an image that is not what `serialize` wrote.
    static func damaged(_ detail: String = "truncated or checksum mismatch") -> WasmError {
        WasmError(.other, "serialized module is damaged (\(detail))")
    }

    /// Names of the feature bits in `bits`, comma-separated.
    private static func featureNames(_ bits: UInt32) -> String {
        let f = CPUFeatures(bits: bits)
        var names = [(f.sse41, "sse4.1"), (f.ssse3, "ssse3"), (f.popcnt, "popcnt"), (f.lzcnt, "lzcnt"), (f.bmi1, "bmi1")]
            .filter(\.0).map(\.1)
        let unknown = bits & ~f.bits
        if unknown != 0 { names.append("unknown bits 0x\(String(unknown, radix: 16))") }
        return names.joined(separator: ", ")
    }

    /// `v` in little-endian order.
    static func append<T: FixedWidthInteger>(_ out: inout [UInt8], _ v: T) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func append(_ out: inout [UInt8], _ s: String) {
        append(&out, UInt32(s.utf8.count))
        out.append(contentsOf: s.utf8)
    }

    /// A u64 length and the bytes.
    static func append(_ out: inout [UInt8], _ bytes: [UInt8]) {
        append(&out, UInt64(bytes.count))
        out.append(contentsOf: bytes)
    }

    /// FNV-1a, 64-bit.
    private static func checksum(_ bytes: ArraySlice<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}

/// Bounds-checked little-endian reads from part of an image: every read
/// returns nil instead of running past the end.
private struct ImageReader {
    private let bytes: ArraySlice<UInt8>
    private(set) var position: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        position = bytes.startIndex
    }

    /// The bytes not read yet.
    var rest: ArraySlice<UInt8> { bytes[position...] }
    var isAtEnd: Bool { position == bytes.endIndex }

    mutating func take(_ n: Int) -> ArraySlice<UInt8>? {
        guard n >= 0, bytes.endIndex - position >= n else { return nil }
        defer { position += n }
        return bytes[position..<position + n]
    }

    mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
        take(MemoryLayout<T>.size).map { $0.reversed().reduce(0) { $0 << 8 | T($1) } }
    }

    /// A byte that must be 0 or 1.
    mutating func flag() -> Bool? {
        guard let b = integer(UInt8.self), b <= 1 else { return nil }
        return b == 1
    }

    mutating func string() -> String? {
        guard let n = integer(UInt32.self), n <= 256, let s = take(Int(n)) else { return nil }
        return String(decoding: s, as: UTF8.self)
    }

    /// A u64 length and that many bytes.
    mutating func lengthPrefixed() -> ArraySlice<UInt8>? {
        integer(UInt64.self).flatMap { take(Int(exactly: $0) ?? -1) }
    }

    /// A u32 count and that many `width`-byte records, read by `element`.
    mutating func array<T>(width: Int, _ element: (inout ImageReader) -> T?) -> [T]? {
        guard let n = integer(UInt32.self), let records = take(Int(n) * width) else { return nil }
        var sub = ImageReader(records)
        var out: [T] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let e = element(&sub) else { return nil }
            out.append(e)
        }
        return out
    }
}

extension MachineCode {
    /// Appends the stored parts of this code (layout in `ModuleImage`).
    func encode(into out: inout [UInt8]) {
        ModuleImage.append(&out, bytes)
        ModuleImage.append(&out, UInt32(functionStarts.count))
        for s in functionStarts { ModuleImage.append(&out, UInt32(s)) }
        ModuleImage.append(&out, UInt32(offsets.count))
        for o in offsets {
            ModuleImage.append(&out, o.pc)
            ModuleImage.append(&out, o.offset)
        }
        ModuleImage.append(&out, UInt32(tailSlots))
        ModuleImage.append(&out, UInt8(assumesGuardedMemory ? 1 : 0))
    }

    /// Installs code stored by `encode` for `module` (all of `stored` must
    /// be the code's parts). Throws when the tables do not fit the module or
    /// the code; the code itself is trusted, as the image's checksum was.
    static func restore(from stored: ArraySlice<UInt8>, module: Module, features: CPUFeatures) throws(WasmError) -> MachineCode {
        var reader = ImageReader(stored)
        guard let code = reader.lengthPrefixed(),
              let starts = reader.array(width: 4, { $0.integer(UInt32.self).map(Int.init) }),
              let offsets = reader.array(width: 8, { r -> (pc: Int32, offset: Int32)? in
                  guard let pc = r.integer(Int32.self), let offset = r.integer(Int32.self) else { return nil }
                  return (pc, offset)
              }),
              let tailSlots = reader.integer(UInt32.self), let guarded = reader.flag(), reader.isAtEnd
        else { throw ModuleImage.damaged() }
        let definedCount = module.functionTypeIndices.count - module.importedFunctionCount
        guard starts.count == definedCount, zip(starts, starts.dropFirst()).allSatisfy({ $0 < $1 }),
              starts.allSatisfy({ $0 < code.count }),
              offsets.allSatisfy({ $0.pc >= 0 && Int($0.pc) <= code.count && $0.offset >= 0 && Int($0.offset) <= module.bytes.count })
        else { throw ModuleImage.damaged("machine code tables do not match the module") }
        return try MachineCode(bytes: Array(code), functionStarts: starts, offsets: offsets,
                               importedFunctionCount: module.importedFunctionCount, assumesGuardedMemory: guarded,
                               tailSlots: Int(tailSlots), features: features)
    }
}
