import SwasmCore

/// A host object standing for `ref.extern N` in spec scripts.
final class SpecExternRef {
    let number: UInt64
    init(_ number: UInt64) { self.number = number }
}

/// Converts between the JSON value notation of `wasm-tools json-from-wast`
/// and runtime values, and compares results with expectations.
struct SpecValues {
    /// One `SpecExternRef` per number, so identity survives round trips.
    var externRefs: [UInt64: SpecExternRef] = [:]

    mutating func externRef(_ n: UInt64) -> SpecExternRef {
        if let r = externRefs[n] { return r }
        let r = SpecExternRef(n)
        externRefs[n] = r
        return r
    }

    /// Parses an argument value (`store` keeps host objects passed as anyref alive).
    mutating func argument(_ json: [String: JSONValue], store: Store) throws -> Value {
        let type = json["type"]?.string ?? ""
        let text = json["value"]?.string
        switch type {
        case "i32": return .i32(UInt32(truncatingIfNeeded: parseInt(text)))
        case "i64": return .i64(parseInt(text))
        case "f32": return .f32(UInt32(truncatingIfNeeded: parseInt(text)))
        case "f64": return .f64(parseInt(text))
        case "v128": return .v128(try v128(json))
        case "externref":
            guard let text, text != "null" else { return .externref(nil) }
            return .externref(externRef(parseInt(text)))
        case "funcref":
            return .funcref(nil)
        case "anyref":
            // `ref.host N` passed in the any hierarchy: the host object, converted.
            guard let text, text != "null" else { return .anyref(nil) }
            return .anyref(AnyRef(host: externRef(parseInt(text)), store: store))
        default:
            if text == "null" || text == nil { return .funcref(nil) }
            throw SpecError("unsupported argument type \(type)")
        }
    }

    func parseInt(_ text: String?) -> UInt64 {
        guard let text else { return 0 }
        if text.hasPrefix("-") { return UInt64(bitPattern: Int64(text) ?? 0) }
        return UInt64(text) ?? 0
    }

    /// Packs the lanes of a v128 JSON value.
    func v128(_ json: [String: JSONValue]) throws -> V128 {
        guard let lanes = json["value"]?.strings, let laneType = json["lane_type"]?.string else {
            throw SpecError("malformed v128 value")
        }
        let bits: Int
        switch laneType {
        case "i8": bits = 8
        case "i16": bits = 16
        case "i32", "f32": bits = 32
        default: bits = 64
        }
        var bytes = [UInt8](repeating: 0, count: 16)
        for (i, lane) in lanes.enumerated() {
            let v = lane.hasPrefix("nan") ? 0 : parseInt(lane)
            for k in 0..<(bits / 8) { bytes[i * bits / 8 + k] = UInt8(truncatingIfNeeded: v >> UInt64(k * 8)) }
        }
        var lo: UInt64 = 0, hi: UInt64 = 0
        for k in 0..<8 {
            lo |= UInt64(bytes[k]) << UInt64(k * 8)
            hi |= UInt64(bytes[k + 8]) << UInt64(k * 8)
        }
        return V128(lo: lo, hi: hi)
    }

    /// Whether `actual` satisfies the expectation `json`.
    mutating func matches(_ actual: Value, _ json: [String: JSONValue]) -> Bool {
        let type = json["type"]?.string ?? ""
        if type == "either", let options = json["values"]?.objects {
            return options.contains { matches(actual, $0) }
        }
        let text = json["value"]?.string
        switch (type, actual) {
        case ("i32", .i32(let v)): return v == UInt32(truncatingIfNeeded: parseInt(text))
        case ("i64", .i64(let v)): return v == parseInt(text)
        case ("f32", .f32(let v)): return floatMatches(UInt64(v), text, bits: 32)
        case ("f64", .f64(let v)): return floatMatches(v, text, bits: 64)
        case ("v128", .v128(let v)): return v128Matches(v, json)
        case ("funcref", .funcref(let f)):
            if text == "null" { return f == nil }
            return f != nil
        case ("externref", .externref(let o)):
            guard let text else { return o != nil }
            if text == "null" { return o == nil }
            return (o as? SpecExternRef)?.number == parseInt(text)
        case ("anyref", .anyref(let a)):
            guard let text else { return a != nil }
            if text == "null" { return a == nil }
            return (a?.hostObject as? SpecExternRef)?.number == parseInt(text)
        case ("eqref", .anyref(let a)), ("i31ref", .anyref(let a)), ("structref", .anyref(let a)), ("arrayref", .anyref(let a)):
            if text == "null" { return a == nil }
            guard let kind = a?.kind else { return false }
            let admitted: [String: [AnyRef.Kind]] = ["eqref": [.i31, .structure, .array], "i31ref": [.i31],
                                                     "structref": [.structure], "arrayref": [.array]]
            return admitted[type]!.contains(kind)
        case ("nullref", .anyref(let a)), ("refnull", .anyref(let a)): return a == nil
        case ("nullref", .funcref(let f)): return f == nil
        case ("exnref", .exnref(let e)):
            if text == "null" { return e == nil }
            return e != nil
        case ("nullexnref", .exnref(let e)), ("refnull", .exnref(let e)): return e == nil
        case ("refnull", .funcref(let f)): return f == nil
        case ("refnull", .externref(let o)): return o == nil
        case ("nullfuncref", .funcref(let f)): return f == nil
        case ("nullexternref", .externref(let o)): return o == nil
        default: return false
        }
    }

    func floatMatches(_ bits: UInt64, _ text: String?, bits width: Int) -> Bool {
        let expMask: UInt64 = width == 32 ? 0x7F80_0000 : 0x7FF0_0000_0000_0000
        let quiet: UInt64 = width == 32 ? 0x0040_0000 : 0x0008_0000_0000_0000
        let payload: UInt64 = width == 32 ? 0x007F_FFFF : 0x000F_FFFF_FFFF_FFFF
        let isNaN = bits & expMask == expMask && bits & payload != 0
        switch text {
        case "nan:canonical": return isNaN && bits & payload == quiet
        case "nan:arithmetic": return isNaN && bits & quiet != 0
        default: return bits == parseInt(text) & (width == 32 ? 0xFFFF_FFFF : UInt64.max)
        }
    }

    func v128Matches(_ v: V128, _ json: [String: JSONValue]) -> Bool {
        guard let lanes = json["value"]?.strings, let laneType = json["lane_type"]?.string else { return false }
        let bits = ["i8": 8, "i16": 16, "i32": 32, "f32": 32][laneType] ?? 64
        for (i, lane) in lanes.enumerated() {
            let bitOffset = i * bits
            let word = bitOffset < 64 ? v.lo : v.hi
            let shifted = word >> UInt64(bitOffset % 64)
            let mask: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
            let actual = shifted & mask
            if laneType.hasPrefix("f") {
                if !floatMatches(actual, lane, bits: bits) { return false }
            } else if actual != parseInt(lane) & mask {
                return false
            }
        }
        return true
    }
}

/// A failure of the spec script itself (not of an assertion).
struct SpecError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
