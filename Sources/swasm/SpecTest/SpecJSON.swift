import Foundation

/// Reads the JSON files of the converted spec scripts into the Foundation
/// values `JSONSerialization` gives (dictionaries, arrays, strings, numbers).
/// `JSONSerialization` drops a U+FEFF at the start of a string value (and
/// names.wast exports a function named "\u{FEFF}"), so the file is decoded
/// with `JSONDecoder`, which keeps every character of a string.
enum SpecJSON {
    /// The top-level object of `data`, or nil when it is not a JSON object.
    static func object(from data: Data) -> [String: Any]? {
        (try? JSONDecoder().decode(Value.self, from: data))?.foundation as? [String: Any]
    }

    /// Any JSON value.
    private enum Value: Decodable {
        case object([String: Value])
        case array([Value])
        case string(String)
        case integer(Int)
        case number(Double)
        case bool(Bool)
        case null

        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let o = try? c.decode([String: Value].self) {
                self = .object(o)
            } else if let a = try? c.decode([Value].self) {
                self = .array(a)
            } else if let i = try? c.decode(Int.self) {
                self = .integer(i)
            } else if let d = try? c.decode(Double.self) {
                self = .number(d)
            } else if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if c.decodeNil() {
                self = .null
            } else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a JSON value")
            }
        }

        /// The value as `JSONSerialization` would give it.
        var foundation: Any {
            switch self {
            case .object(let o): return o.mapValues(\.foundation)
            case .array(let a): return a.map(\.foundation)
            case .string(let s): return s
            case .integer(let i): return i
            case .number(let d): return d
            case .bool(let b): return b
            case .null: return NSNull()
            }
        }
    }
}
