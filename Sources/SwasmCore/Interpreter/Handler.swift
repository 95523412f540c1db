/// Specialized handlers: the interpreter's first dispatch. The translator
/// stamps each instruction's opcode word (bits `Handler.bit` ... 63) with
/// the handler specialized for the instruction and its operand form (which
/// operand words are slots and which immediates, whether an address has a
/// shift), so that the handler reads its operands without testing flags.
/// `generic`, and every handler the interpreter has no case for, runs the
/// general dispatch on the opcode, which tests the flags at run time.
///
/// The interpreter switches over this enum, read from the stamp with
/// `unsafeBitCast`, which compiles to one jump table without a range check:
/// each case's tag must be its raw value (declaration order, checked by a
/// test), and only the translator writes stamps.
enum Handler: UInt16, CaseIterable {
    /// The general dispatch on the opcode.
    case generic
    /// Numeric instructions 0x45 ... 0xC4 (named by opcode) with their operands in slots.
    case s45, s46, s47, s48, s49, s4A, s4B, s4C, s4D, s4E, s4F, s50, s51, s52, s53, s54, s55, s56, s57, s58, s59, s5A, s5B, s5C, s5D, s5E, s5F, s60, s61, s62, s63, s64, s65, s66, s67, s68, s69, s6A, s6B, s6C, s6D, s6E, s6F, s70, s71, s72, s73, s74, s75, s76, s77, s78, s79, s7A, s7B, s7C, s7D, s7E, s7F, s80, s81, s82, s83, s84, s85, s86, s87, s88, s89, s8A, s8B, s8C, s8D, s8E, s8F, s90, s91, s92, s93, s94, s95, s96, s97, s98, s99, s9A, s9B, s9C, s9D, s9E, s9F, sA0, sA1, sA2, sA3, sA4, sA5, sA6, sA7, sA8, sA9, sAA, sAB, sAC, sAD, sAE, sAF, sB0, sB1, sB2, sB3, sB4, sB5, sB6, sB7, sB8, sB9, sBA, sBB, sBC, sBD, sBE, sBF, sC0, sC1, sC2, sC3, sC4
    /// Numeric instructions with an immediate second operand.
    case i45, i46, i47, i48, i49, i4A, i4B, i4C, i4D, i4E, i4F, i50, i51, i52, i53, i54, i55, i56, i57, i58, i59, i5A, i5B, i5C, i5D, i5E, i5F, i60, i61, i62, i63, i64, i65, i66, i67, i68, i69, i6A, i6B, i6C, i6D, i6E, i6F, i70, i71, i72, i73, i74, i75, i76, i77, i78, i79, i7A, i7B, i7C, i7D, i7E, i7F, i80, i81, i82, i83, i84, i85, i86, i87, i88, i89, i8A, i8B, i8C, i8D, i8E, i8F, i90, i91, i92, i93, i94, i95, i96, i97, i98, i99, i9A, i9B, i9C, i9D, i9E, i9F, iA0, iA1, iA2, iA3, iA4, iA5, iA6, iA7, iA8, iA9, iAA, iAB, iAC, iAD, iAE, iAF, iB0, iB1, iB2, iB3, iB4, iB5, iB6, iB7, iB8, iB9, iBA, iBB, iBC, iBD, iBE, iBF, iC0, iC1, iC2, iC3, iC4
    /// Instructions without operand flags (`globalGet`, `globalSet`: of an i32 or f32 global, `IOp.narrowGlobal`).
    case copy32, copy64, copy128, const64, br, brIf, brIfNot, brTable, i32AddShifted, globalGet, globalSet, call, callIndirect, ret, select, addPair
    /// `IOp.brIfEq` + k (comparison k), both operands in slots: eq, ne, <
    /// and <= only, as the translator writes > and >= swapped; then the
    /// second an immediate: eq, ne, < and > only (`IOp.strict`).
    case compareBranch0, compareBranch1, compareBranch2, compareBranch3, compareBranch6, compareBranch7
    case compareBranchImmediate0, compareBranchImmediate1, compareBranchImmediate2, compareBranchImmediate3, compareBranchImmediate4, compareBranchImmediate5
    /// `IOp.addBranch` + k of a slot and an immediate, compared with a slot; then with an immediate (k < 6, `IOp.strict`).
    case addBranch0, addBranch1, addBranch2, addBranch3, addBranch4, addBranch5, addBranch6, addBranch7, addBranch8, addBranch9
    case addBranchImmediate0, addBranchImmediate1, addBranchImmediate2, addBranchImmediate3, addBranchImmediate4, addBranchImmediate5
    /// Memory-0 access `IOp.memory0Access` + k: loads at a slot plus a constant, then at slots `x + (y << shift)`;
    /// stores (k - 14) of a slot likewise.
    case load0, load1, load2, load3, load4, load5, load6, load7, load8, load9, load10, load11, load12, load13
    case loadSlots0, loadSlots1, loadSlots2, loadSlots3, loadSlots4, loadSlots5, loadSlots6, loadSlots7, loadSlots8, loadSlots9, loadSlots10, loadSlots11, loadSlots12, loadSlots13
    case store0, store1, store2, store3, store4, store5, store6, store7, store8
    case storeSlots0, storeSlots1, storeSlots2, storeSlots3, storeSlots4, storeSlots5, storeSlots6, storeSlots7, storeSlots8
    /// Then at a constant plus slot `y` shifted (loads, stores of a slot), and stores of an immediate at a slot plus a constant.
    case loadIndexed0, loadIndexed1, loadIndexed2, loadIndexed3, loadIndexed4, loadIndexed5, loadIndexed6, loadIndexed7, loadIndexed8, loadIndexed9, loadIndexed10, loadIndexed11, loadIndexed12, loadIndexed13
    case storeIndexed0, storeIndexed1, storeIndexed2, storeIndexed3, storeIndexed4, storeIndexed5, storeIndexed6, storeIndexed7, storeIndexed8
    case storeImmediate0, storeImmediate1, storeImmediate2, storeImmediate3, storeImmediate4, storeImmediate5, storeImmediate6, storeImmediate7, storeImmediate8
    /// `IOp.f64WithLoad` + k: the address a slot plus a constant, then slots.
    case f64WithLoad0, f64WithLoad1, f64WithLoad2, f64WithLoad3, f64WithLoad4, f64WithLoad5
    case f64WithLoadSlots0, f64WithLoadSlots1, f64WithLoadSlots2, f64WithLoadSlots3, f64WithLoadSlots4, f64WithLoadSlots5
    /// `IOp.fusedMultiply` + k, every operand in a slot.
    case fusedMultiply0, fusedMultiply1, fusedMultiply2, fusedMultiply3, fusedMultiply4, fusedMultiply5, fusedMultiply6, fusedMultiply7
    /// `IOp.addBranch` + k of two slots, compared with a slot; then with an immediate (k < 6).
    case addBranchSlots0, addBranchSlots1, addBranchSlots2, addBranchSlots3, addBranchSlots4, addBranchSlots5, addBranchSlots6, addBranchSlots7, addBranchSlots8, addBranchSlots9
    case addBranchSlotsImmediate0, addBranchSlotsImmediate1, addBranchSlotsImmediate2, addBranchSlotsImmediate3, addBranchSlotsImmediate4, addBranchSlotsImmediate5
    /// Memory-0 stores (k - 14) of an immediate at slots `x + (y << shift)`.
    case storeImmediateSlots0, storeImmediateSlots1, storeImmediateSlots2, storeImmediateSlots3, storeImmediateSlots4, storeImmediateSlots5, storeImmediateSlots6, storeImmediateSlots7, storeImmediateSlots8
    /// Memory-0 loads, stores of a slot, and `IOp.f64WithLoad` at a constant address (its other operand as flagged).
    case loadConstant0, loadConstant1, loadConstant2, loadConstant3, loadConstant4, loadConstant5, loadConstant6, loadConstant7, loadConstant8, loadConstant9, loadConstant10, loadConstant11, loadConstant12, loadConstant13
    case storeConstant0, storeConstant1, storeConstant2, storeConstant3, storeConstant4, storeConstant5, storeConstant6, storeConstant7, storeConstant8
    case f64WithLoadConstant0, f64WithLoadConstant1, f64WithLoadConstant2, f64WithLoadConstant3, f64WithLoadConstant4, f64WithLoadConstant5
    /// Float subtraction and division (f32.sub, f32.div, f64.sub, f64.div) of an immediate by a slot.
    case r93, r95, rA1, rA3
    /// `IOp.xorShift` + k.
    case xorShift0, xorShift1, xorShift2, xorShift3
    /// `IOp.brIf64Eq`, `IOp.brIf64Ne` with both operands in slots; then the second an immediate.
    case compareBranch64Slots0, compareBranch64Slots1, compareBranch64Immediate0, compareBranch64Immediate1
    /// `IOp.mulAdd32`, `IOp.shiftAnd32`.
    case mulAdd32, shiftAnd32
    /// Superinstructions: two adjacent instructions, each in its specialized
    /// form, run by one handler (`pairs`).
    case pair0, pair1, pair2, pair3, pair4, pair5, pair6, pair7, pair8, pair9, pair10, pair11, pair12, pair13, pair14, pair15, pair16, pair17, pair18, pair19, pair20, pair21, pair22, pair23, pair24, pair25, pair26, pair27, pair28, pair29, pair30, pair31, pair32, pair33, pair34, pair35, pair36, pair37, pair38, pair39, pair40, pair41, pair42, pair43, pair44, pair45,
         pair46, pair47, pair48, pair49, pair50, pair51, pair52, pair53, pair54, pair55, pair56, pair57, pair58, pair59, pair60

