/// Owns all runtime objects: functions, memories, tables, globals,
/// instances, and the host objects that externrefs point to. Belongs to one
/// thread at a time. Everything created in a store lives as long as the store.
public final class Store {
    public let engine: Engine
    var functions: [Function] = []
    var memories: [Memory] = []
    var tables: [Table] = []
    var globals: [Global] = []
    var tags: [Tag] = []
    var instances: [Instance] = []
    /// The GC objects (structs and arrays) allocated in this store.
    let gcHeap = GCHeap()
    /// Host objects referenced by externref values, kept alive here.
    var externObjects: [ObjectIdentifier: AnyObject] = [:]
    /// Exceptions that became exnref values, kept alive here.
    var exceptions: [ObjectIdentifier: Exception] = [:]
    /// Largest size any memory of this store may grow to, in bytes.
    public var memoryLimit: Int?
    /// Most bytes the store's GC objects (structs and arrays, with their
    /// headers) and the exceptions it keeps alive for exnref values may take
    /// together; an allocation beyond it traps "out of memory". Nothing is
    /// freed before the store dies, so this bounds what a module can make
    /// the host hold. 4 GiB by default; nil for no cap.
    public var gcHeapLimit: Int? {
        get { gcHeap.limit == .max ? nil : gcHeap.limit }
        set { gcHeap.limit = Swift.max(newValue ?? .max, 0) }
    }
    /// Remaining fuel when metering is on (one unit per function call and loop
    /// iteration); nil when the engine does not meter fuel. Starts unlimited (`.max`).
    public var fuel: UInt64? {
        didSet { if !engine.config.consumeFuel { fuel = nil } }
    }
    /// Arbitrary data the embedder attaches (e.g. the WASI context).
    public var userData: [String: AnyObject] = [:]

    lazy var interpreter = Interpreter(store: self)
    /// State machine code shares across this store's instances.
    let vmStore: UnsafeMutablePointer<VMStoreContext>
    /// The trap machine code raised, until the entry that called it rethrows it.
    var pendingTrap: Trap?

    public init(engine: Engine) {
        self.engine = engine
        fuel = engine.config.consumeFuel ? .max : nil
        vmStore = .allocate(capacity: 1)
        vmStore.initialize(to: VMStoreContext())
    }

    deinit {
        _ = takePendingException()
        vmStore.pointee.tailArgs?.deallocate()
        vmStore.deallocate()
    }

    /// Makes the `return_call` argument buffer hold at least `slots` slots.
    func reserveTailArguments(slots: Int) {
        guard slots > vmStore.pointee.tailArgsSlots else { return }
        vmStore.pointee.tailArgs?.deallocate()
        vmStore.pointee.tailArgs = .allocate(byteCount: slots * Slot.size, alignment: 16)
        vmStore.pointee.tailArgsSlots = slots
    }

    /// Takes one unit of fuel; traps with "all fuel consumed" when none is left.
    @inline(__always) func consumeFuel() throws {
        guard let left = fuel else { return }
        guard left > 0 else { throw Trap(.outOfFuel) }
        fuel = left - 1
    }

    func adopt(_ f: Function) { functions.append(f) }
    func adopt(_ m: Memory) { memories.append(m) }
    func adopt(_ t: Table) { tables.append(t) }
    func adopt(_ g: Global) { globals.append(g) }

    /// Creates a memory owned by this store.
    public func createMemory(_ type: MemoryType) throws(WasmError) -> Memory {
        try ModuleValidator.checkMemory(type)
        let m = try Memory(store: self, type: type)
        adopt(m)
        return m
    }

    /// Creates a table owned by this store, filled with `initial` (the host's:
    /// its element type cannot be a module's defined type).
    public func createTable(_ type: TableType, initial: Value) throws(WasmError) -> Table {
        guard !ValueType.ref(type.elementType).isDefinedReference else {
            throw WasmError(.other, "a host table cannot have a defined (module) element type")
        }
        try ModuleValidator.checkTableLimits(type.limits)
        return try createTable(type, initial: initial, typeIDs: [])
    }

    /// Creates a table owned by this store, filled with `initial`; `typeIDs`
    /// resolve the type indices of `type` (see `admits`).
    func createTable(_ type: TableType, initial: Value, typeIDs: [UInt32]) throws(WasmError) -> Table {
        guard let bits = referenceBits(initial, for: type.elementType, typeIDs: typeIDs) else {
            throw WasmError(.other, "initial value does not match the table's element type")
        }
        let t = try Table(store: self, type: type, initial: bits, typeIDs: typeIDs)
        adopt(t)
        return t
    }

    /// Creates a global owned by this store (the host's: its type cannot be
    /// a module's defined type).
    public func createGlobal(_ type: GlobalType, value: Value) throws(WasmError) -> Global {
        guard !type.valueType.isDefinedReference else {
            throw WasmError(.other, "a host global cannot have a defined (module) type")
        }
        guard admits(value, type.valueType, typeIDs: []) else { throw WasmError(.other, "global value does not match its type") }
        let g = Global(store: self, type: type, value: value, typeIDs: [])
        adopt(g)
        return g
    }

    /// Raw bits for an externref to `object`, keeping it alive.
    func externBits(_ object: AnyObject?) -> UInt64 {
        guard let object else { return 0 }
        if let converted = object as? ExternalizedAnyRef { return GCRef.externalize(converted.value.bits) }
        externObjects[ObjectIdentifier(object)] = object
        return UInt64(UInt(bitPattern: Unmanaged.passUnretained(object).toOpaque()))
    }

    @inline(__always) static func externObject(_ bits: UInt64) -> AnyObject? {
        guard bits != 0, let p = UnsafeRawPointer(bitPattern: UInt(bits)) else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(p).takeUnretainedValue()
    }

    /// Raw bits of a reference value for a slot of `type` (type indices
    /// resolved through `typeIDs`), or nil when it does not fit (see `admits`).
    func referenceBits(_ value: Value, for type: RefType, typeIDs: [UInt32]) -> UInt64? {
        guard admits(value, .ref(type), typeIDs: typeIDs) else { return nil }
        switch value {
        case .funcref(let f): return f?.refBits ?? 0
        case .externref(let o): return externBits(o)
        case .exnref(let e): return exceptionBits(e)
        case .anyref(let a): return a?.bits ?? 0
        default: return nil
        }
    }
}
