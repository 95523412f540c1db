import Testing
@testable import SwasmCore

@Suite struct DecoderTests {
    func readU32(_ bytes: [UInt8]) throws -> UInt32 {
        try bytes.withUnsafeBufferPointer { buf in
            var r = ByteReader(bytes: buf)
            return try r.readU32()
        }
    }

    func readS32(_ bytes: [UInt8]) throws -> UInt32 {
        try bytes.withUnsafeBufferPointer { buf in
            var r = ByteReader(bytes: buf)
            return try r.readI32()
        }
    }

    @Test func lebEdges() throws {
        #expect(try readU32([0x00]) == 0)
        #expect(try readU32([0x7F]) == 127)
        #expect(try readU32([0x80, 0x01]) == 128)
        #expect(try readU32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]) == UInt32.max)
        #expect(try readU32([0x80, 0x80, 0x80, 0x80, 0x00]) == 0)   // padded but within 5 bytes
        #expect(try readS32([0x7F]) == UInt32(bitPattern: -1))
        #expect(try readS32([0x80, 0x80, 0x80, 0x80, 0x78]) == UInt32(bitPattern: Int32.min))
        #expect(try readS32([0xFF, 0xFF, 0xFF, 0xFF, 0x07]) == UInt32(Int32.max))
    }

