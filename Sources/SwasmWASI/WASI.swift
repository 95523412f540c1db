import SwasmCore

/// The arguments of one WASI call: raw 16-byte slots and the caller's memory.
struct WASICall {
    let slots: UnsafeMutableRawPointer
    let memory: GuestMemory

    @inline(__always) func i32(_ i: Int) -> UInt32 { slots.load(fromByteOffset: i * Slot.size, as: UInt32.self) }
    @inline(__always) func i64(_ i: Int) -> UInt64 { slots.load(fromByteOffset: i * Slot.size, as: UInt64.self) }
}

/// A WASI function body: returns normally for success, throws `Errno` for a
/// WASI error, or a `Trap` (proc_exit).
typealias WASIBody = (WASIContext, WASICall) throws -> Void

struct WASIFunction {
    let type: FuncType
    let body: WASIBody
    /// False for proc_exit, which has no result.
    var returnsErrno = true
}

/// The two ABI versions of WASI's core functions: preview1
/// (`wasi_snapshot_preview1`) and the older preview0 (`wasi_unstable`), whose
/// `whence` values and `filestat` and clock `subscription` layouts differ.
enum WASIVersion {
    case preview0, preview1
}

/// WASI preview1 (`wasi_snapshot_preview1`) host functions, and preview0's (`wasi_unstable`).
public enum WASI {
    public static let moduleName = "wasi_snapshot_preview1"
    /// Module names whose functions are provided.
    public static let moduleNames: Set<String> = ["wasi_snapshot_preview1", "wasi_unstable"]

    static let functions = table(.preview1)
    static let preview0Functions = table(.preview0)

    /// The functions of `module` (one of `moduleNames`).
    static func functions(of module: String) -> [String: WASIFunction] {
        module == "wasi_unstable" ? preview0Functions : functions
    }

    private static func table(_ version: WASIVersion) -> [String: WASIFunction] {
        var table: [String: WASIFunction] = [:]
        registerArgs(&table)
        registerEnviron(&table)
        registerClock(&table)
        registerRandom(&table)
        registerFD(&table, version)
        registerPath(&table, version)
        registerPoll(&table, version)
        registerProc(&table)
        registerSched(&table)
        registerSock(&table)
        return table
    }

    /// Names of every function this implementation provides.
    public static var functionNames: [String] { functions.keys.sorted() }

    /// Adds `name` taking `params` (i = i32, I = i64) and returning an errno.
    static func define(_ table: inout [String: WASIFunction], _ name: String, _ params: String, _ body: @escaping WASIBody) {
        let types: [ValueType] = params.map { $0 == "I" ? .i64 : .i32 }
        table[name] = WASIFunction(type: FuncType(params: types, results: [.i32]), body: body)
    }

    /// The host function implementing `name` of `module` in `store`, or nil
    /// when the name is unknown or `type` (when given) does not match.
    public static func function(named name: String, module: String = moduleName, type: FuncType? = nil,
                                store: Store, context: WASIContext) -> Function? {
        guard let def = functions(of: module)[name] else { return nil }
        if let type, type != def.type { return nil }
        let body = def.body
        let returnsErrno = def.returnsErrno
        return Function(store: store, type: def.type) { [weak context] caller, slots in
            guard let context else { throw Trap(.host("WASI environment was deleted")) }
            // WASI preview1 addresses are 32-bit: a larger (memory64) memory is seen up to 4 GiB.
            let mem = caller.memory().map { GuestMemory(base: $0.data, size: min($0.byteCount, 1 << 32)) } ?? .none
            do {
                try body(context, WASICall(slots: slots, memory: mem))
                if returnsErrno { slots.storeBytes(of: UInt64(0), as: UInt64.self) }
            } catch let e as Errno {
                slots.storeBytes(of: UInt64(e.rawValue), as: UInt64.self)
            }
        }
    }

    /// One extern per import of `module`, in import order. Throws an
    /// unlinkable `WasmError` naming the first import that is not a WASI
    /// function (or whose type does not match).
    public static func imports(for module: Module, store: Store, context: WASIContext) throws -> [Extern] {
        var result: [Extern] = []
        for imp in module.imports {
            guard moduleNames.contains(imp.module) else {
                throw WasmError(.unlinkable, "unknown import: \(imp.module)::\(imp.name) has not been defined")
            }
            guard case .function(let typeIndex) = imp.descriptor, Int(typeIndex) < module.types.count else {
                throw WasmError(.unlinkable, "incompatible import type for \(imp.module)::\(imp.name): not a function")
            }
            let type = module.types[Int(typeIndex)]
            guard let def = functions(of: imp.module)[imp.name] else {
                throw WasmError(.unlinkable, "unknown import: \(imp.module)::\(imp.name) has not been defined")
            }
            guard def.type == type, let f = function(named: imp.name, module: imp.module, type: type, store: store, context: context) else {
                throw WasmError(.unlinkable, "incompatible import type for \(imp.module)::\(imp.name): expected \(def.type), got \(type)")
            }
            result.append(.function(f))
        }
        return result
    }

    public static func imports(for compiled: CompiledModule, store: Store, context: WASIContext) throws -> [Extern] {
        try imports(for: compiled.module, store: store, context: context)
    }
}
