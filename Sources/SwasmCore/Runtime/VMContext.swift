/// Raw definition of a linear memory, shared by every instance that
/// imports it. Machine code and the interpreter read `base`/`length` here.
public struct VMMemory {
    public var base: UnsafeMutableRawPointer
    /// Accessible bytes.
    public var length: UInt64
}

/// Raw definition of a table: `size` reference slots of 8 bytes each.
public struct VMTable {
    public var elements: UnsafeMutablePointer<UInt64>
    public var size: UInt64
}

/// What a funcref points to: everything a call needs without touching
/// Swift objects (canonical type id, the owning function).
public struct VMFuncRef {
    public var typeID: UInt32
    /// Unretained `Function` (kept alive by its store).
    public var function: UnsafeMutableRawPointer
    /// Entry of compiled machine code, when the function has any.
    public var code: UnsafeRawPointer?
    /// The callee's `VMContext`.
    public var vmctx: UnsafeMutableRawPointer?
    /// The interpreter's `FunctionEntry` for wasm functions.
    var entry: UnsafeMutablePointer<FunctionEntry>?
}

/// The per-instance context block ("VM context"). Its field offsets are
/// the constants machine code uses (`VMContext.offsets`), computed here only.
public struct VMContext {
    public var memories: UnsafeMutablePointer<UnsafeMutablePointer<VMMemory>>
    /// Pointers to 16-byte global cells.
    public var globals: UnsafeMutablePointer<UnsafeMutableRawPointer>
    public var tables: UnsafeMutablePointer<UnsafeMutablePointer<VMTable>>
    /// Function index space of the instance -> funcref.
    public var functions: UnsafeMutablePointer<UnsafeMutablePointer<VMFuncRef>>
    /// Module type index -> canonical type id.
    public var typeIDs: UnsafeMutablePointer<UInt32>
    /// Lowest address the machine stack may reach.
    public var stackLimit: UInt
    /// Unretained `Store`.
    public var store: UnsafeMutableRawPointer

    /// Byte offsets of the fields, for generated code.
    public static let offsets = (
        memories: MemoryLayout<VMContext>.offset(of: \.memories)!,
        globals: MemoryLayout<VMContext>.offset(of: \.globals)!,
        tables: MemoryLayout<VMContext>.offset(of: \.tables)!,
        functions: MemoryLayout<VMContext>.offset(of: \.functions)!,
        typeIDs: MemoryLayout<VMContext>.offset(of: \.typeIDs)!,
        stackLimit: MemoryLayout<VMContext>.offset(of: \.stackLimit)!,
        store: MemoryLayout<VMContext>.offset(of: \.store)!
    )
}