    @Test func lebOverlongAndTooLarge() {
        #expect(throws: WasmError.self) { try readU32([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) }
        #expect((try? readU32([0xFF, 0xFF, 0xFF, 0xFF, 0x1F])) == nil)
        #expect((try? readS32([0xFF, 0xFF, 0xFF, 0xFF, 0x0F])) == nil)
        #expect((try? readU32([0x80])) == nil)
        do { _ = try readU32([0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) } catch let e as WasmError { #expect(e.message == "integer representation too long") } catch {}
        do { _ = try readU32([0xFF, 0xFF, 0xFF, 0xFF, 0x1F]) } catch let e as WasmError { #expect(e.message == "integer too large") } catch {}
    }

    @Test func lebCheckOrder() {
        // Unused bits of the last byte are checked before its continuation bit.
        #expect((try? readU32([0xFF, 0xFF, 0xFF, 0xFF, 0x90, 0x00])) == nil)
        do { _ = try readU32([0xFF, 0xFF, 0xFF, 0xFF, 0x90, 0x00]) } catch let e as WasmError { #expect(e.message == "integer too large") } catch {}
        // A 7-bit number (a type form) has no room for a second byte.
        var m = ModuleBytes()
        m.section(1, [1, 0xE0, 0x7F, 0, 0])
        #expect(moduleError(m.bytes) == "integer representation too long")
    }

    @Test func header() {
        #expect(moduleError([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]) == nil)
        #expect(moduleError([0x00, 0x61, 0x73]) == "unexpected end")
        #expect(moduleError([0x01]) == "unexpected end")
        #expect(moduleError([0x01, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]) == "magic header not detected")
        #expect(moduleError([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]) == "unknown binary version")
    }

    @Test func sectionOrderAndSize() {
        var m = ModuleBytes()
        m.section(3, [0])
        m.section(1, [0])
        #expect(moduleError(m.bytes) == "unexpected content after last section")
        var dup = ModuleBytes()
        dup.section(1, [0])
        dup.section(1, [0])
        #expect(moduleError(dup.bytes) == "unexpected content after last section")
        var bad = ModuleBytes()
        bad.section(14, [])
        #expect(moduleError(bad.bytes) == "malformed section id")
        var short = ModuleBytes()
        short.bytes += [1, 5, 0]   // type section claims 5 bytes, has 1
        #expect(moduleError(short.bytes) == "length out of bounds")
        var long = ModuleBytes()
        long.section(1, [0, 0])    // one byte left over inside the section
        #expect(moduleError(long.bytes) == "section size mismatch")
        var custom = ModuleBytes()
        custom.section(0, [2, 0x68, 0x69, 1, 2, 3])
        #expect(moduleError(custom.bytes) == nil)
    }

    @Test func limits() {
        var ok = ModuleBytes()
        ok.section(5, [1, 1, 1, 2])
        #expect(moduleError(ok.bytes) == nil)
        var flags = ModuleBytes()
        flags.section(5, [1, 0x10, 1])
        #expect(moduleError(flags.bytes) == "malformed limits flags")
        var minMax = ModuleBytes()
        minMax.section(5, [1, 1, 2, 1])
        #expect(moduleError(minMax.bytes) == "size minimum must not be greater than maximum")
        var huge = ModuleBytes()
        huge.section(5, [1, 0] + ModuleBytes.uleb(65537))
        #expect(moduleError(huge.bytes)?.hasPrefix("memory size") == true)
    }

    @Test func functionAndCodeCounts() {
        var m = ModuleBytes()
        m.section(1, [1, 0x60, 0, 0])
        m.section(3, [1, 0])
        #expect(moduleError(m.bytes) == "function and code section have inconsistent lengths")
        // The counts are compared after the last section.
        var twice = ModuleBytes()
        twice.section(1, [1, 0x60, 0, 0])
        twice.section(3, [2, 0, 0])
        twice.section(10, [1, 2, 0, 0x0B])
        twice.section(10, [1, 2, 0, 0x0B])
        #expect(moduleError(twice.bytes) == "unexpected content after last section")
    }

    @Test func readsRunPastSectionEnd() {
        // The second export's name length is read from the code section.
        var m = ModuleBytes()
        m.section(1, [1, 0x60, 0, 0])
        m.section(3, [2, 0, 0])
        m.section(7, [2, 2, UInt8(ascii: "f"), UInt8(ascii: "1"), 0, 0])
        m.section(10, [2, 2, 0, 0x0B, 2, 0, 0x0B])
        #expect(moduleError(m.bytes) == "length out of bounds")
    }

    @Test func malformedBodyBeforeLaterSections() {
        // The load's offset runs past the body and its section; the bytes
        // after it are no valid section, but the body is reported first.
        var m = ModuleBytes()
        m.section(1, [1, 0x60, 0, 0])
        m.section(3, [1, 0])
        m.section(5, [1, 0, 1])
        let body: [UInt8] = [0, 0x41, 0, 0x28, 2, 0x82, 0x80, 0x80]
        m.section(10, [1, UInt8(body.count)] + body)
        m.bytes += [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x1A, 0x0B]
        #expect(moduleError(m.bytes) == "integer representation too long")
    }

    @Test func alignmentBeforeOffset() {
        let bytes = ModuleBytes.function(code: [0x41, 0, 0x28, 0x3F] + ModuleBytes.uleb(UInt64.max) + [0x1A], memory: true)
        #expect(moduleError(bytes) == "alignment must not be larger than natural")
    }

    @Test func constantExpressionReadToItsEnd() {
        // A global's initializer missing its `end` runs into the code
        // section, whose bytes read as instructions until the module ends.
        var m = ModuleBytes()
        m.section(1, [1, 0x60, 0, 0])
        m.section(3, [1, 0])
        m.section(6, [1, 0x7F, 0, 0x41, 0])
        m.section(10, [1, 2, 0, 0x0B])
        #expect(moduleError(m.bytes) == "unexpected end of section or function")
    }

    @Test func names() {
        var m = ModuleBytes()
        m.section(7, [1, 2, 0xC0, 0x80, 0, 0])   // overlong UTF-8
        #expect(moduleError(m.bytes) == "malformed UTF-8 encoding")
    }

    @Test func tags() {
        var m = ModuleBytes()
        m.section(1, [2, 0x60, 1, 0x7F, 0, 0x60, 0, 1, 0x7F])   // (i32) -> (), () -> (i32)
        m.section(13, [1, 0, 0])                               // tag of type 0
        m.section(7, [1, 1, UInt8(ascii: "t"), 4, 0])          // export it
        #expect(moduleError(m.bytes) == nil)
        var withResult = ModuleBytes()
        withResult.section(1, [1, 0x60, 0, 1, 0x7F])
        withResult.section(13, [1, 0, 0])
        #expect(moduleError(withResult.bytes) == "non-empty tag result type")
        var attribute = ModuleBytes()
        attribute.section(1, [1, 0x60, 0, 0])
        attribute.section(13, [1, 1, 0])
        #expect(moduleError(attribute.bytes) == "malformed tag attribute")
    }
}
