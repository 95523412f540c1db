import Glibc
import SwasmCore
import SwasmWASI

/// `swasm run`: runs a WASI command module (or invokes one export), given
/// as a wasm binary or as an image from `swasm compile` (`ModuleImage`,
/// recognized by its magic), which must match the engine.
///
///     swasm run [--engine auto|interpreter|compiler] [-W NAME[=y|n],...]... [--dir HOST[::GUEST]]...
///               [--env K=V]... [--invoke FUNC] module.wasm|module.cwasm [args...]
///
/// A reactor's `_initialize` runs first, when the module exports one.
///
/// Exit status: the guest's `proc_exit` code (0 when `_start` returns; 1,
/// with a message, for a code outside 0 ..< 126), 134 after a trap, 1 when
/// the module cannot be loaded or linked, 2 for bad command-line arguments.
func runCommand(_ arguments: [String]) -> Int32 {
    let runUsage = """
        usage: swasm run [--engine auto|interpreter|compiler] [-W NAME[=y|n],...]... [--dir HOST[::GUEST]]... [--env K=V]... [--invoke FUNC] module.wasm|module.cwasm [args...]

          module.cwasm      an image written by swasm compile (its engine must match)
          --engine E        execution tier (default: auto)
          -W, --wasm-features NAME[=y|n],...
                            enable (y, the default) or disable WebAssembly proposals, as
                            wasmtime's -W: \(Features.named.map(\.name).joined(separator: ", ")), all
          --dir HOST[::GUEST]
                            make host directory HOST visible to the program as GUEST
                            (default: the same name as HOST)
          --env K=V         set an environment variable for the program (K alone: the host's value)
          --invoke FUNC     call export FUNC with the remaining arguments instead of _start
                            and print its results
        """
    func usageError(_ message: String) -> Int32 {
        printError("error: \(message)\n\(runUsage)")
        return 2
    }

    var strategy = ExecutionStrategy.auto
    var features = Features.default
    var dirs: [(host: String, guest: String)] = []
    var env: [String] = []
    var invoke: String?
    var i = 0
    func value(_ option: String) -> String? {
        if let eq = arguments[i].firstIndex(of: "="), arguments[i].hasPrefix("--") {
            return String(arguments[i][arguments[i].index(after: eq)...])
        }
        i += 1
        return i < arguments.count ? arguments[i] : nil
    }
    while i < arguments.count, arguments[i].hasPrefix("-") {
        let arg = arguments[i]
        let name = arg.hasPrefix("-W") && arg.count > 2 ? "-W" : arg.split(separator: "=", maxSplits: 1).first.map(String.init) ?? arg
        switch name {
        case "--":
            i += 1
            break
        case "--engine":
            guard let v = value(name), let s = ExecutionStrategy(rawValue: v) else {
                return usageError("--engine expects auto, interpreter or compiler")
            }
            strategy = s
        case "-W", "--wasm-features":
            let setting = arg.hasPrefix("-W") && arg.count > 2 ? String(arg.dropFirst(2)) : value(name)
            guard let setting else { return usageError("\(name) expects NAME[=y|n],...") }
            if case .failure(let error) = features.apply(setting) { return usageError("\(error)") }
        case "--dir":
            guard let v = value(name), !v.isEmpty else { return usageError("--dir expects HOST[::GUEST]") }
            if let r = v.firstRange(of: "::") {
                dirs.append((String(v[..<r.lowerBound]), String(v[r.upperBound...])))
            } else {
                dirs.append((v, v))
            }
        case "--env":
            guard let v = value(name), !v.isEmpty, v.first != "=" else { return usageError("--env expects K=V or K") }
            if v.contains("=") {
                env.append(v)
            } else if let inherited = getenv(v) {
                env.append("\(v)=\(String(cString: inherited))")  // --env K: the host's value, as in wasmtime
            }
        case "--invoke":
            guard let v = value(name), !v.isEmpty else { return usageError("--invoke expects a function name") }
            invoke = v
        case "-h", "--help":
            print(runUsage)
            return 0
        default:
            return usageError("unknown option \(arg)")
        }
        if name == "--" { break }
        i += 1
    }
    guard i < arguments.count else { return usageError("missing module") }
    let path = arguments[i]
    let programArgs = Array(arguments[(i + 1)...])

    guard let bytes = readFile(path) else {
        printError("Error: cannot read \(path): \(String(cString: strerror(errno)))")
        return 1
    }
    var config = EngineConfig()
    config.strategy = strategy
    config.features = features
    let engine = Engine(config: config)
    let compiled: CompiledModule
    let isImage = bytes.starts(with: ModuleImage.magic)
    do {
        compiled = isImage ? try ModuleImage.deserialize(bytes, engine: engine) : try CompiledModule(engine: engine, bytes: bytes)
    } catch {
        printError("Error: failed to \(isImage ? "load" : "compile") \(path): \(error)")
        return 1
    }

    let context: WASIContext
    do {
        context = try WASIContext(arguments: [path] + programArgs, environment: env,
                                  stdin: .inherit, stdout: .inherit, stderr: .inherit)
        for d in dirs {
            do {
                try context.preopen(hostPath: d.host, guestPath: d.guest)
            } catch {
                printError("Error: cannot open directory \(d.host): \(String(cString: strerror(errno)))")
                return 1
            }
        }
    } catch {
        printError("Error: cannot set up WASI: \(error)")
        return 1
    }

    let store = Store(engine: engine)
    store.userData["wasi"] = context
    let instance: Instance
    do {
        let imports = try WASI.imports(for: compiled, store: store, context: context)
        instance = try Instance(store: store, compiled: compiled, imports: imports)
    } catch let trap as Trap {
        return report(trap, context: context, module: compiled.module)
    } catch {
        printError("Error: failed to instantiate \(path): \(error)")
        return 1
    }

    do {
        if case .function(let initialize)? = instance.export("_initialize") {
            _ = try initialize.call([])
        }
        if let invoke {
            guard case .function(let f)? = instance.export(invoke) else {
                printError("Error: no exported function named '\(invoke)'")
                return 1
            }
            guard programArgs.count == f.type.params.count else {
                printError("Error: '\(invoke)' expects \(f.type.params.count) arguments, got \(programArgs.count)")
                return 2
            }
            var values: [Value] = []
            for (text, type) in zip(programArgs, f.type.params) {
                guard let v = parseValue(text, type) else {
                    printError("Error: cannot parse '\(text)' as \(type)")
                    return 2
                }
                values.append(v)
            }
            let results = try f.call(values)
            for r in results { print(format(r)) }
            return 0
        }
        if case .function(let start)? = instance.export("_start") {
            _ = try start.call([])
        }
        return 0
    } catch let trap as Trap {
        return report(trap, context: context, module: compiled.module)
    } catch {
        printError("Error: \(error)")
        return 1
    }
}

