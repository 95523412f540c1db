/// Trap reasons as the small integers machine code passes around
/// (0 = no trap). `pending` means the full `Trap` is already stored in the
/// store (a host function's trap, or one with a custom message).
enum TrapCode {
    static let none: UInt32 = 0
    static let pending: UInt32 = 100
    /// Not a trap: an exception is pending in the store (`VMStoreContext.pendingException`).
    static let exception: UInt32 = 101

    static let reasons: [Trap.Reason] = [
        .unreachable, .memoryOutOfBounds, .tableOutOfBounds, .integerOverflow, .integerDivideByZero,
        .invalidConversion, .indirectCallTypeMismatch, .undefinedElement, .uninitializedElement,
        .nullReference, .nullFunctionReference, .stackExhausted, .outOfFuel, .nullExceptionReference,
        .nullStructReference, .nullArrayReference, .nullI31Reference, .arrayOutOfBounds, .castFailure, .outOfMemory,
        .unalignedAtomic, .expectedSharedMemory,
    ]

    /// The code of a reason that has one.
    static func code(_ reason: Trap.Reason) -> UInt32? {
        reasons.firstIndex(of: reason).map { UInt32($0 + 1) }
    }

    static func reason(_ code: UInt32) -> Trap.Reason? {
        code >= 1 && Int(code) <= reasons.count ? reasons[Int(code) - 1] : nil
    }

    static let unreachable = code(.unreachable)!
    static let memoryOutOfBounds = code(.memoryOutOfBounds)!
    static let tableOutOfBounds = code(.tableOutOfBounds)!
    static let integerOverflow = code(.integerOverflow)!
    static let integerDivideByZero = code(.integerDivideByZero)!
    static let invalidConversion = code(.invalidConversion)!
    static let indirectCallTypeMismatch = code(.indirectCallTypeMismatch)!
    static let undefinedElement = code(.undefinedElement)!
    static let uninitializedElement = code(.uninitializedElement)!
    static let nullReference = code(.nullReference)!
    static let nullFunctionReference = code(.nullFunctionReference)!
    static let stackExhausted = code(.stackExhausted)!
    static let unalignedAtomic = code(.unalignedAtomic)!
}
