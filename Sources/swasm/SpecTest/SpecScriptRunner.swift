import Glibc
import SwasmCore

/// Outcome counts of one script, with a note per failed or skipped assertion.
struct SpecResult {
    var passed = 0
    var failed = 0
    var skipped = 0
    var notes: [String] = []
}

/// Runs the commands of one converted `.wast` script against one engine.
final class SpecScriptRunner {
    let directory: String
    let engine: Engine
    let store: Store
    var values = SpecValues()
    var current: Instance?
    var named: [String: Instance] = [:]
    var definitions: [String: CompiledModule] = [:]
    /// Modules that later modules import from, by registered name.
    var registered: [String: Instance] = [:]
    lazy var spectest: [String: Extern] = SpectestModule.exports(store: store)
    var result = SpecResult()

    init(directory: String, engine: Engine) {
        self.directory = directory
        self.engine = engine
        store = Store(engine: engine)
    }

    func run(commands: [[String: JSONValue]]) -> SpecResult {
        for command in commands {
            let line = command["line"]?.integer ?? 0
            let type = command["type"]?.string ?? ""
            do {
                try execute(type, command, line: line)
            } catch {
                if type.hasPrefix("assert_") { fail(line, "\(type): \(error)") } else { result.notes.append("line \(line): \(type): \(error)") }
            }
        }
        return result
    }

    private func pass() { result.passed += 1 }

    private func fail(_ line: Int, _ why: String) {
        result.failed += 1
        result.notes.append("FAIL line \(line): \(why)")
    }

    private func skip(_ line: Int, _ why: String) {
        result.skipped += 1
        result.notes.append("SKIP line \(line): \(why)")
    }

    private func load(_ command: [String: JSONValue]) throws -> CompiledModule {
        guard let file = (command["binary_filename"] ?? command["filename"])?.string else { throw SpecError("no filename") }
        let path = "\(directory)/\(file)"
        guard let bytes = readFile(path) else { throw SpecError("cannot read \(path): \(String(cString: strerror(errno)))") }
        return try CompiledModule(engine: engine, bytes: bytes)
    }

    private func instantiate(_ compiled: CompiledModule) throws -> Instance {
        var imports: [Extern] = []
        for imp in compiled.module.imports {
            let ext: Extern?
            if imp.module == "spectest" {
                ext = spectest[imp.name]
            } else {
                ext = registered[imp.module]?.export(imp.name)
            }
            guard let ext else { throw WasmError(.unlinkable, "unknown import \(imp.module).\(imp.name)") }
            imports.append(ext)
        }
        return try Instance(store: store, compiled: compiled, imports: imports)
    }

    /// A text module with no binary encoding (text-format errors): this runtime has no text parser.
    private func isText(_ command: [String: JSONValue]) -> Bool {
        command["module_type"]?.string == "text" && command["binary_filename"] == nil
    }

    private func execute(_ type: String, _ command: [String: JSONValue], line: Int) throws {
        switch type {
        case "module":
            current = nil
            let instance = try instantiate(try load(command))
            current = instance
            if let name = command["name"]?.string { named[name] = instance }
        case "module_definition":
            let compiled = try load(command)
            if let name = command["name"]?.string { definitions[name] = compiled }
        case "module_instance":
            guard let def = command["module"]?.string, let compiled = definitions[def] else { throw SpecError("unknown definition") }
            let instance = try instantiate(compiled)
            current = instance
            if let name = command["instance"]?.string { named[name] = instance }
        case "register":
            let instance = (command["name"]?.string).flatMap { named[$0] } ?? current
            guard let instance, let name = command["as"]?.string else { throw SpecError("nothing to register") }
            registered[name] = instance
        case "action":
            _ = try perform(command["action"]?.object ?? [:])
        case "assert_return":
            let expected = command["expected"]?.objects ?? []
            let actual: [Value]
            do {
                actual = try perform(command["action"]?.object ?? [:])
            } catch {
                return fail(line, "unexpected \(error)")
            }
            guard actual.count == expected.count else { return fail(line, "expected \(expected.count) results, got \(actual.count)") }
            for (a, e) in zip(actual, expected) where !values.matches(a, e) {
                return fail(line, "got \(a), expected \(e)")
            }
            pass()
        case "assert_trap", "assert_exhaustion":
            let text = command["text"]?.string ?? ""
            if command["filename"] != nil {
                try expectInstantiationTrap(command, text: text, line: line)
                return
            }
            do {
                let r = try perform(command["action"]?.object ?? [:])
                fail(line, "expected trap '\(text)', got \(r)")
            } catch let trap as Trap {
                if trap.message.contains(text) || text.contains(trap.message) { pass() } else { fail(line, "trap '\(trap.message)', expected '\(text)'") }
            }
        case "assert_invalid", "assert_malformed":
            let text = command["text"]?.string ?? ""
            if isText(command) { return skip(line, "\(type) of a text module (\(text))") }
            do {
                _ = try load(command)
                fail(line, "module accepted, expected '\(text)'")
            } catch let error as WasmError {
                if error.message.contains(text) { pass() } else { fail(line, "'\(error.message)', expected '\(text)'") }
            }
        case "assert_unlinkable":
            let text = command["text"]?.string ?? ""
            let compiled = try load(command)
            do {
                _ = try instantiate(compiled)
                fail(line, "instantiated, expected '\(text)'")
            } catch let error as WasmError {
                if error.message.contains(text) { pass() } else { fail(line, "'\(error.message)', expected '\(text)'") }
            }
        case "assert_uninstantiable":
            try expectInstantiationTrap(command, text: command["text"]?.string ?? "", line: line)
        case "assert_exception":
            do {
                let r = try perform(command["action"]?.object ?? [:])
                fail(line, "expected an exception, got \(r)")
            } catch let trap as Trap where trap.reason == .uncaughtException {
                pass()
            }
        default:
            throw SpecError("unknown command \(type)")
        }
    }

