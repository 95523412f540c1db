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

// MARK: - Binding

/// `wasi_env_t`: the WASI state of one program, bound to one store.
final class WASIEnvBox {
    let context: WASIContext
    let store: StoreContext

    init(context: WASIContext, store: StoreContext) {
        self.context = context
        self.store = store
    }
}

/// The WASI context a configuration describes.
private func makeContext(_ config: WASIConfigBox) throws -> WASIContext {
    func input(_ i: WASIConfigBox.Input) -> StdioSource {
        switch i {
        case .empty: return .null
        case .bytes(let b): return .bytes(b)
        case .file(let path): return .file(path)
        case .inherit: return .inherit
        }
    }
    func output(_ o: WASIConfigBox.Output) -> StdioSource {
        switch o {
        case .discard: return .null
        case .file(let path): return .file(path)
        case .inherit: return .inherit
        }
    }
    let context = try WASIContext(arguments: config.argv, environment: config.env.map { "\($0.0)=\($0.1)" },
                                  stdin: input(config.stdin), stdout: output(config.stdout), stderr: output(config.stderr))
    for p in config.preopens {
        let permissions = PreopenPermissions(readDirectory: p.dirPerms & 1 != 0, writeDirectory: p.dirPerms & 2 != 0,
                                             readFiles: p.filePerms & 1 != 0, writeFiles: p.filePerms & 2 != 0)
        _ = try context.preopen(hostPath: p.hostPath, guestPath: p.guestPath, permissions: permissions)
    }
    return context
}

@_cdecl("wasi_env_new")
public func wasi_env_new(_ store: OpaquePointer?, _ config: OpaquePointer?) -> OpaquePointer? {
    defer { release(config, as: WASIConfigBox.self) }
    guard let context = borrow(store, as: StoreContext.self), let box = borrow(config, as: WASIConfigBox.self) else {
        LastError.set("wasi_env_new: NULL store or config")
        return nil
    }
    do {
        return retained(WASIEnvBox(context: try makeContext(box), store: context))
    } catch {
        LastError.set("wasi_env_new: \(error)")
        return nil
    }
}

@_cdecl("wasi_env_delete")
public func wasi_env_delete(_ env: OpaquePointer?) { release(env, as: WASIEnvBox.self) }

/// The WASI function for an import, or nil when it is not one (or its type differs).
private func wasiImport(_ env: WASIEnvBox, module: String, name: String, type: FuncType?) -> Function? {
    guard WASI.moduleNames.contains(module), let type else { return nil }
    return WASI.function(named: name, module: module, type: type, store: env.store.store, context: env.context)
}

@_cdecl("wasi_get_imports")
public func wasi_get_imports(_ store: OpaquePointer?, _ env: OpaquePointer?, _ module: OpaquePointer?,
                             _ imports: UnsafeMutablePointer<wasm_extern_vec_t>?) -> Bool {
    Vec.newEmpty(imports)
    guard let box = borrow(env, as: WASIEnvBox.self), let m = Entity.of(module, .module)?.module?.module else {
        LastError.set("wasi_get_imports: NULL environment or module")
        return false
    }
    var entities: [Entity] = []
    for imp in m.imports {
        let type: FuncType? = if case .function(let t) = imp.descriptor { m.types[Int(t)] } else { nil }
        guard let f = wasiImport(box, module: imp.module, name: imp.name, type: type) else {
            LastError.set("wasi_get_imports: \(imp.module)::\(imp.name) is not a WASI function of that type")
            return false
        }
        entities.append(box.store.entity(f))
    }
    HandleVec<Entity>.make(imports, entities)
    return true
}

@_cdecl("wasi_env_get_import")
public func wasi_env_get_import(_ env: OpaquePointer?, _ importType: OpaquePointer?) -> OpaquePointer? {
    guard let box = borrow(env, as: WASIEnvBox.self), let it = borrow(importType, as: ImportTypeBox.self) else { return nil }
    func text(_ n: UnsafeMutablePointer<wasm_name_t>) -> String {
        guard let data = n.pointee.data else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: data, count: n.pointee.size), as: UTF8.self)
    }
    guard let f = wasiImport(box, module: text(it.module), name: text(it.name), type: it.type.funcType) else { return nil }
    return retained(box.store.entity(f))
}

@_cdecl("wasi_env_exit_code")
public func wasi_env_exit_code(_ env: OpaquePointer?, _ code: UnsafeMutablePointer<Int32>?) -> Bool {
    guard let box = borrow(env, as: WASIEnvBox.self), let exit = box.context.exitCode else { return false }
    code?.pointee = exit
    return true
}
