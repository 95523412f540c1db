import CWasmHeaders
import Glibc
import SwasmCore
import SwasmWASI

/// `wasi_config_t`: what a WASI program may see, collected before `wasi_env_new`.
final class WASIConfigBox {
    enum Input { case empty, bytes([UInt8]), file(String), inherit }
    enum Output { case discard, file(String), inherit }

    struct Preopen {
        var hostPath: String
        var guestPath: String
        var dirPerms: Int
        var filePerms: Int
    }

    var argv: [String] = []
    var env: [(String, String)] = []
    var stdin = Input.empty
    var stdout = Output.discard
    var stderr = Output.discard
    var preopens: [Preopen] = []
}

/// Strings of a C array; nil if a pointer is NULL or a string is not UTF-8.
private func strings(_ count: Int, _ p: UnsafePointer<UnsafePointer<CChar>?>?) -> [String]? {
    guard count == 0 || p != nil else { return nil }
    var out: [String] = []
    for i in 0..<count {
        guard let s = String(validatingC: p![i]) else { return nil }
        out.append(s)
    }
    return out
}

/// Whether `path` can be opened with `flags` (a created file is kept).
private func canOpen(_ path: UnsafePointer<CChar>?, _ flags: Int32) -> Bool {
    guard let path else { return false }
    let fd = open(path, flags, 0o644)
    guard fd >= 0 else { return false }
    close(fd)
    return true
}

@_cdecl("wasi_config_new")
public func wasi_config_new() -> OpaquePointer? { retained(WASIConfigBox()) }

@_cdecl("wasi_config_delete")
public func wasi_config_delete(_ c: OpaquePointer?) { release(c, as: WASIConfigBox.self) }

@_cdecl("wasi_config_set_argv")
public func wasi_config_set_argv(_ c: OpaquePointer?, _ argc: Int, _ argv: UnsafePointer<UnsafePointer<CChar>?>?) -> Bool {
    guard let box = borrow(c, as: WASIConfigBox.self), let args = strings(argc, argv) else { return false }
    box.argv = args
    return true
}

@_cdecl("wasi_config_inherit_argv")
public func wasi_config_inherit_argv(_ c: OpaquePointer?) {
    borrow(c, as: WASIConfigBox.self)?.argv = CommandLine.arguments
}

@_cdecl("wasi_config_set_env")
public func wasi_config_set_env(_ c: OpaquePointer?, _ envc: Int, _ names: UnsafePointer<UnsafePointer<CChar>?>?,
                                _ values: UnsafePointer<UnsafePointer<CChar>?>?) -> Bool {
    guard let box = borrow(c, as: WASIConfigBox.self), let n = strings(envc, names), let v = strings(envc, values) else { return false }
    box.env = Array(zip(n, v))
    return true
}

@_cdecl("wasi_config_inherit_env")
public func wasi_config_inherit_env(_ c: OpaquePointer?) {
    guard let box = borrow(c, as: WASIConfigBox.self) else { return }
    var env: [(String, String)] = []
    var p = environ
    while let entry = p.pointee {
        let s = String(cString: entry)
        if let eq = s.firstIndex(of: "=") { env.append((String(s[..<eq]), String(s[s.index(after: eq)...]))) }
        p += 1
    }
    box.env = env
}

@_cdecl("wasi_config_set_stdin_file")
public func wasi_config_set_stdin_file(_ c: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Bool {
    guard let box = borrow(c, as: WASIConfigBox.self), canOpen(path, O_RDONLY), let p = String(validatingC: path) else { return false }
    box.stdin = .file(p)
    return true
}

@_cdecl("wasi_config_set_stdin_bytes")
public func wasi_config_set_stdin_bytes(_ c: OpaquePointer?, _ binary: UnsafeMutablePointer<wasm_byte_vec_t>?) {
    guard let box = borrow(c, as: WASIConfigBox.self), let binary else { return }
    box.stdin = .bytes(bytes(binary))
    Vec.delete(binary)
}

@_cdecl("wasi_config_inherit_stdin")
public func wasi_config_inherit_stdin(_ c: OpaquePointer?) { borrow(c, as: WASIConfigBox.self)?.stdin = .inherit }

@_cdecl("wasi_config_set_stdout_file")
public func wasi_config_set_stdout_file(_ c: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Bool {
    guard let box = borrow(c, as: WASIConfigBox.self), canOpen(path, O_WRONLY | O_CREAT | O_TRUNC),
          let p = String(validatingC: path) else { return false }
    box.stdout = .file(p)
    return true
}

@_cdecl("wasi_config_inherit_stdout")
public func wasi_config_inherit_stdout(_ c: OpaquePointer?) { borrow(c, as: WASIConfigBox.self)?.stdout = .inherit }

@_cdecl("wasi_config_set_stderr_file")
public func wasi_config_set_stderr_file(_ c: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Bool {
    guard let box = borrow(c, as: WASIConfigBox.self), canOpen(path, O_WRONLY | O_CREAT | O_TRUNC),
          let p = String(validatingC: path) else { return false }
    box.stderr = .file(p)
    return true
}

@_cdecl("wasi_config_inherit_stderr")
public func wasi_config_inherit_stderr(_ c: OpaquePointer?) { borrow(c, as: WASIConfigBox.self)?.stderr = .inherit }

@_cdecl("wasi_config_preopen_dir")
public func wasi_config_preopen_dir(_ c: OpaquePointer?, _ host: UnsafePointer<CChar>?, _ guest: UnsafePointer<CChar>?,
                                    _ dirPerms: Int, _ filePerms: Int) -> Bool {
    let known = 3  // READ | WRITE
    guard let box = borrow(c, as: WASIConfigBox.self), dirPerms & ~known == 0, filePerms & ~known == 0,
          canOpen(host, O_RDONLY | O_DIRECTORY), let h = String(validatingC: host), let g = String(validatingC: guest) else { return false }
    box.preopens.append(.init(hostPath: h, guestPath: g, dirPerms: dirPerms, filePerms: filePerms))
    return true
}

// MARK: - Binding (pending: SwasmWASI has not landed on main yet)

private let pending = "WASI is not available in this build yet (SwasmWASI pending)"

@_cdecl("wasi_env_new")
public func wasi_env_new(_ store: OpaquePointer?, _ config: OpaquePointer?) -> OpaquePointer? {
    release(config, as: WASIConfigBox.self)
    LastError.set(pending)
    return nil
}

@_cdecl("wasi_env_delete")
public func wasi_env_delete(_ env: OpaquePointer?) {}

@_cdecl("wasi_get_imports")
public func wasi_get_imports(_ store: OpaquePointer?, _ env: OpaquePointer?, _ module: OpaquePointer?,
                             _ imports: UnsafeMutablePointer<wasm_extern_vec_t>?) -> Bool {
    Vec.newEmpty(imports)
    LastError.set(pending)
    return false
}

@_cdecl("wasi_env_get_import")
public func wasi_env_get_import(_ env: OpaquePointer?, _ import: OpaquePointer?) -> OpaquePointer? { nil }

@_cdecl("wasi_env_exit_code")
public func wasi_env_exit_code(_ env: OpaquePointer?, _ code: UnsafeMutablePointer<Int32>?) -> Bool { false }
