import Glibc
import SwasmCore
import Testing
@testable import SwasmWASI

/// WASI functions called directly, on a guest memory of the test's own:
/// buffers at the very end of memory, stdin bytes read through an empty
/// first buffer, preview0's (`wasi_unstable`) layouts, and timers.
@Suite struct CallTests {
    /// Calls `name` of `module` with `args` (i32 and i64 alike, one slot
    /// each) on `memory`; returns its errno (0: success).
    func call(_ name: String, module: String = WASI.moduleName, _ args: [UInt64], _ context: WASIContext,
              _ memory: GuestMemory) throws -> UInt16 {
        let slots = UnsafeMutableRawPointer.allocate(byteCount: max(args.count, 1) * Slot.size, alignment: 16)
        defer { slots.deallocate() }
        for (i, a) in args.enumerated() { slots.storeBytes(of: a, toByteOffset: i * Slot.size, as: UInt64.self) }
        do {
            try WASI.functions(of: module)[name]!.body(context, WASICall(slots: slots, memory: memory))
            return 0
        } catch let e as Errno {
            return e.rawValue
        }
    }

    /// A zeroed 64 KiB guest memory.
    final class SmallMemory {
        let base = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)
        init() { base.initializeMemory(as: UInt8.self, repeating: 0, count: 1 << 16) }
        deinit { base.deallocate() }
        var guest: GuestMemory { GuestMemory(base: base, size: 1 << 16) }
        func u32(_ a: Int) -> UInt32 { base.loadUnaligned(fromByteOffset: a, as: UInt32.self) }
        func u64(_ a: Int) -> UInt64 { base.loadUnaligned(fromByteOffset: a, as: UInt64.self) }
        func set32(_ a: Int, _ v: UInt32) { base.storeBytes(of: v, toByteOffset: a, as: UInt32.self) }
        func set64(_ a: Int, _ v: UInt64) { base.storeBytes(of: v, toByteOffset: a, as: UInt64.self) }
    }

    /// Strings that end exactly at the end of a 4 GiB memory (the next
    /// string's address is 2^32) are written, not a crash.
    @Test func stringsEndingAt4GiB() throws {
        let size = 1 << 32
        guard let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0),
              p != MAP_FAILED else { return }
        defer { munmap(p, size) }
        let memory = GuestMemory(base: p, size: UInt64(size))
        let context = try WASIContext(arguments: ["prog", "abc"], environment: ["A=B"])
        #expect(try call("args_get", [0, UInt64(size - 9)], context, memory) == 0)
        #expect(String(cString: p.advanced(by: size - 9).assumingMemoryBound(to: CChar.self)) == "prog")
        #expect(try call("environ_get", [0, UInt64(size - 4)], context, memory) == 0)
        #expect(String(cString: p.advanced(by: size - 4).assumingMemoryBound(to: CChar.self)) == "A=B")
    }

    /// A memory64 larger than 4 GiB is seen by WASI (32-bit addresses) up to
    /// 4 GiB: an iovec array ending past it is EFAULT, not a host crash.
    @Test func memory64BeyondFourGiB() throws {
        // (import "wasi_snapshot_preview1" "fd_write" ...) (memory (export "memory") i64 65537)
        // (func (export "_start") (drop (call $fdw (i32.const 1) (i32.const 0xFFFFFFF8) (i32.const 2) (i32.const 16))))
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x02, 0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x00, 0x00, 0x02, 0x23, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69, 0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72, 0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x08, 0x66, 0x64, 0x5f, 0x77, 0x72, 0x69, 0x74, 0x65, 0x00, 0x00, 0x03, 0x02, 0x01, 0x01, 0x05, 0x05, 0x01, 0x04, 0x81, 0x80, 0x04, 0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, 0x02, 0x00, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x01, 0x0a, 0x0f, 0x01, 0x0d, 0x00, 0x41, 0x01, 0x41, 0x78, 0x41, 0x02, 0x41, 0x10, 0x10, 0x00, 0x1a, 0x0b, 0x00, 0x0d, 0x04, 0x6e, 0x61, 0x6d, 0x65, 0x01, 0x06, 0x01, 0x00, 0x03, 0x66, 0x64, 0x77]
        let engine = Engine(config: EngineConfig())
        let store = Store(engine: engine)
        let context = try WASIContext()
        let compiled = try CompiledModule(engine: engine, bytes: bytes)
        let instance = try Instance(store: store, compiled: compiled, imports: try WASI.imports(for: compiled, store: store, context: context))
        guard case .function(let start)? = instance.export("_start") else { Issue.record("no _start"); return }
        #expect(try start.call([]) == [])  // fd_write's EFAULT is dropped; before, the host crashed
    }

    /// stdin given as bytes fills the buffers after an empty first one (how
    /// musl's stdio reads a character).
    @Test func stdinBytesAfterAnEmptyBuffer() throws {
        let m = SmallMemory()
        let context = try WASIContext(stdin: .bytes(Array("hello".utf8)))
        m.set32(0, 100); m.set32(4, 0)    // iovec 0: empty
        m.set32(8, 100); m.set32(12, 16)  // iovec 1: 16 bytes at 100
        #expect(try call("fd_read", [0, 0, 2, 200], context, m.guest) == 0)
        #expect(m.u32(200) == 5)
        #expect(String(decoding: UnsafeRawBufferPointer(start: m.base + 100, count: 5), as: UTF8.self) == "hello")
    }

    /// preview0 seeks with its own `whence` values (cur 0, end 1, set 2) and
    /// writes its 56-byte `filestat` (a 32-bit link count).
    @Test func preview0SeekAndFilestat() throws {
        let fixture = SandboxFixture()
        SandboxFixture.write(fixture.sandbox + "/ten.txt", "0123456789")
        let context = try WASIContext()
        let dir = try context.preopen(hostPath: fixture.sandbox, guestPath: "/d")
        let m = SmallMemory()
        let name = Array("ten.txt".utf8)
        for (i, b) in name.enumerated() { m.base.storeBytes(of: b, toByteOffset: 300 + i, as: UInt8.self) }
        #expect(try call("path_open", [UInt64(dir), 0, 300, UInt64(name.count), 0, Rights.all, Rights.all, 0, 400], context, m.guest) == 0)
        let fd = UInt64(m.u32(400))
        // Offset 3 from whence 2: preview0's set (3), preview1's end (13).
        #expect(try call("fd_seek", module: "wasi_unstable", [fd, 3, 2, 500], context, m.guest) == 0)
        #expect(m.u64(500) == 3)
        #expect(try call("fd_seek", [fd, 3, 2, 500], context, m.guest) == 0)
        #expect(m.u64(500) == 13)

        m.set64(600 + 56, 0x5A5A_5A5A_5A5A_5A5A)
        #expect(try call("fd_filestat_get", module: "wasi_unstable", [fd, 600], context, m.guest) == 0)
        #expect(m.base.load(fromByteOffset: 616, as: UInt8.self) == FileType.regularFile)
        #expect(m.u32(620) == 1)     // nlink
        #expect(m.u64(624) == 10)    // size
        #expect(m.u64(656) == 0x5A5A_5A5A_5A5A_5A5A)
        #expect(try call("path_filestat_get", module: "wasi_unstable", [UInt64(dir), 0, 300, UInt64(name.count), 700], context, m.guest) == 0)
        #expect(m.u64(724) == 10)
        #expect(try call("fd_filestat_get", [fd, 800], context, m.guest) == 0)
        #expect(m.u64(824) == 1 && m.u64(832) == 10)
    }

    /// A preopen's permissions: writing files and changing the directory are
    /// separate rights (a writable directory with read-only files, and the
    /// reverse, as wasmtime's DirPerms and FilePerms).
    @Test func preopenPermissions() throws {
        let fixture = SandboxFixture()
        let m = SmallMemory()
        func put(_ text: String, at a: Int) -> [UInt64] {
            let bytes = Array(text.utf8)
            for (i, b) in bytes.enumerated() { m.base.storeBytes(of: b, toByteOffset: a + i, as: UInt8.self) }
            return [UInt64(a), UInt64(bytes.count)]
        }
        let creat: UInt64 = 1, trunc: UInt64 = 8
        let write = Rights.fdWrite | Rights.fdRead
        m.set32(0, 100); m.set32(4, 3)  // ciovec: 3 bytes at 100

        let filesReadOnly = try WASIContext()
        let a = UInt64(try filesReadOnly.preopen(hostPath: fixture.sandbox, guestPath: "/d",
                                                  permissions: PreopenPermissions(writeFiles: false)))
        #expect(try call("path_open", [a, 0] + put("inside.txt", at: 300) + [0, write, write, 0, 400], filesReadOnly, m.guest) == 0)
        #expect(try call("fd_write", [UInt64(m.u32(400)), 0, 1, 500], filesReadOnly, m.guest) == Errno.notcapable.rawValue)
        #expect(try call("path_open", [a, 0] + put("inside.txt", at: 300) + [trunc, write, write, 0, 400], filesReadOnly, m.guest)
            == Errno.notcapable.rawValue)
        #expect(try call("path_create_directory", [a] + put("made", at: 300), filesReadOnly, m.guest) == 0)

        let directoryReadOnly = try WASIContext()
        let b = UInt64(try directoryReadOnly.preopen(hostPath: fixture.sandbox, guestPath: "/d",
                                                      permissions: PreopenPermissions(writeDirectory: false)))
        #expect(try call("path_open", [b, 0] + put("new.txt", at: 300) + [creat, write, write, 0, 400], directoryReadOnly, m.guest)
            == Errno.notcapable.rawValue)
        #expect(try call("path_unlink_file", [b] + put("inside.txt", at: 300), directoryReadOnly, m.guest) == Errno.notcapable.rawValue)
        #expect(try call("path_create_directory", [b] + put("made2", at: 300), directoryReadOnly, m.guest) == Errno.notcapable.rawValue)
        #expect(try call("path_open", [b, 0] + put("inside.txt", at: 300) + [0, write, write, 0, 400], directoryReadOnly, m.guest) == 0)
        #expect(try call("fd_write", [UInt64(m.u32(400)), 0, 1, 500], directoryReadOnly, m.guest) == 0)

        var st = stat()
        #expect(stat(fixture.sandbox + "/made", &st) == 0 && stat(fixture.sandbox + "/made2", &st) != 0)
        #expect(access(fixture.sandbox + "/new.txt", F_OK) != 0 && access(fixture.sandbox + "/inside.txt", F_OK) == 0)
    }

    /// Timers: preview0's clock subscription has an identifier first; a timer
    /// on a CPU-time clock is an EINVAL event (that clock stands still while
    /// the process sleeps), not a wait that never ends.
    @Test func pollTimers() throws {
        let m = SmallMemory()
        let context = try WASIContext()
        m.set64(0, 9)                // userdata
        m.set64(16, 77)              // preview0: identifier
        m.set32(24, 1)               // monotonic
        m.set64(32, 1000)            // 1 µs, relative
        #expect(try call("poll_oneoff", module: "wasi_unstable", [0, 100, 1, 200], context, m.guest) == 0)
        #expect(m.u32(200) == 1 && m.u64(100) == 9 && m.base.loadUnaligned(fromByteOffset: 108, as: UInt16.self) == 0)

        let cpu = SmallMemory()
        cpu.set64(0, 5)
        cpu.set32(16, 2)             // process CPU time
        cpu.set64(24, 1_000_000)
        #expect(try call("poll_oneoff", [0, 100, 1, 200], context, cpu.guest) == 0)
        #expect(cpu.u32(200) == 1 && cpu.u64(100) == 5 && cpu.base.loadUnaligned(fromByteOffset: 108, as: UInt16.self) == Errno.inval.rawValue)
    }
}