    /// The stamp is the opcode word's top 16 bits (the opcode, operand flags
    /// and shift sit below bit 29).
    static let bit: UInt64 = 48
    /// `word` with its stamp replaced by `handler`.
    static func stamp(_ word: UInt64, _ handler: Handler) -> UInt64 {
        word & ((1 << bit) - 1) | UInt64(handler.rawValue) << bit
    }

    /// The handler `word` is stamped with.
    static func stamp(of word: UInt64) -> Handler? { Handler(rawValue: UInt16(word >> bit)) }

    /// The two handlers each `pair` runs, in order: pairs of adjacent
    /// instructions that are frequent in compiled C code (float multiply
    /// chains, load or store next to arithmetic, pointer steps, hash mixing,
    /// loop latches), chosen from handler-bigram profiles of the benchmark
    /// programs (`bench/programs` and the sightglass shootout kernels).
    /// A pair whose second member is itself a pair runs three instructions:
    /// (i6A, pair10) is the dispatch of a switch loop, `op = code[pc++]`.
    /// Pairs of straight-line instructions and unconditional branches add
    /// little code; a few more handlers that compare and branch (or a loop
    /// inside a handler) tip LLVM's register allocation of the execution
    /// loop into register copies at every dispatch, slowing every handler.
    static let pairs: [(Handler, Handler)] = [
        (.sA2, .sA2),
        (.store3, .i6A),
        (.load3, .sA2),
        (.i6A, .sA2),
        (.f64WithLoad0, .store3),
        (.fusedMultiply7, .store3),
        (.sA2, .f64WithLoad0),
        (.i6A, .pair10),
        (.storeImmediateSlots4, .addBranchSlots7),
        (.store1, .br),
        (.loadIndexed0, .brTable),
        (.addPair, .br),
        (.i6A, .i32AddShifted),
        (.i6A, .loadSlots1),
        (.i6A, .i6A),
        (.store0, .addPair),
        (.s73, .store0),
        (.store0, .i6A),
        (.s6A, .addBranchImmediate5),
        (.load0, .i6A),
        (.load0, .s73),
        (.load0, .load0),
        (.xorShift3, .i7E),
        (.storeImmediate1, .addBranch1),
        (.s85, .i7E),
        (.xorShift3, .s71),
        (.mulAdd32, .shiftAnd32),
        (.s73, .i77),
        (.s6A, .ret),
        (.load3, .load3),
        (.load3, .f64WithLoad2),
        (.fusedMultiply5, .sA0),
        (.s6A, .s73),
        (.s9F, .sA2),
        (.load3, .i6A),
        (.store3, .copy32),
        (.xorShift2, .xorShift3),
        (.xorShift2, .i88),
        (.copy32, .select),
        (.copy32, .br),
        (.load0, .store0),
        (.copy32, .copy32),
        (.copy32, .i6A),
        (.load0, .copy32),
        (.i6A, .call),
        (.copy32, .ret),
        (.i6A, .pair13),
        (.loadIndexed0, .pair13),
        (.store1, .pair39),
        (.loadIndexed12, .pair9),
        (.i6A, .load1),
        (.const64, .pair38),
        (.sAD, .s7C),
        (.s7C, .i47),
        (.sA0, .storeConstant3),
        (.f64WithLoadConstant5, .pair54),
        (.sA2, .pair5),
        (.f64WithLoad1, .sA2),
        (.f64WithLoad1, .pair31),
        (.rA3, .pair5),
        (.sA0, .sA0),
    ]

