@testable import SwasmCore

/// Builds small binary modules for tests, section by section.
struct ModuleBytes {
    var bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

    static func uleb(_ v: UInt64) -> [UInt8] {
        var v = v, out: [UInt8] = []
        repeat {
            var b = UInt8(v & 0x7F)
            v >>= 7
            if v != 0 { b |= 0x80 }
            out.append(b)
        } while v != 0
        return out
    }

    mutating func section(_ id: UInt8, _ content: [UInt8]) {
        bytes.append(id)
        bytes += Self.uleb(UInt64(content.count)) + content
    }

    /// A module with one function of type `params -> results` and body `code` (without the final `end`), exported as "f".
    static func function(params: [UInt8] = [], results: [UInt8] = [], locals: [UInt8] = [0], code: [UInt8], memory: Bool = false) -> [UInt8] {
        var m = ModuleBytes()
        m.section(1, [1, 0x60] + uleb(UInt64(params.count)) + params + uleb(UInt64(results.count)) + results)
        m.section(3, [1, 0])
        if memory { m.section(5, [1, 0, 1]) }
        m.section(7, [1, 1, UInt8(ascii: "f"), 0, 0])
        let body = locals + code + [0x0B]
        m.section(10, [1] + uleb(UInt64(body.count)) + body)
        return m.bytes
    }
}

/// The error message of decoding+validating `bytes`, or nil when valid.
func moduleError(_ bytes: [UInt8]) -> String? {
    do {
        _ = try Module.parse(bytes)
        return nil
    } catch {
        return (error as WasmError).message
    }
}
