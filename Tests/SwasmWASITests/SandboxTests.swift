import Glibc
import Testing
@testable import SwasmWASI

/// A sandbox directory next to an "outside" directory, with symlinks that
/// try to escape in every way the resolver must refuse.
final class SandboxFixture {
    let root: String
    let outside: String
    let sandbox: String
    let dirfd: Int32

    init() {
        var template = Array("/tmp/swasm-sandbox-XXXXXX".utf8CString)
        let p = mkdtemp(&template)!
        root = String(cString: p)
        outside = root + "/outside"
        sandbox = root + "/sandbox"
        mkdir(outside, 0o755)
        mkdir(sandbox, 0o755)
        mkdir(sandbox + "/sub", 0o755)
        Self.write(outside + "/secret.txt", "secret")
        Self.write(sandbox + "/inside.txt", "inside")
        Self.write(sandbox + "/sub/file.txt", "file")
        symlink(outside + "/secret.txt", sandbox + "/link_abs")
        symlink("../outside/secret.txt", sandbox + "/link_rel")
        symlink("..", sandbox + "/link_parent")
        symlink("../..", sandbox + "/sub/up")
        symlink("sub/file.txt", sandbox + "/link_ok")
        symlink("../inside.txt", sandbox + "/sub/inner")
        symlink("../outside/created", sandbox + "/dangling_out")
        symlink(outside, sandbox + "/link_abs_dir")
        symlink("loop2", sandbox + "/loop1")
        symlink("loop1", sandbox + "/loop2")
        symlink("self/x", sandbox + "/self")
        dirfd = open(sandbox, O_RDONLY | O_DIRECTORY)
    }

    deinit {
        close(dirfd)
        _ = system("rm -rf '\(root)'")
    }

    static func write(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
    }

    /// Names in the outside directory and the secret's content: must never change.
    func outsideState() -> [String] {
        var names: [String] = []
        if let d = opendir(outside) {
            while let e = readdir(d) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(d)
        }
        var st = stat()
        stat(outside + "/secret.txt", &st)
        return names.sorted() + ["size=\(st.st_size)", "mtime=\(st.st_mtim.tv_sec)"]
    }

    func readAll(_ fd: Int32) -> String {
        var buf = [UInt8](repeating: 0, count: 256)
        let n = read(fd, &buf, buf.count)
        return String(decoding: buf[0..<max(0, n)], as: UTF8.self)
    }
}

func openError(_ f: SandboxFixture, _ path: String, flags: Int32 = O_RDONLY, follow: Bool = true) -> Errno? {
    do {
        let fd = try Sandbox.open(f.dirfd, path, flags: flags, follow: follow)
        close(fd)
        return nil
    } catch {
        return error
    }
}

func parentError(_ f: SandboxFixture, _ path: String) -> Errno? {
    do {
        let p = try Sandbox.parent(f.dirfd, path)
        p.release()
        return nil
    } catch {
        return error
    }
}

@Suite(.serialized)
struct SandboxTests {
    func check(openat2: Bool) throws {
        let saved = Sandbox.useOpenat2
        Sandbox.useOpenat2 = openat2
        defer { Sandbox.useOpenat2 = saved }
        let f = SandboxFixture()
        let before = f.outsideState()

        // Allowed: paths that stay inside.
        for path in ["inside.txt", "sub/../inside.txt", "./sub/file.txt", "link_ok", "sub/inner", "sub/./../sub/file.txt"] {
            let fd = try Sandbox.open(f.dirfd, path, flags: O_RDONLY, follow: true)
            #expect(!f.readAll(fd).isEmpty, "\(path)")
            close(fd)
        }
        let dot = try Sandbox.open(f.dirfd, ".", flags: O_RDONLY | O_DIRECTORY, follow: true)
        close(dot)

        // Escapes through "..", absolute paths and symlinks (absolute, relative, to directories).
        let escapes = ["..", "../outside/secret.txt", "sub/../../outside/secret.txt", "/etc/passwd", "/",
                       "link_abs", "link_rel", "link_parent/outside/secret.txt", "sub/up/outside/secret.txt",
                       "link_abs_dir/secret.txt", "link_parent"]
        for path in escapes {
            #expect(openError(f, path) == .notcapable, "open \(path)")
        }
        // Creating through a dangling symlink that points outside.
        #expect(openError(f, "dangling_out", flags: O_WRONLY | O_CREAT) == .notcapable)
        #expect(openError(f, "link_parent/outside/new", flags: O_WRONLY | O_CREAT) == .notcapable)
        // O_CREAT|O_EXCL on any final symlink: it exists, nothing is created where it points.
        symlink("made_by_excl", f.sandbox + "/dangling_in")
        #expect(openError(f, "dangling_in", flags: O_WRONLY | O_CREAT | O_EXCL) == .exist)
        #expect(openError(f, "dangling_out", flags: O_WRONLY | O_CREAT | O_EXCL) == .exist)
        #expect(access(f.sandbox + "/made_by_excl", F_OK) != 0)
        // Loops.
        #expect(openError(f, "loop1") == .loop)
        #expect(openError(f, "self") == .loop)
        // Not following a final symlink.
        #expect(openError(f, "link_abs", follow: false) == .loop)
        #expect(openError(f, "link_ok", follow: false) == .loop)
        #expect(openError(f, "") == .noent)

        // Parent resolution (used by mkdir, unlink, rename, symlink, link, stat...).
        for path in ["../x", "../outside/secret.txt", "link_parent/outside/x", "sub/up/outside/secret.txt",
                     "link_abs_dir/secret.txt", "/x", "..", "sub/../.."] {
            #expect(parentError(f, path) == .notcapable, "parent \(path)")
        }
        #expect(parentError(f, "loop1/x") == .loop)
        #expect(parentError(f, "link_parent/") == .notdir)
        let p = try Sandbox.parent(f.dirfd, "sub/inner")
        #expect(p.name == "inner")
        p.release()
        let q = try Sandbox.parent(f.dirfd, "sub/..")
        #expect(q.name == ".")
        q.release()

        // Operations on the last component never follow it out.
        try WASI.withParent(f.dirfd, "link_abs") { (fd, name) throws(Errno) in
            #expect(unlinkat(fd, name, 0) == 0)
        }
        #expect(throws: Errno.notcapable) { try WASI.statPath(f.dirfd, "link_rel", follow: true) }
        #expect(throws: Errno.notcapable) { try WASI.statPath(f.dirfd, "link_parent/outside", follow: false) }
        _ = try WASI.statPath(f.dirfd, "link_rel", follow: false)

        #expect(f.outsideState() == before, "nothing outside changed")
        #expect(access(f.outside + "/created", F_OK) != 0)
    }

    @Test func openat2Resolution() throws {
        if !Sandbox.openat2Available { return }
        try check(openat2: true)
    }

    @Test func portableResolution() throws {
        try check(openat2: false)
    }
}
