/// The validator's feature checks: which proposal each instruction and
/// module-level construct belongs to, and the errors for disabled ones.
extension Features {
    /// Whether a one-byte opcode (or prefix) belongs to some proposal, so
    /// that the validator looks it up (`required(byOpcode:sub:)`).
    static let gatedOpcodes: [Bool] = (0..<256).map { b in
        // A prefix is gated when some sub-opcode is; 0xFC's bulk-memory and saturating ones are not.
        b == 0xFC || !required(byOpcode: UInt8(b), sub: nil).isEmpty
    }

    /// The features instruction `byte` (with sub-opcode `sub` after a
    /// prefix) needs.
    static func required(byOpcode byte: UInt8, sub: UInt32?) -> Features {
        switch byte {
        case 0x08, 0x0A, 0x1F: return .exceptions
        case 0x12, 0x13: return .tailCall
        case 0x14, 0xD4, 0xD5, 0xD6: return .functionReferences
        case 0x15: return [.tailCall, .functionReferences]
        case 0x1C, 0x25, 0x26, 0xD0, 0xD1, 0xD2: return .referenceTypes
        case 0xD3: return .gc  // ref.eq
        case 0xFC:
            switch sub ?? 0 {
            case 15, 16, 17: return .referenceTypes
            case 19...22: return .wideArithmetic
            default: return []
            }
        case 0xFB: return .gc
        case 0xFD: return (sub ?? 0) >= 0x100 ? [.simd, .relaxedSimd] : .simd
        case 0xFE: return .threads
        default: return []
        }
    }

    /// The names of the features in `self`, for messages.
    var names: String { Self.named.filter { contains($0.feature) }.map(\.name).joined(separator: ", ") }
}

/// The error for a construct whose feature is disabled.
func disabledFeature(_ missing: Features, _ offset: Int = 0) -> WasmError {
    invalid("\(missing.names) support is not enabled", offset)
}

extension FunctionValidator {
    /// Rejects instruction `byte` at `start` (its sub-opcode, if any, not yet
    /// read) when it belongs to a disabled feature.
    @inline(__always) func checkFeature(of byte: UInt8, at start: Int) throws(WasmError) {
        guard Features.gatedOpcodes[Int(byte)] else { return }
        var peek = r
        let sub = byte >= 0xFC ? try? peek.readU32() : nil
        let missing = Features.required(byOpcode: byte, sub: sub).subtracting(context.features)
        if !missing.isEmpty { throw disabledFeature(missing, start) }
    }
}

extension ModuleValidator {
    /// Rejects the module-level constructs of disabled features (the limits
    /// flags of shared, 64-bit and custom-page-size memories are rejected by
    /// the decoder already).
    func checkFeatures() throws(WasmError) {
        let m = module
        if !features.contains(.multiMemory) && m.memories.count > 1 { throw invalid("multiple memories") }
        if !features.contains(.referenceTypes) {
            if m.tables.count > 1 { throw invalid("multiple tables") }
            let signatures = m.types.flatMap { $0.params + $0.results }
            let locals = m.bodies.flatMap { $0.locals.map(\.type) }
            if (signatures + locals + m.globals.map(\.valueType)).contains(where: \.isReference) {
                throw disabledFeature(.referenceTypes)
            }
        }
        if !features.contains(.simd) {
            let types = m.types.flatMap { $0.params + $0.results } + m.bodies.flatMap { $0.locals.map(\.type) } + m.globals.map(\.valueType)
            if types.contains(.v128) { throw disabledFeature(.simd) }
        }
        if !features.contains(.exceptions) && !m.tags.isEmpty { throw disabledFeature(.exceptions) }
        if !features.contains(.gc) {
            let gcTypes = m.subTypes.contains { t in
                if case .function = t.composite { return !t.isFinal || !t.supertypes.isEmpty }
                return true
            }
            if gcTypes || m.recGroups.contains(where: { $0.count > 1 }) { throw disabledFeature(.gc) }
        }
        if !features.contains(.extendedConst) {
            var exprs = m.globalDefinitions.map(\.initializer) + m.tableDefinitions.compactMap(\.initializer)
            for seg in m.elements {
                exprs += seg.items
                if case .active(_, let offset) = seg.mode { exprs.append(offset) }
            }
            for seg in m.data { if case .active(_, let offset) = seg.mode { exprs.append(offset) } }
            for e in exprs {
                for i in e.instructions {
                    switch i {
                    case .i32Add, .i32Sub, .i32Mul, .i64Add, .i64Sub, .i64Mul: throw invalid("constant expression required")
                    default: break
                    }
                }
            }
        }
    }
}