private func report(_ trap: Trap, context: WASIContext, module: Module) -> Int32 {
    if case .exit(let code) = trap.reason {
        // A status the shell would truncate or read as a signal is an error, as in wasmtime.
        guard (0..<126).contains(code) else {
            printError("Error: exit with invalid exit status outside of [0..126): \(UInt32(bitPattern: code))")
            return 1
        }
        return code
    }
    var text = "Error: \(trap.message)\n"
    if !trap.frames.isEmpty {
        text += "wasm backtrace:\n"
        for (n, f) in trap.frames.enumerated() {
            let name = f.functionName ?? module.functionNames[f.functionIndex] ?? "<unknown>"
            text += "  \(n): 0x\(String(f.moduleOffset, radix: 16)) - func[\(f.functionIndex)] \(name) + 0x\(String(f.functionOffset, radix: 16))\n"
        }
    }
    printError(text, newline: false)
    return 134
}

/// Parses a command-line argument as a value of `type` (integers signed or
/// unsigned, with an optional 0x prefix; floats in decimal, inf or nan).
private func parseValue(_ text: String, _ type: ValueType) -> Value? {
    func integer(_ bits: Int) -> UInt64? {
        var s = Substring(text)
        var negative = false
        if s.hasPrefix("-") { negative = true; s = s.dropFirst() } else if s.hasPrefix("+") { s = s.dropFirst() }
        var radix = 10
        if s.hasPrefix("0x") || s.hasPrefix("0X") { radix = 16; s = s.dropFirst(2) }
        guard let magnitude = UInt64(s, radix: radix) else { return nil }
        let limit: UInt64 = bits == 64 ? .max : (1 << UInt64(bits)) - 1
        if negative {
            guard magnitude <= (limit >> 1) + 1 else { return nil }
            return (0 &- magnitude) & limit
        }
        return magnitude <= limit ? magnitude : nil
    }
    switch type {
    case .i32: return integer(32).map { .i32(UInt32($0)) }
    case .i64: return integer(64).map { .i64($0) }
    case .f32: return Float(text).map { .f32($0.bitPattern) }
    case .f64: return Double(text).map { .f64($0.bitPattern) }
    default: return nil
    }
}

private func format(_ v: Value) -> String {
    switch v {
    case .i32(let x): return String(Int32(bitPattern: x))
    case .i64(let x): return String(Int64(bitPattern: x))
    case .f32(let x): return String(Float(bitPattern: x))
    case .f64(let x): return String(Double(bitPattern: x))
    case .v128(let x): return "0x" + String(x.hi, radix: 16).leftPadded(16) + String(x.lo, radix: 16).leftPadded(16)
    case .funcref(let f): return f == nil ? "null" : "funcref"
    case .externref(let o): return o == nil ? "null" : "externref"
    case .exnref(let e): return e == nil ? "null" : "exnref"
    case .anyref(let a):
        guard let a else { return "null" }
        return a.i31Value.map { "i31 \($0)" } ?? "anyref"
    }
}

private extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
