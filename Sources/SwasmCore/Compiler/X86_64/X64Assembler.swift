/// x86-64 general-purpose registers, numbered as the encoding numbers them.
enum GPR: UInt8 {
    case rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8, r9, r10, r11, r12, r13, r14, r15
}

/// x86-64 condition codes (the low nibble of `Jcc`/`SETcc`/`CMOVcc`).
enum X64Cond: UInt8 {
    case o = 0, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g

    /// The condition that holds exactly when this one does not.
    var inverted: X64Cond { X64Cond(rawValue: rawValue ^ 1)! }
}

/// A memory operand `[base + index*scale + disp]`.
struct X64Mem {
    var base: GPR
    var index: GPR? = nil
    var scale: UInt8 = 1
    var disp: Int32 = 0

    init(_ base: GPR, _ disp: Int32 = 0) {
        self.base = base
        self.disp = disp
    }

    init(_ base: GPR, index: GPR, scale: UInt8 = 1, _ disp: Int32 = 0) {
        self.base = base
        self.index = index
        self.scale = scale
        self.disp = disp
    }
}

/// The register-or-memory operand of an instruction (ModRM `rm`).
enum X64RM {
    case reg(UInt8)
    case mem(X64Mem)
}

/// Encodes x86-64 instructions into a byte buffer, with forward labels.
/// Only encoding lives here; choosing instructions is `X64MacroAssembler`'s job.
struct X64Assembler: EmptyInitializable {
    var bytes: [UInt8] = []
    /// Bound position of each label, or -1.
    private var labelPositions: [Int] = []
    /// 32-bit fields to patch with `label - base` once labels are bound
    /// (rel32 operands use base = the field's end; jump tables their start).
    private var fixups: [(at: Int, label: Int, base: Int)] = []

    init() { bytes.reserveCapacity(4096) }

    var position: Int { bytes.count }

    // MARK: Labels

    mutating func newLabel() -> Int {
        labelPositions.append(-1)
        return labelPositions.count - 1
    }

    mutating func bind(_ label: Int) { labelPositions[label] = bytes.count }

    func isBound(_ label: Int) -> Bool { labelPositions[label] >= 0 }

    func labelPosition(_ label: Int) -> Int { labelPositions[label] }

    /// A rel32 to `label`, relative to the end of the field.
    private mutating func rel32(_ label: Int) {
        if labelPositions[label] >= 0 {
            emit32(UInt32(truncatingIfNeeded: labelPositions[label] - (bytes.count + 4)))
        } else {
            fixups.append((bytes.count, label, bytes.count + 4))
            emit32(0)
        }
    }

    /// Patches every reference to a label bound after its use. All labels must be bound.
    mutating func resolveFixups() {
        for f in fixups {
            let target = labelPositions[f.label]
            precondition(target >= 0, "x64: unbound label")
            patch32(at: f.at, UInt32(truncatingIfNeeded: target - f.base))
        }
        fixups.removeAll()
    }

    /// A 32-bit jump-table entry holding `label - base`.
    mutating func labelOffset(_ label: Int, base: Int) {
        fixups.append((bytes.count, label, base))
        emit32(0)
    }

    // MARK: Raw bytes

    @inline(__always) mutating func emit8(_ b: UInt8) { bytes.append(b) }

