/// An instantiated module: its functions, memories, tables, globals and
/// exports, plus the raw VM context the tiers execute against.
public final class Instance {
    public let compiled: CompiledModule
    unowned(unsafe) let store: Store
    public internal(set) var functions: [Function] = []
    public internal(set) var memories: [Memory] = []
    public internal(set) var tables: [Table] = []
    public internal(set) var globals: [Global] = []
    public internal(set) var tags: [Tag] = []
    /// Ordered exports.
    public internal(set) var exports: [(name: String, value: Extern)] = []
    /// Export position by name bytes (not `String`, whose equality unifies canonically equivalent text).
    var exportIndex: [[UInt8]: Int] = [:]
    /// Reference bits of each element segment; emptied by `elem.drop`.
    var elementSegments: [[UInt64]] = []
    /// Byte range of each data segment in the module binary; emptied by `data.drop`.
    var dataSegments: [Range<Int>] = []
    let vmctx: UnsafeMutablePointer<VMContext>
    /// Interpreter entry of every function in the index space.
    var entries: UnsafeMutablePointer<FunctionEntry>

    public var module: Module { compiled.module }

    /// The export called `name`.
    public func export(_ name: String) -> Extern? {
        exportIndex[Array(name.utf8)].map { exports[$0].value }
    }

    /// Instantiates `compiled` into `store` with `imports` in the module's import order.
    /// Throws `WasmError` (.unlinkable) for bad imports and `Trap` when
    /// initialization or the start function traps; in that case writes to
    /// shared memories and tables made before the trap remain.
    public init(store: Store, compiled: CompiledModule, imports: [Extern]) throws {
        self.compiled = compiled
        self.store = store
        let m = compiled.module
        let typeIDsPointer = UnsafeMutablePointer<UInt32>.allocate(capacity: max(compiled.typeIDs.count, 1))
        typeIDsPointer.initialize(from: compiled.typeIDs, count: compiled.typeIDs.count)
        vmctx = .allocate(capacity: 1)
        entries = .allocate(capacity: max(m.functionTypeIndices.count, 1))
        vmctx.initialize(to: VMContext(
            memories: .allocate(capacity: max(m.memories.count, 1)),
            globals: .allocate(capacity: max(m.globals.count, 1)),
            tables: .allocate(capacity: max(m.tables.count, 1)),
            functions: .allocate(capacity: max(m.functionTypeIndices.count, 1)),
            typeIDs: typeIDsPointer, storeContext: store.vmStore,
            store: Unmanaged.passUnretained(store).toOpaque(),
            instance: UnsafeMutableRawPointer(bitPattern: 1)!, memory0Base: nil,
            builtins: Builtins.table, tags: .allocate(capacity: max(m.tags.count, 1))))
        vmctx.pointee.instance = Unmanaged.passUnretained(self).toOpaque()
        store.instances.append(self)
        try link(imports)
        try initialize()
    }

    deinit {
        vmctx.pointee.memories.deallocate()
        vmctx.pointee.globals.deallocate()
        vmctx.pointee.tables.deallocate()
        vmctx.pointee.functions.deallocate()
        vmctx.pointee.typeIDs.deallocate()
        vmctx.pointee.tags.deallocate()
        vmctx.deallocate()
        entries.deallocate()
    }

