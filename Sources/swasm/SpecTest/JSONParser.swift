/// A JSON parser over UTF-8 bytes: objects, arrays, strings with every
/// escape (`\uXXXX` surrogate pairs too), numbers, `true`, `false` and
/// `null`, with nothing but whitespace around the value (RFC 8259). Like
/// `JSONDecoder`, which the spec runner used before, it also skips a byte
/// order mark at the start, accepts one trailing comma in an array or
/// object, and keeps the first of duplicate keys. Malformed input, invalid
/// UTF-8, unpaired surrogates and nesting deeper than `maxDepth` throw a
/// `JSONError` rather than crash.
struct JSONParser {
    /// The deepest nesting of arrays and objects accepted: far beyond any
    /// spec script's, and shallow enough that the recursion cannot
    /// overflow the stack.
    static let maxDepth = 512

    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The value `bytes` holds.
    static func parse(_ bytes: [UInt8]) throws(JSONError) -> JSONValue {
        var parser = JSONParser(bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.position = 3 }
        parser.skipWhitespace()
        let value = try parser.value()
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected data after the value") }
        return value
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func error(_ message: String) -> JSONError { JSONError(message: message, offset: position) }

    private mutating func skipWhitespace() {
        while let b = current, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { position += 1 }
    }

    private mutating func expect(_ byte: UInt8) throws(JSONError) {
        guard current == byte else { throw error("expected '\(Character(Unicode.Scalar(byte)))'") }
        position += 1
    }

    private mutating func value() throws(JSONError) -> JSONValue {
        guard let b = current else { throw error("unexpected end of data") }
        switch b {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard depth < Self.maxDepth else { throw error("too deeply nested") }
            depth += 1
            defer { depth -= 1 }
            return b == UInt8(ascii: "{") ? try object() : try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character")
        }
    }

    private mutating func object() throws(JSONError) -> JSONValue {
        position += 1
        var members: [String: JSONValue] = [:]
        if closes(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try string()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            skipWhitespace()
            let value = try value()
            if members[key] == nil { members[key] = value }
            if closes(UInt8(ascii: "}")) { return .object(members) }
            try expect(UInt8(ascii: ","))
            if closes(UInt8(ascii: "}")) { return .object(members) }
        }
    }

    private mutating func array() throws(JSONError) -> JSONValue {
        position += 1
        var elements: [JSONValue] = []
        if closes(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try value())
            if closes(UInt8(ascii: "]")) { return .array(elements) }
            try expect(UInt8(ascii: ","))
            if closes(UInt8(ascii: "]")) { return .array(elements) }
        }
    }

    /// Skips whitespace, then `end` if it is next; returns whether it was.
    private mutating func closes(_ end: UInt8) -> Bool {
        skipWhitespace()
        guard current == end else { return false }
        position += 1
        return true
    }

    private mutating func literal(_ word: String) throws(JSONError) {
        guard bytes[position...].starts(with: word.utf8) else { throw error("unexpected character") }
        position += word.utf8.count
    }

    /// A string from its opening quote; raw bytes must be valid UTF-8 and
    /// no control characters.
    private mutating func string() throws(JSONError) -> String {
        let start = position
        position += 1
        var utf8: [UInt8] = []
        while true {
            guard let b = current else { throw error("unterminated string") }
            switch b {
            case UInt8(ascii: "\""):
                position += 1
                guard let s = String(validating: utf8, as: UTF8.self) else {
                    throw JSONError(message: "invalid UTF-8 in string", offset: start)
                }
                return s
            case UInt8(ascii: "\\"):
                position += 1
                try escape(into: &utf8)
            case 0..<0x20:
                throw error("unescaped control character in string")
            default:
                utf8.append(b)
                position += 1
            }
        }
    }

    /// The escape after a backslash, appended to `utf8` as UTF-8.
    private mutating func escape(into utf8: inout [UInt8]) throws(JSONError) {
        guard let b = current else { throw error("unterminated string") }
        position += 1
        let simple: UInt8
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): simple = b
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            utf8.append(contentsOf: UTF8.encode(try unicodeEscape())!)
            return
        default:
            position -= 1
            throw error("invalid escape")
        }
        utf8.append(simple)
    }

    /// The scalar of a `\uXXXX` escape (after the `u`), joining a surrogate pair.
    private mutating func unicodeEscape() throws(JSONError) -> Unicode.Scalar {
        let unit = try hex4()
        switch unit {
        case 0xD800..<0xDC00:
            guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                throw error("high surrogate without a low surrogate")
            }
            position += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw error("high surrogate without a low surrogate") }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        case 0xDC00..<0xE000:
            throw error("low surrogate without a high surrogate")
        default:
            return Unicode.Scalar(unit)!
        }
    }

    private mutating func hex4() throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let b = current, let digit = hexDigit(b) else { throw error("expected 4 hex digits") }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    private func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`: an integer
    /// when written as one that fits, or (as `JSONDecoder` reads an `Int`)
    /// when its double is a whole number within ±2^63; else a double.
    private mutating func number() throws(JSONError) -> JSONValue {
        let start = position
        if current == UInt8(ascii: "-") { position += 1 }
        if current == UInt8(ascii: "0") {
            position += 1
        } else {
            try digits()
        }
        var integral = true
        if current == UInt8(ascii: ".") {
            integral = false
            position += 1
            try digits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            integral = false
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            try digits()
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if integral, let i = Int(text) { return .integer(i) }
        guard let d = Double(text), d.isFinite else { throw JSONError(message: "number out of range", offset: start) }
        if !integral, d.magnitude < 0x1p63, let i = Int(exactly: d) { return .integer(i) }
        return .number(d)
    }

    private mutating func digits() throws(JSONError) {
        guard let b = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) else { throw error("expected a digit") }
        while let b = current, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) { position += 1 }
    }
}

/// Why `JSONParser` rejected its input, and at which byte offset.
struct JSONError: Error, CustomStringConvertible {
    let message: String
    let offset: Int

    var description: String { "JSON: \(message) at byte \(offset)" }
}
