/// Checks the module-level rules (indices, limits, constant expressions,
/// segments, exports, start) and every function body.
struct ModuleValidator {
    /// What function validation needs to know about the whole module.
    struct Context {
        let typeCount: Int
        /// Subtyping between the module's types.
        let hierarchy: TypeHierarchy
        /// The proposals function bodies may use.
        var features: Features = .default
        /// Functions that `ref.func` may name (C.refs in the spec).
        var declaredFunctions: Set<UInt32> = []

        func checkHeapType(_ heap: HeapType, _ offset: Int) throws(WasmError) {
            if case .concrete(let i) = heap, Int(i) >= typeCount { throw invalid("unknown type", offset) }
        }
    }

    let module: Module
    /// The proposals the module may use (`checkFeatures`).
    var features: Features = .default

    /// Largest number of pages a 32-bit memory may declare (4 GiB).
    static let maxPages32: UInt64 = 65536
    static let maxPages64: UInt64 = 1 << 48

    /// Validates everything, function bodies included.
    func validate() throws(WasmError) {
        let context = try validateModule()
        try module.bytes.withUnsafeBufferPointer { (buf) throws(WasmError) in
            for i in module.importedFunctionCount..<module.functionTypeIndices.count {
                var v = FunctionValidator(module: module, context: context, functionIndex: i, sink: NullSink(), bytes: buf)
                _ = try v.run()
            }
        }
    }

    /// Validates the module-level rules; returns what function validation needs.
    func validateModule() throws(WasmError) -> Context {
        try checkFeatures()
        var context = Context(typeCount: module.types.count, hierarchy: try validateTypeSection(), features: features)
        let m = module
        for imp in m.imports {
            switch imp.descriptor {
            case .function(let t):
                guard m.isFunctionType(t) else { throw invalid("unknown type") }
            case .table(let t): try checkTable(t, context)
            case .memory(let mt): try Self.checkMemory(mt)
            case .global(let g): try checkValueType(g.valueType, context)
            case .tag: break
            }
        }
        for t in m.functionTypeIndices[m.importedFunctionCount...] {
            guard m.isFunctionType(t) else { throw invalid("unknown type") }
        }
        for t in m.tags {
            guard m.isFunctionType(t) else { throw invalid("unknown type") }
            guard m.types[Int(t)].results.isEmpty else { throw invalid("non-empty tag result type") }
        }
        for t in m.tableDefinitions { try checkTable(t.type, context) }
        for mt in m.memories[m.importedMemoryCount...] { try Self.checkMemory(mt) }

        // C.refs: functions referenced outside function bodies.
        func collectRefs(_ e: ConstExpr) {
            for i in e.instructions { if case .refFunc(let f) = i { context.declaredFunctions.insert(f) } }
        }
        m.globalDefinitions.forEach { collectRefs($0.initializer) }
        m.tableDefinitions.forEach { if let e = $0.initializer { collectRefs(e) } }
        m.elements.forEach { $0.items.forEach(collectRefs) }
        for e in m.exports where e.kind == .function { context.declaredFunctions.insert(e.index) }

        for (i, def) in m.tableDefinitions.enumerated() {
            if let initializer = def.initializer {
                try checkConst(initializer, .ref(def.type.elementType), globalLimit: m.importedGlobalCount, context)
            } else if !def.type.elementType.nullable {
                throw invalid("type mismatch: non-defaultable table \(m.importedTableCount + i) needs an initializer")
            }
        }
        for (i, g) in m.globalDefinitions.enumerated() {
            try checkValueType(g.type.valueType, context)
            try checkConst(g.initializer, g.type.valueType, globalLimit: m.importedGlobalCount + i, context)
        }
        for seg in m.elements {
            try checkValueType(.ref(seg.type), context)
            if case .active(let table, let offset) = seg.mode {
                guard Int(table) < m.tables.count else { throw invalid("unknown table \(table)") }
                let t = m.tables[Int(table)]
                try checkConst(offset, t.limits.is64 ? .i64 : .i32, globalLimit: m.globals.count, context)
                guard context.hierarchy.isSubtype(seg.type, t.elementType) else { throw invalid("type mismatch") }
            }
            for item in seg.items { try checkConst(item, .ref(seg.type), globalLimit: m.globals.count, context) }
        }
        for seg in m.data {
            if case .active(let mem, let offset) = seg.mode {
                guard Int(mem) < m.memories.count else { throw invalid("unknown memory \(mem)") }
                try checkConst(offset, m.memories[Int(mem)].limits.is64 ? .i64 : .i32, globalLimit: m.globals.count, context)
            }
        }
        if let start = m.start {
            guard Int(start) < m.functionTypeIndices.count else { throw invalid("unknown function \(start)") }
            let t = m.functionType(Int(start))
            guard t.params.isEmpty, t.results.isEmpty else { throw invalid("start function") }
        }
        // Names are compared as bytes: Swift's String equality would unify canonically equivalent text.
        var names = Set<[UInt8]>()
        for e in m.exports {
            guard names.insert(Array(e.name.utf8)).inserted else { throw invalid("duplicate export name") }
            let count: Int
            switch e.kind {
            case .function: count = m.functionTypeIndices.count
            case .table: count = m.tables.count
            case .memory: count = m.memories.count
            case .global: count = m.globals.count
            case .tag: count = m.tags.count
            }
            guard Int(e.index) < count else { throw invalid("unknown \(e.kind) \(e.index)") }
        }
        return context
    }