    /// Resolves imports and creates the module's own functions, globals, tables and memories.
    private func link(_ imports: [Extern]) throws {
        let m = compiled.module
        let types = store.engine.types
        guard imports.count == m.imports.count else {
            throw WasmError(.unlinkable, "unknown import: expected \(m.imports.count) imports, got \(imports.count)")
        }
        for (imp, ext) in zip(m.imports, imports) {
            switch (imp.descriptor, ext) {
            case (.function(let t), .function(let f)):
                guard f.store === store else { throw foreign(imp) }
                guard store.engine.types.isSubtype(f.typeID, compiled.typeIDs[Int(t)]) else {
                    throw incompatible(imp, "function type")
                }
                functions.append(f)
            case (.table(let t), .table(let table)):
                guard table.store === store else { throw foreign(imp) }
                guard types.isEquivalent(.ref(table.type.elementType), table.typeIDs, .ref(t.elementType), compiled.typeIDs),
                      table.currentType.limits.isSubtype(of: t.limits) else {
                    throw incompatible(imp, "table type")
                }
                tables.append(table)
            case (.memory(let t), .memory(let mem)):
                // A shared memory is shared between the stores of threads; any other object belongs to its store.
                guard mem.store === store || (mem.type.limits.shared && mem.engine === store.engine) else { throw foreign(imp) }
                guard mem.type.pageSizeLog2 == t.pageSizeLog2, mem.currentType.limits.isSubtype(of: t.limits) else {
                    throw incompatible(imp, "memory type")
                }
                memories.append(mem)
            case (.global(let t), .global(let g)):
                guard g.store === store else { throw foreign(imp) }
                guard g.type.mutable == t.mutable,
                      t.mutable ? types.isEquivalent(g.type.valueType, g.typeIDs, t.valueType, compiled.typeIDs)
                                : types.isSubtype(g.type.valueType, g.typeIDs, t.valueType, compiled.typeIDs) else {
                    throw incompatible(imp, "global type")
                }
                globals.append(g)
            case (.tag(let t), .tag(let tag)):
                guard tag.typeID == compiled.typeIDs[Int(t)] else { throw incompatible(imp, "tag type") }
                tags.append(tag)
            default:
                throw incompatible(imp, "kind")
            }
        }
        let me = Unmanaged.passUnretained(self)
        for i in m.importedFunctionCount..<m.functionTypeIndices.count {
            let f = Function(store: store, type: m.functionType(i), kind: .wasm(instance: me, index: i),
                             typeID: compiled.typeIDs[Int(m.functionTypeIndices[i])])
            store.adopt(f)
            functions.append(f)
        }
        for (i, f) in functions.enumerated() {
            vmctx.pointee.functions[i] = f.ref
        }
        // Interpreter entries (machine code is attached after the memories exist).
        let interpreted = compiled.code != nil
        if interpreted {
            for i in 0..<functions.count { entries[i] = FunctionEntry(instance: self, index: i) }
        }
        for (i, f) in functions.enumerated() where i >= m.importedFunctionCount {
            if interpreted {
                f.ref.pointee.entry = entries + i
                f.ref.pointee.interpreterCode = entries[i].code
            }
            f.ref.pointee.vmctx = UnsafeMutableRawPointer(vmctx)
        }
        for def in m.globalDefinitions {
            let value = try evaluate(def.initializer, type: def.type.valueType)
            let g = Global(store: store, type: def.type, value: value, typeIDs: compiled.typeIDs)
            store.adopt(g)
            globals.append(g)
        }
        for def in m.tableDefinitions {
            let initial = try def.initializer.map { try evaluate($0, type: .ref(def.type.elementType)) }
                ?? .zero(.ref(def.type.elementType), definedTypes: DefinedTypes(ids: compiled.typeIDs, registry: store.engine.types))
            tables.append(try store.createTable(def.type, initial: initial, typeIDs: compiled.typeIDs))
        }
        for t in m.tags[m.importedTagCount...] {
            let tag = Tag(store: store, type: m.types[Int(t)], typeID: compiled.typeIDs[Int(t)], typeIDs: compiled.typeIDs)
            store.tags.append(tag)
            tags.append(tag)
        }
        for t in m.memories[m.importedMemoryCount...] {
            memories.append(try store.createMemory(t))
        }
        for (i, g) in globals.enumerated() { vmctx.pointee.globals[i] = g.cell }
        for (i, t) in tables.enumerated() { vmctx.pointee.tables[i] = t.vm }
        for (i, mem) in memories.enumerated() { vmctx.pointee.memories[i] = mem.vm }
        for (i, tag) in tags.enumerated() { vmctx.pointee.tags[i] = tag.identity }
        vmctx.pointee.memory0Base = memories.first?.data
        try compiled.machineCode(for: self)?.attach(self)
        for e in m.exports {
            let i = Int(e.index)
            let value: Extern
            switch e.kind {
            case .function: value = .function(functions[i])
            case .table: value = .table(tables[i])
            case .memory: value = .memory(memories[i])
            case .global: value = .global(globals[i])
            case .tag: value = .tag(tags[i])
            }
            exportIndex[Array(e.name.utf8)] = exports.count
            exports.append((e.name, value))
        }
    }