    /// Pairs whose handler hands the first instruction's result to the
    /// second in a register as well as storing it, so that the second does
    /// not wait for a reload of that store (on a chain of dependent float
    /// operations, or on the path to the `br_table` target of a switch
    /// loop): the words of the second instruction that must be the first's
    /// destination (word 1) for the pair to form.
    static let forwardedOperands: [Handler: [Int]] = [
        .pair0: [2], .pair2: [3], .pair6: [2], .pair10: [1], .pair12: [2], .pair13: [2], .pair22: [2], .pair24: [2], .pair25: [3],
        .pair26: [2], .pair30: [2], .pair31: [3], .pair33: [3], .pair36: [2], .pair37: [2], .pair49: [1], .pair50: [2], .pair52: [3],
        .pair56: [2], .pair57: [2, 3], .pair58: [2, 3], .pair59: [3], .pair60: [3],
    ]

    private static let pairIndex: [UInt32: Handler] = {
        var index: [UInt32: Handler] = [:]
        for (k, (first, second)) in pairs.enumerated() { index[UInt32(first.rawValue) << 16 | UInt32(second.rawValue)] = member(.pair0, UInt16(k)) }
        return index
    }()

    /// The pair handler that runs `first` and then `second`, if there is one.
    static func pair(_ first: Handler, _ second: Handler) -> Handler? {
        pairIndex[UInt32(first.rawValue) << 16 | UInt32(second.rawValue)]
    }