    mutating func emit32(_ v: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: v)); bytes.append(UInt8(truncatingIfNeeded: v >> 8))
        bytes.append(UInt8(truncatingIfNeeded: v >> 16)); bytes.append(UInt8(truncatingIfNeeded: v >> 24))
    }

    mutating func emit64(_ v: UInt64) {
        emit32(UInt32(truncatingIfNeeded: v))
        emit32(UInt32(truncatingIfNeeded: v >> 32))
    }

    mutating func patch32(at p: Int, _ v: UInt32) {
        bytes[p] = UInt8(truncatingIfNeeded: v); bytes[p + 1] = UInt8(truncatingIfNeeded: v >> 8)
        bytes[p + 2] = UInt8(truncatingIfNeeded: v >> 16); bytes[p + 3] = UInt8(truncatingIfNeeded: v >> 24)
    }

    // MARK: Generic encoding

    /// Emits `[prefix] [REX] opcode ModRM [SIB] [disp]` with `reg` in ModRM.reg.
    /// `byteRegs` forces a REX prefix so registers 4–7 mean SPL–DIL, not AH–BH.
    mutating func op(_ opcode: [UInt8], reg: UInt8, rm: X64RM, w: Bool = false, prefix: UInt8? = nil,
                     byteRegs: Bool = false, immBytes: Int = 0) {
        if let prefix { emit8(prefix) }
        var rex: UInt8 = w ? 0x48 : 0x40
        if reg & 8 != 0 { rex |= 4 }
        switch rm {
        case .reg(let r):
            if r & 8 != 0 { rex |= 1 }
        case .mem(let m):
            if m.base.rawValue & 8 != 0 { rex |= 1 }
            if let i = m.index, i.rawValue & 8 != 0 { rex |= 2 }
        }
        if rex != 0x40 || (byteRegs && needsEmptyRex(reg: reg, rm: rm)) { emit8(rex) }
        bytes.append(contentsOf: opcode)
        modrm(reg: reg, rm: rm, immBytes: immBytes)
    }

    private func needsEmptyRex(reg: UInt8, rm: X64RM) -> Bool {
        if reg >= 4 && reg < 8 { return true }
        if case .reg(let r) = rm, r >= 4 && r < 8 { return true }
        return false
    }

    private mutating func modrm(reg: UInt8, rm: X64RM, immBytes: Int) {
        let r = (reg & 7) << 3
        switch rm {
        case .reg(let b):
            emit8(0xC0 | r | (b & 7))
        case .mem(let m):
            let base = m.base.rawValue & 7
            let needsSIB = m.index != nil || base == 4
            // [rbp]/[r13] have no disp-less form.
            let mod: UInt8 = (m.disp == 0 && base != 5) ? 0 : (Int8(exactly: m.disp) != nil ? 1 : 2)
            emit8(mod << 6 | r | (needsSIB ? 4 : base))
            if needsSIB {
                let scaleBits: UInt8 = m.scale == 8 ? 3 : m.scale == 4 ? 2 : m.scale == 2 ? 1 : 0
                let index = m.index.map { $0.rawValue & 7 } ?? 4
                emit8(scaleBits << 6 | index << 3 | base)
            }
            if mod == 1 { emit8(UInt8(bitPattern: Int8(m.disp))) }
            if mod == 2 { emit32(UInt32(bitPattern: m.disp)) }
        }
    }

    // MARK: Moves

    /// `mov dst, src` between registers (32-bit zero-extends).
    mutating func mov(_ dst: GPR, _ src: GPR, w: Bool = true) {
        op([0x89], reg: src.rawValue, rm: .reg(dst.rawValue), w: w)
    }

    /// `mov dst, [m]` (32-bit zero-extends).
    mutating func load(_ dst: GPR, _ m: X64Mem, w: Bool = true) {
        op([0x8B], reg: dst.rawValue, rm: .mem(m), w: w)
    }

    /// `mov [m], src`.
    mutating func store(_ m: X64Mem, _ src: GPR, w: Bool = true) {
        op([0x89], reg: src.rawValue, rm: .mem(m), w: w)
    }

    /// Stores the low 8 or 16 bits of `src`.
    mutating func storeNarrow(_ m: X64Mem, _ src: GPR, bytes n: Int) {
        if n == 1 {
            op([0x88], reg: src.rawValue, rm: .mem(m), byteRegs: true)
        } else {
            op([0x89], reg: src.rawValue, rm: .mem(m), prefix: 0x66)
        }
    }

    /// `mov qword/dword [m], imm32` (sign-extended for 64-bit).
    mutating func storeImm(_ m: X64Mem, _ imm: Int32, w: Bool) {
        op([0xC7], reg: 0, rm: .mem(m), w: w, immBytes: 4)
        emit32(UInt32(bitPattern: imm))
    }

    /// Loads a constant with the shortest encoding (`keepFlags`: never `xor`).
    mutating func movImm(_ dst: GPR, _ v: UInt64, keepFlags: Bool = false) {
        if v == 0 && !keepFlags {
            alu(.xor, dst, dst, w: false)
        } else if v <= UInt64(UInt32.max) {
            if dst.rawValue & 8 != 0 { emit8(0x41) }
            emit8(0xB8 + (dst.rawValue & 7))
            emit32(UInt32(v))
        } else if Int64(bitPattern: v) >= Int64(Int32.min) && Int64(bitPattern: v) < 0 {
            op([0xC7], reg: 0, rm: .reg(dst.rawValue), w: true, immBytes: 4)
            emit32(UInt32(truncatingIfNeeded: v))
        } else {
            emit8(0x48 | (dst.rawValue & 8 != 0 ? 1 : 0))
            emit8(0xB8 + (dst.rawValue & 7))
            emit64(v)
        }
    }

    /// `movzx`/`movsx` loads of 8/16 bits, `movsxd` of 32 bits.
    mutating func loadExtend(_ dst: GPR, _ rm: X64RM, bytes n: Int, signed: Bool, w: Bool) {
        switch (n, signed) {
        case (1, false): op([0x0F, 0xB6], reg: dst.rawValue, rm: rm, w: w, byteRegs: true)
        case (1, true): op([0x0F, 0xBE], reg: dst.rawValue, rm: rm, w: w, byteRegs: true)
        case (2, false): op([0x0F, 0xB7], reg: dst.rawValue, rm: rm, w: w)
        case (2, true): op([0x0F, 0xBF], reg: dst.rawValue, rm: rm, w: w)
        case (4, true): op([0x63], reg: dst.rawValue, rm: rm, w: true)
        default: op([0x8B], reg: dst.rawValue, rm: rm, w: false)
        }
    }

    mutating func lea(_ dst: GPR, _ m: X64Mem, w: Bool = true) {
        op([0x8D], reg: dst.rawValue, rm: .mem(m), w: w)
    }

    /// `lea dst, [rip + rel32 to label]`.
    mutating func leaLabel(_ dst: GPR, _ label: Int) {
        emit8(0x48 | (dst.rawValue & 8 != 0 ? 4 : 0))
        emit8(0x8D)
        emit8(0x05 | (dst.rawValue & 7) << 3)
        rel32(label)
    }

    // MARK: Arithmetic

    /// The eight classic ALU operations, by their `/digit`.
    enum ALU: UInt8 {
        case add = 0, or = 1, adc = 2, sbb = 3, and = 4, sub = 5, xor = 6, cmp = 7
    }

    mutating func alu(_ k: ALU, _ dst: GPR, _ src: GPR, w: Bool) {
        op([k.rawValue << 3 | 1], reg: src.rawValue, rm: .reg(dst.rawValue), w: w)
    }

    mutating func alu(_ k: ALU, _ dst: GPR, _ m: X64Mem, w: Bool) {
        op([k.rawValue << 3 | 3], reg: dst.rawValue, rm: .mem(m), w: w)
    }

    mutating func alu(_ k: ALU, _ dst: X64RM, imm: Int32, w: Bool) {
        if let b = Int8(exactly: imm) {
            op([0x83], reg: k.rawValue, rm: dst, w: w, immBytes: 1)
            emit8(UInt8(bitPattern: b))
        } else {
            op([0x81], reg: k.rawValue, rm: dst, w: w, immBytes: 4)
            emit32(UInt32(bitPattern: imm))
        }
    }

    mutating func test(_ a: GPR, _ b: GPR, w: Bool) {
        op([0x85], reg: b.rawValue, rm: .reg(a.rawValue), w: w)
    }

    mutating func imul(_ dst: GPR, _ src: X64RM, w: Bool) {
        op([0x0F, 0xAF], reg: dst.rawValue, rm: src, w: w)
    }

    mutating func imulImm(_ dst: GPR, _ src: X64RM, _ imm: Int32, w: Bool) {
        op([0x69], reg: dst.rawValue, rm: src, w: w, immBytes: 4)
        emit32(UInt32(bitPattern: imm))
    }

    /// Group 3 unary forms: `not` 2, `neg` 3, `div` 6, `idiv` 7.
    mutating func group3(_ digit: UInt8, _ rm: X64RM, w: Bool) {
        op([0xF7], reg: digit, rm: rm, w: w)
    }

    /// `cdq` / `cqo`.
    mutating func signExtendAccumulator(w: Bool) {
        if w { emit8(0x48) }
        emit8(0x99)
    }

    /// Shifts and rotates by their `/digit`: rol 0, ror 1, shl 4, shr 5, sar 7.
    mutating func shiftCL(_ digit: UInt8, _ dst: GPR, w: Bool) {
        op([0xD3], reg: digit, rm: .reg(dst.rawValue), w: w)
    }

    mutating func shiftImm(_ digit: UInt8, _ dst: GPR, _ count: UInt8, w: Bool) {
        op([0xC1], reg: digit, rm: .reg(dst.rawValue), w: w, immBytes: 1)
        emit8(count)
    }

    /// `F3 0F xx` bit counts: popcnt B8, tzcnt BC, lzcnt BD; without the prefix BC/BD are bsf/bsr.
    mutating func bitCount(_ opcode: UInt8, _ dst: GPR, _ src: X64RM, w: Bool, prefixF3: Bool = true) {
        op([0x0F, opcode], reg: dst.rawValue, rm: src, w: w, prefix: prefixF3 ? 0xF3 : nil)
    }

    mutating func setcc(_ c: X64Cond, _ dst: GPR) {
        op([0x0F, 0x90 | c.rawValue], reg: 0, rm: .reg(dst.rawValue), byteRegs: true)
    }

    mutating func cmov(_ c: X64Cond, _ dst: GPR, _ src: X64RM, w: Bool) {
        op([0x0F, 0x40 | c.rawValue], reg: dst.rawValue, rm: src, w: w)
    }

    // MARK: Control

    mutating func jmp(_ label: Int) {
        emit8(0xE9)
        rel32(label)
    }

    mutating func jcc(_ c: X64Cond, _ label: Int) {
        emit8(0x0F); emit8(0x80 | c.rawValue)
        rel32(label)
    }

    /// `call rel32` to a byte position in this buffer (bound later via `callFixup`).
    mutating func call(_ label: Int) {
        emit8(0xE8)
        rel32(label)
    }

    /// `call rel32` to an absolute position in the final code; returns the field position to patch.
    mutating func callRel32Placeholder() -> Int {
        emit8(0xE8)
        emit32(0)
        return bytes.count - 4
    }

    mutating func callIndirect(_ rm: X64RM) { op([0xFF], reg: 2, rm: rm) }
    mutating func jmpIndirect(_ rm: X64RM) { op([0xFF], reg: 4, rm: rm) }
    mutating func push(_ r: GPR) { if r.rawValue & 8 != 0 { emit8(0x41) }; emit8(0x50 + (r.rawValue & 7)) }
    mutating func pop(_ r: GPR) { if r.rawValue & 8 != 0 { emit8(0x41) }; emit8(0x58 + (r.rawValue & 7)) }
    mutating func pushMem(_ m: X64Mem) { op([0xFF], reg: 6, rm: .mem(m)) }
    mutating func popMem(_ m: X64Mem) { op([0x8F], reg: 0, rm: .mem(m)) }
    mutating func ret() { emit8(0xC3) }
    mutating func leave() { emit8(0xC9) }
    mutating func ud2() { emit8(0x0F); emit8(0x0B) }
    mutating func int3() { emit8(0xCC) }

    // MARK: SSE

    /// `prefix [REX] 0F op /r [imm8]` with an XMM or GPR `reg` and `rm`.
    mutating func sse(_ prefix: UInt8?, _ opcode: UInt8, _ reg: UInt8, _ rm: X64RM, imm: UInt8? = nil, w: Bool = false) {
        op([0x0F, opcode], reg: reg, rm: rm, w: w, prefix: prefix, immBytes: imm == nil ? 0 : 1)
        if let imm { emit8(imm) }
    }

    /// `prefix [REX] 0F 38|3A op /r [imm8]` (SSSE3/SSE4.1 forms).
    mutating func sse3(_ prefix: UInt8?, _ escape: UInt8, _ opcode: UInt8, _ reg: UInt8, _ rm: X64RM, imm: UInt8? = nil, w: Bool = false) {
        op([0x0F, escape, opcode], reg: reg, rm: rm, w: w, prefix: prefix, immBytes: imm == nil ? 0 : 1)
        if let imm { emit8(imm) }
    }

    /// `movd/movq xmm, r/m` (w selects 64 bits).
    mutating func movToXMM(_ x: UInt8, _ rm: X64RM, w: Bool) { sse(0x66, 0x6E, x, rm, w: w) }

    /// `movd/movq r/m, xmm`.
    mutating func movFromXMM(_ rm: X64RM, _ x: UInt8, w: Bool) { sse(0x66, 0x7E, x, rm, w: w) }
}