    private func expectInstantiationTrap(_ command: [String: JSONValue], text: String, line: Int) throws {
        let compiled = try load(command)
        do {
            _ = try instantiate(compiled)
            fail(line, "instantiated, expected trap '\(text)'")
        } catch let trap as Trap {
            if trap.message.contains(text) { pass() } else { fail(line, "trap '\(trap.message)', expected '\(text)'") }
        }
    }

    private func perform(_ action: [String: JSONValue]) throws -> [Value] {
        let instance = (action["module"]?.string).flatMap { named[$0] ?? registered[$0] } ?? current
        guard let instance else { throw SpecError("no module instance") }
        guard let field = action["field"]?.string, let ext = instance.export(field) else { throw SpecError("unknown export") }
        switch action["type"]?.string {
        case "invoke":
            guard case .function(let f) = ext else { throw SpecError("export \(field) is not a function") }
            let args = try (action["args"]?.objects ?? []).map { try values.argument($0, store: store) }
            return try f.call(args)
        case "get":
            guard case .global(let g) = ext else { throw SpecError("export \(field) is not a global") }
            return [g.value]
        default:
            throw SpecError("unknown action")
        }
    }
}

/// The `spectest` module every spec script may import from.
enum SpectestModule {
    static func exports(store: Store) -> [String: Extern] {
        var e: [String: Extern] = [:]
        func printer(_ name: String, _ params: [ValueType]) {
            e[name] = .function(Function(store: store, type: FuncType(params: params, results: [])) { _, _ in })
        }
        printer("print", [])
        printer("print_i32", [.i32])
        printer("print_i64", [.i64])
        printer("print_f32", [.f32])
        printer("print_f64", [.f64])
        printer("print_i32_f32", [.i32, .f32])
        printer("print_f64_f64", [.f64, .f64])
        e["global_i32"] = try? .global(store.createGlobal(GlobalType(valueType: .i32, mutable: false), value: .i32(666)))
        e["global_i64"] = try? .global(store.createGlobal(GlobalType(valueType: .i64, mutable: false), value: .i64(666)))
        e["global_f32"] = try? .global(store.createGlobal(GlobalType(valueType: .f32, mutable: false), value: .f32(Float(666.6).bitPattern)))
        e["global_f64"] = try? .global(store.createGlobal(GlobalType(valueType: .f64, mutable: false), value: .f64(Double(666.6).bitPattern)))
        e["table"] = try? .table(store.createTable(TableType(elementType: .funcref, limits: Limits(min: 10, max: 20)), initial: .funcref(nil)))
        e["table64"] = try? .table(store.createTable(TableType(elementType: .funcref, limits: Limits(min: 10, max: 20, is64: true)), initial: .funcref(nil)))
        e["memory"] = try? .memory(store.createMemory(MemoryType(limits: Limits(min: 1, max: 2))))
        e["shared_memory"] = try? .memory(store.createMemory(MemoryType(limits: Limits(min: 1, max: 2, shared: true))))
        return e
    }
}