    /// The handler of the instruction at `pc`: the top 16 bits of its opcode
    /// word, read on their own so that the dispatch is one 2-byte load rather
    /// than a load, a copy and a shift, and no handler keeps the whole word
    /// in a register.
    @_transparent static func stamped(_ pc: UnsafePointer<UInt64>) -> Handler {
        #if _endian(little)
        let stampByte = 6
        #else
        let stampByte = 0
        #endif
        return unsafeBitCast(UnsafeMutableRawPointer(mutating: pc).slot(UInt16.self, at: stampByte), to: Handler.self)
    }

    /// Member `k` of the family whose first member is `first`.
    static func member(_ first: Handler, _ k: UInt16) -> Handler { Handler(rawValue: first.rawValue + k)! }

    /// The handler for the instruction whose opcode word is `word`.
    static func handler(for word: UInt64) -> Handler {
        let op = UInt16(truncatingIfNeeded: word)
        let flags = word & (0x3F << 16)
        let shifted = word & (31 << IOp.shiftBit) != 0
        func immediate(_ k: Int) -> UInt64 { IOp.immediate(word: k) }
        switch op {
        case 0x45...0xC4:
            if flags == 0 { return member(.s45, op - 0x45) }
            if flags == immediate(3) { return member(.i45, op - 0x45) }
            guard flags == immediate(2) else { return .generic }
            switch op {
            case 0x93: return .r93
            case 0x95: return .r95
            case 0xA1: return .rA1
            case 0xA3: return .rA3
            default: return .generic
            }
        case IOp.brIf64Eq, IOp.brIf64Ne:
            let k = op - IOp.brIf64Eq
            if flags == 0 { return member(.compareBranch64Slots0, k) }
            return flags == immediate(2) ? member(.compareBranch64Immediate0, k) : .generic
        case IOp.brIfEq...IOp.brIfGeU:
            let k = op - IOp.brIfEq
            if flags == 0 && k < 4 { return member(.compareBranch0, k) }
            if flags == 0 && (k == 6 || k == 7) { return member(.compareBranch6, k - 6) }
            return flags == immediate(2) && k < 6 ? member(.compareBranchImmediate0, k) : .generic
        case IOp.addBranch..<(IOp.addBranch + 10):
            let k = op - IOp.addBranch
            switch flags {
            case immediate(3): return member(.addBranch0, k)
            case immediate(3) | immediate(4) where k < 6: return member(.addBranchImmediate0, k)
            case 0: return member(.addBranchSlots0, k)
            case immediate(4) where k < 6: return member(.addBranchSlotsImmediate0, k)
            default: return .generic
            }
        case IOp.memory0Access..<(IOp.memory0Access + 23):
            let k = op - IOp.memory0Access
            let load = k < 14
            if flags == immediate(3) && !shifted { return load ? member(.load0, k) : member(.store0, k - 14) }
            if flags == 0 { return load ? member(.loadSlots0, k) : member(.storeSlots0, k - 14) }
            if flags == immediate(2) { return load ? member(.loadIndexed0, k) : member(.storeIndexed0, k - 14) }
            if !load && flags == immediate(1) | immediate(3) && !shifted { return member(.storeImmediate0, k - 14) }
            if !load && flags == immediate(1) { return member(.storeImmediateSlots0, k - 14) }
            if flags == immediate(2) | immediate(3) && !shifted { return load ? member(.loadConstant0, k) : member(.storeConstant0, k - 14) }
            return .generic
        case IOp.f64WithLoad..<(IOp.f64WithLoad + 6):
            let k = op - IOp.f64WithLoad
            if flags == immediate(4) && !shifted { return member(.f64WithLoad0, k) }
            if flags & ~immediate(2) == immediate(3) | immediate(4) && !shifted { return member(.f64WithLoadConstant0, k) }
            return flags == 0 ? member(.f64WithLoadSlots0, k) : .generic
        case IOp.fusedMultiply..<(IOp.fusedMultiply + 8):
            return flags == 0 ? member(.fusedMultiply0, op - IOp.fusedMultiply) : .generic
        case IOp.i32AddShifted: return flags == 0 ? .i32AddShifted : .generic
        case IOp.xorShift..<(IOp.xorShift + 4): return member(.xorShift0, op - IOp.xorShift)
        case IOp.mulAdd32: return .mulAdd32
        case IOp.shiftAnd32: return .shiftAnd32
        case IOp.copy32: return .copy32
        case IOp.copy64: return .copy64
        case IOp.copy128: return .copy128
        case IOp.const64: return .const64
        case IOp.br: return .br
        case IOp.brIf: return .brIf
        case IOp.brIfNot: return .brIfNot
        case IOp.brTable: return .brTable
        // The handlers copy 4 bytes; wider globals take the general dispatch.
        case IOp.globalGet: return word & IOp.narrowGlobal != 0 ? .globalGet : .generic
        case IOp.globalSet: return word & IOp.narrowGlobal != 0 ? .globalSet : .generic
        case IOp.select32, IOp.select128: return .select
        case IOp.addPair: return flags == immediate(3) | immediate(6) ? .addPair : .generic
        case IOp.call: return .call
        case IOp.callIndirect: return .callIndirect
        case IOp.ret: return .ret
        default: return .generic
        }
    }
}