    func checkValueType(_ t: ValueType, _ context: Context) throws(WasmError) {
        if case .ref(let r) = t { try context.checkHeapType(r.heapType, 0) }
    }

    func checkTable(_ t: TableType, _ context: Context) throws(WasmError) {
        try checkValueType(.ref(t.elementType), context)
        try Self.checkTableLimits(t.limits)
    }

    /// The limits rules for a table type: a module's, or one the host creates (`Store.createTable`).
    static func checkTableLimits(_ limits: Limits) throws(WasmError) {
        let limit: UInt64 = limits.is64 ? UInt64.max : UInt64(UInt32.max)
        guard limits.min <= limit, (limits.max ?? 0) <= limit else { throw invalid("table size must be at most 2^32-1") }
        if let max = limits.max, max < limits.min {
            throw invalid("size minimum must not be greater than maximum")
        }
    }

    /// The rules for a memory type: a module's, or one the host creates (`Store.createMemory`).
    static func checkMemory(_ m: MemoryType) throws(WasmError) {
        let pageBytesLog2 = UInt64(m.pageSizeLog2)
        let limit: UInt64
        if m.limits.is64 {
            limit = pageBytesLog2 == 16 ? Self.maxPages64 : UInt64.max
        } else {
            // A 32-bit memory's page count is a u32 (with 1-byte pages, at most 2^32 - 1).
            limit = min((1 << 32) >> pageBytesLog2, UInt64(UInt32.max))
        }
        guard m.limits.min <= limit, (m.limits.max ?? 0) <= limit else {
            throw invalid("memory size must be at most \(limit) pages (4GiB)")
        }
        if let max = m.limits.max, max < m.limits.min {
            throw invalid("size minimum must not be greater than maximum")
        }
        if m.limits.shared && m.limits.max == nil { throw invalid("shared memory must have maximum") }
    }

    /// Type-checks a constant expression producing one value of `type`.
    /// `globalLimit` bounds which globals `global.get` may read.
    func checkConst(_ e: ConstExpr, _ type: ValueType, globalLimit: Int, _ context: Context) throws(WasmError) {
        var stack: [ValueType] = []
        func binary(_ t: ValueType) throws(WasmError) {
            guard stack.count >= 2, stack.removeLast() == t, stack.removeLast() == t else { throw invalid("type mismatch") }
            stack.append(t)
        }
        for i in e.instructions {
            switch i {
            case .i32Const: stack.append(.i32)
            case .i64Const: stack.append(.i64)
            case .f32Const: stack.append(.f32)
            case .f64Const: stack.append(.f64)
            case .v128Const: stack.append(.v128)
            case .refNull(let h):
                try context.checkHeapType(h, 0)
                stack.append(.ref(RefType(nullable: true, heapType: h)))
            case .refFunc(let f):
                guard Int(f) < module.functionTypeIndices.count else { throw invalid("unknown function \(f)") }
                stack.append(.ref(RefType(nullable: false, heapType: .concrete(module.functionTypeIndices[Int(f)]))))
            case .globalGet(let g):
                guard Int(g) < module.globals.count else { throw invalid("unknown global \(g)") }
                guard Int(g) < globalLimit else { throw invalid("unknown global \(g)") }
                guard !module.globals[Int(g)].mutable else { throw invalid("constant expression required") }
                stack.append(module.globals[Int(g)].valueType)
            case .i32Add, .i32Sub, .i32Mul: try binary(.i32)
            case .i64Add, .i64Sub, .i64Mul: try binary(.i64)
            default: try checkGCConst(i, &stack, context)
            }
        }
        guard stack.count == 1, context.hierarchy.isSubtype(stack[0], type) else { throw invalid("type mismatch") }
    }
}
