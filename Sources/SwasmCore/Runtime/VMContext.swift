import Synchronization

/// Raw definition of a linear memory, shared by every instance that
/// imports it. Machine code and the interpreter read `base`/`length` here.
public struct VMMemory {
    public var base: UnsafeMutableRawPointer
    /// Accessible bytes. Another thread may grow a shared memory: Swift code
    /// reads and writes it atomically (`currentLength`, `publishLength`).
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
    /// That entry's code: a `call_indirect` reaches the callee's first
    /// instruction one dependent load sooner than through the entry.
    var interpreterCode: UnsafePointer<UInt64>?
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
    /// The store's shared execution state (stack limit, entry frame).
    public var storeContext: UnsafeMutablePointer<VMStoreContext>
    /// Unretained `Store`.
    public var store: UnsafeMutableRawPointer
    /// Unretained `Instance`.
    public var instance: UnsafeMutableRawPointer
    /// Base of memory 0 (it never moves: memories reserve their maximum up front).
    public var memory0Base: UnsafeMutableRawPointer?
    /// Runtime entry points machine code calls (see `Builtins`).
    public var builtins: UnsafePointer<UnsafeRawPointer>
    /// Tag index space -> the tag's identity (`Tag.identity`), compared by handlers.
    public var tags: UnsafeMutablePointer<UnsafeRawPointer?>

    /// Byte offsets of the fields, for generated code.
    public static let offsets = (
        memories: MemoryLayout<VMContext>.offset(of: \.memories)!,
        globals: MemoryLayout<VMContext>.offset(of: \.globals)!,
        tables: MemoryLayout<VMContext>.offset(of: \.tables)!,
        functions: MemoryLayout<VMContext>.offset(of: \.functions)!,
        typeIDs: MemoryLayout<VMContext>.offset(of: \.typeIDs)!,
        storeContext: MemoryLayout<VMContext>.offset(of: \.storeContext)!,
        store: MemoryLayout<VMContext>.offset(of: \.store)!,
        instance: MemoryLayout<VMContext>.offset(of: \.instance)!,
        memory0Base: MemoryLayout<VMContext>.offset(of: \.memory0Base)!,
        builtins: MemoryLayout<VMContext>.offset(of: \.builtins)!,
        tags: MemoryLayout<VMContext>.offset(of: \.tags)!
    )
}

/// Execution state shared by all instances of a store, reached from machine
/// code through `VMContext.storeContext`.
public struct VMStoreContext {
    /// Lowest stack pointer machine code may use; set by the outermost entry.
    public var stackLimit: UInt = 0
    /// Stack pointer saved by the innermost entry trampoline (0 outside wasm).
    public var entrySP: UInt = 0
    /// Argument slots of a pending `return_call` (machine code tiers).
    public var tailArgs: UnsafeMutableRawPointer? = nil
    public var tailArgsSlots: Int = 0
    /// The exception machine code is unwinding with (a retained `Exception`),
    /// from its `throw` until a handler takes it (machine code tiers).
    public var pendingException: UnsafeMutableRawPointer? = nil
    /// The pending exception's tag identity, for handlers to compare inline.
    public var pendingTag: UnsafeRawPointer? = nil

    public static let offsets = (
        stackLimit: MemoryLayout<VMStoreContext>.offset(of: \.stackLimit)!,
        entrySP: MemoryLayout<VMStoreContext>.offset(of: \.entrySP)!,
        tailArgs: MemoryLayout<VMStoreContext>.offset(of: \.tailArgs)!,
        pendingTag: MemoryLayout<VMStoreContext>.offset(of: \.pendingTag)!
    )
}

extension VMFuncRef {
    static let offsets = (
        typeID: MemoryLayout<VMFuncRef>.offset(of: \.typeID)!,
        code: MemoryLayout<VMFuncRef>.offset(of: \.code)!,
        vmctx: MemoryLayout<VMFuncRef>.offset(of: \.vmctx)!
    )
}

extension VMMemory {
    static let offsets = (
        base: MemoryLayout<VMMemory>.offset(of: \.base)!,
        length: MemoryLayout<VMMemory>.offset(of: \.length)!
    )
}

extension UnsafeMutablePointer where Pointee == VMMemory {
    /// The memory's length as the last `publishLength` left it, read with
    /// acquire ordering: another thread may grow a shared memory, and the
    /// pages below a length it published are accessible here too.
    @inline(__always) var currentLength: UInt64 {
        lengthCell.pointee.load(ordering: .acquiring)
    }

    /// Publishes a new length with release ordering, after the pages below
    /// it were made accessible.
    @inline(__always) func publishLength(_ length: UInt64) {
        lengthCell.pointee.store(length, ordering: .releasing)
    }

    /// `length` as an atomic cell (machine code reads it with plain loads,
    /// which are acquire loads on x86-64).
    @inline(__always) private var lengthCell: UnsafeMutablePointer<Atomic<UInt64>> {
        (UnsafeMutableRawPointer(self) + MemoryLayout<VMMemory>.offset(of: \.length)!).assumingMemoryBound(to: Atomic<UInt64>.self)
    }
}

extension VMTable {
    static let offsets = (
        elements: MemoryLayout<VMTable>.offset(of: \.elements)!,
        size: MemoryLayout<VMTable>.offset(of: \.size)!
    )
}
