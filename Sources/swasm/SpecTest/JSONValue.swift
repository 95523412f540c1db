/// A JSON value as `JSONParser` reads it: numbers that are whole and fit in
/// an `Int` are integers (see `JSONParser.number`), other numbers doubles;
/// strings keep every character (a leading U+FEFF too).
enum JSONValue {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case null

    var object: [String: JSONValue]? {
        if case .object(let o) = self { return o }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    var integer: Int? {
        if case .integer(let i) = self { return i }
        return nil
    }

    /// The elements of an array whose elements are all objects.
    var objects: [[String: JSONValue]]? {
        guard let a = array else { return nil }
        let objects = a.compactMap(\.object)
        return objects.count == a.count ? objects : nil
    }

    /// The elements of an array whose elements are all strings.
    var strings: [String]? {
        guard let a = array else { return nil }
        let strings = a.compactMap(\.string)
        return strings.count == a.count ? strings : nil
    }
}

/// Prints a value as Swift prints the `[String: Any]`, `[Any]`, `String`,
/// `Int`, `Double`, `Bool` or `NSNull` that `JSONSerialization` would give,
/// so messages quoting an expected value read as they always have.
extension JSONValue: CustomStringConvertible, CustomDebugStringConvertible {
    var description: String {
        switch self {
        case .object(let o): return o.description
        case .array(let a): return a.description
        case .string(let s): return s
        case .integer(let i): return i.description
        case .number(let d): return d.description
        case .bool(let b): return b.description
        case .null: return "<null>"
        }
    }

    var debugDescription: String {
        switch self {
        case .string(let s): return s.debugDescription
        case .number(let d): return d.debugDescription
        default: return description
        }
    }
}