/// How a specialized handler reads an operand word: as the opcode word's
/// flag says, or known at translation to be a slot or an immediate; or
/// `forwarded`, the slot the instruction before in a pair just wrote (the
/// same address, so the value stays in a register: `Handler.forwardedOperands`).
enum OperandKind {
    case flagged, slot, immediate
    case forwarded(UnsafeMutableRawPointer)
}

/// What a specialized handler knows of a memory-0 address `x + (y << shift)`.
enum AddressForm {
    /// Operands as their flags say, with the shift.
    case flagged
    /// `x` a slot, `y` an immediate, no shift (a local plus a constant).
    case slotPlusConstant
    /// `x` and `y` slots, with the shift.
    case slots
    /// `x` an immediate, `y` a slot, with the shift (a constant base plus an index).
    case constantPlusSlot
    /// `x` and `y` immediates, no shift (a constant address).
    case constant

    var x: OperandKind {
        @_transparent get {
            switch self {
            case .flagged: return .flagged
            case .slotPlusConstant, .slots: return .slot
            case .constantPlusSlot, .constant: return .immediate
            }
        }
    }
    var y: OperandKind {
        @_transparent get {
            switch self {
            case .flagged: return .flagged
            case .slotPlusConstant, .constant: return .immediate
            case .slots, .constantPlusSlot: return .slot
            }
        }
    }
    /// Whether `y` may have a shift.
    var shifted: Bool {
        @_transparent get {
            switch self {
            case .slotPlusConstant, .constant: return false
            case .flagged, .slots, .constantPlusSlot: return true
            }
        }
    }
}
