/// A location in wasm code, for trap backtraces.
public struct TrapFrame: @unchecked Sendable {
    /// Index of the function in its module's function index space.
    public var functionIndex: UInt32
    /// Byte offset of the instruction from the start of the function body.
    public var functionOffset: Int
    /// Byte offset of the instruction in the module binary.
    public var moduleOffset: Int
    /// The function's name from the name section, if any.
    public var functionName: String?
    /// The instance the function belongs to (nil for host frames).
    public weak var instance: Instance?
}

/// A WebAssembly trap: execution stopped with an error that the host sees.
public struct Trap: Error, CustomStringConvertible, @unchecked Sendable {
    /// Why execution stopped.
    public enum Reason: Equatable, Sendable {
        case unreachable
        case memoryOutOfBounds
        case tableOutOfBounds
        case integerOverflow
        case integerDivideByZero
        case invalidConversion
        case indirectCallTypeMismatch
        case undefinedElement
        case uninitializedElement
        case nullReference
        case nullFunctionReference
        case stackExhausted
        case outOfFuel
        /// `throw_ref` of a null exnref.
        case nullExceptionReference
        /// An atomic access at an address that is not a multiple of its size.
        case unalignedAtomic
        /// `memory.atomic.wait32/64` on a memory that is not shared.
        case expectedSharedMemory
        /// A wasm exception no handler caught (see `Trap.exception`).
        case uncaughtException
        /// GC: a struct, array or i31 access through a null reference.
        case nullStructReference, nullArrayReference, nullI31Reference
        /// GC: an array index or range outside the array.
        case arrayOutOfBounds
        /// GC: `ref.cast` of a reference that is not of the target type.
        case castFailure
        /// GC: an object too large to allocate.
        case outOfMemory
        /// Raised by a host function.
        case host(String)
        /// WASI `proc_exit` or an embedder's request to stop with an exit status.
        case exit(Int32)
    }

    public var reason: Reason
    /// Innermost frame first.
    public var frames: [TrapFrame] = []
    /// A host value a C host attached to the trap (opaque to the runtime).
    public var payload: AnyObject?
    /// The exception of an `.uncaughtException` trap; nil once it can no
    /// longer be caught (it crossed the C API).
    public var exception: Exception?

    public init(_ reason: Reason) {
        self.reason = reason
    }

    public var message: String {
        switch reason {
        case .unreachable: return "unreachable"
        case .memoryOutOfBounds: return "out of bounds memory access"
        case .tableOutOfBounds: return "out of bounds table access"
        case .integerOverflow: return "integer overflow"
        case .integerDivideByZero: return "integer divide by zero"
        case .invalidConversion: return "invalid conversion to integer"
        case .indirectCallTypeMismatch: return "indirect call type mismatch"
        case .undefinedElement: return "undefined element"
        case .uninitializedElement: return "uninitialized element"
        case .nullReference: return "null reference"
        case .nullFunctionReference: return "null function reference"
        case .stackExhausted: return "call stack exhausted"
        case .outOfFuel: return "all fuel consumed"
        case .nullExceptionReference: return "null exception reference"
        case .uncaughtException: return "uncaught exception"
        case .nullStructReference: return "null structure reference"
        case .nullArrayReference: return "null array reference"
        case .nullI31Reference: return "null i31 reference"
        case .arrayOutOfBounds: return "out of bounds array access"
        case .castFailure: return "cast failure"
        case .outOfMemory: return "out of memory"
        case .unalignedAtomic: return "unaligned atomic"
        case .expectedSharedMemory: return "expected shared memory"
        case .host(let m): return m
        case .exit(let code): return "exited with status \(code)"
        }
    }

    public var description: String { message }
}