    /// The error for an import of a function, table, memory or global of another store.
    private func foreign(_ imp: Import) -> WasmError {
        WasmError(.unlinkable, "incompatible import type for \(imp.module).\(imp.name): it belongs to another store")
    }

    private func incompatible(_ imp: Import, _ what: String) -> WasmError {
        WasmError(.unlinkable, "incompatible import type for \(imp.module).\(imp.name): \(what) does not match")
    }

    /// Runs segment initialization and the start function.
    private func initialize() throws {
        let m = compiled.module
        for seg in m.elements {
            var bits: [UInt64] = []
            bits.reserveCapacity(seg.items.count)
            for item in seg.items { bits.append(try evaluateBits(item).lo) }
            elementSegments.append(bits)
        }
        dataSegments = m.data.map(\.range)
        for (i, seg) in m.elements.enumerated() {
            switch seg.mode {
            case .active(let table, let offset):
                let start = try evaluate(offset, type: tables[Int(table)].type.limits.is64 ? .i64 : .i32)
                try tableInit(table: Int(table), segment: i, destination: start.asAddress, source: 0, count: UInt64(seg.items.count))
                elementSegments[i] = []
            case .declarative:
                elementSegments[i] = []
            case .passive:
                break
            }
        }
        for (i, seg) in m.data.enumerated() {
            if case .active(let mem, let offset) = seg.mode {
                let start = try evaluate(offset, type: memories[Int(mem)].type.limits.is64 ? .i64 : .i32)
                try memoryInit(memory: Int(mem), segment: i, destination: start.asAddress, source: 0, count: UInt64(seg.range.count))
                dataSegments[i] = 0..<0
            }
        }
        if let start = m.start {
            _ = try functions[Int(start)].call([])
        }
    }

    /// Evaluates a constant expression.
    func evaluate(_ e: ConstExpr, type: ValueType) throws -> Value {
        var bits = try evaluateBits(e)
        let definedTypes = DefinedTypes(ids: compiled.typeIDs, registry: store.engine.types)
        return withUnsafeMutableBytes(of: &bits) { Slot.read($0.baseAddress!, type, definedTypes: definedTypes) }
    }

    /// `table.init` semantics: bounds-checked copy from an element segment.
    func tableInit(table: Int, segment: Int, destination: UInt64, source: UInt64, count: UInt64) throws {
        let t = tables[table]
        let seg = elementSegments[segment]
        guard source <= UInt64(seg.count), count <= UInt64(seg.count) - source,
              destination <= t.size, count <= t.size - destination else {
            throw Trap(.tableOutOfBounds)
        }
        for k in 0..<Int(count) {
            t.vm.pointee.elements[Int(destination) + k] = seg[Int(source) + k]
        }
    }

    /// `memory.init` semantics: bounds-checked copy from a data segment.
    func memoryInit(memory: Int, segment: Int, destination: UInt64, source: UInt64, count: UInt64) throws {
        let mem = memories[memory]
        let range = dataSegments[segment]
        let length = UInt64(range.count)
        guard source <= length, count <= length - source,
              destination <= mem.byteCount, count <= mem.byteCount - destination else {
            throw Trap(.memoryOutOfBounds)
        }
        if count > 0 {
            compiled.module.bytes.withUnsafeBytes { bytes in
                (mem.data + Int(destination)).copyMemory(from: bytes.baseAddress! + range.lowerBound + Int(source), byteCount: Int(count))
            }
        }
    }
}

extension Value {
    /// An i32 or i64 value as an unsigned address.
    var asAddress: UInt64 {
        switch self {
        case .i32(let v): return UInt64(v)
        case .i64(let v): return v
        default: return 0
        }
    }
}
