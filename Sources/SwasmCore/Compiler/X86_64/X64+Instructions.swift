/// x86-64 selection of the numeric, memory, variable and call instructions.
extension X64 {
    static func lower(_ l: inout Lowering<X64>, _ op: UInt16, _ a: UInt64, _ b: UInt64, pops: Int, pushes: Int) throws(WasmError) -> Bool {
        switch op {
        case 0x45, 0x50: eqz(&l, w: op == 0x50)
        case 0x46...0x4F: compare(&l, op - 0x46, w: false)
        case 0x51...0x5A: compare(&l, op - 0x51, w: true)
        case 0x5B...0x60: floatCompare(&l, op - 0x5B, double: false)
        case 0x61...0x66: floatCompare(&l, op - 0x61, double: true)
        case 0x67...0x69: return bitCount(&l, op - 0x67, w: false)
        case 0x79...0x7B: return bitCount(&l, op - 0x79, w: true)
        case 0x6A...0x78: integerBinary(&l, op - 0x6A, w: false)
        case 0x7C...0x8A: integerBinary(&l, op - 0x7C, w: true)
        case 0x8B...0x91: return floatUnary(&l, op - 0x8B, double: false)
        case 0x99...0x9F: return floatUnary(&l, op - 0x99, double: true)
        case 0x92...0x98: floatBinary(&l, op - 0x92, double: false)
        case 0xA0...0xA6: floatBinary(&l, op - 0xA0, double: true)
        case 0xA7...0xC4, 0x100...0x107: return conversion(&l, op)
        case 0x28...0x3E, 0x200, 0x20B: memoryAccess(&l, op, memarg: a, offset: b)
        case 0x3F: memorySize(&l, Int(a))
        case 0x23: globalGet(&l, Int(a))
        case 0x24: globalSet(&l, Int(a))
        case ExtraOpcodes.select: select(&l)
        case 0xD1: refIsNull(&l)
        case 0xD2:
            let r = l.allocate(float: false)
            l.asm.load(.rax, vm(VMContext.offsets.functions))
            l.asm.load(gpr(r), X64Mem(.rax, Int32(a) * 8))
            l.push(.ref(RefType(nullable: false, heapType: .func)), .reg(r))
        case 0xD4:
            let (r, t) = l.popToRegister()
            l.asm.test(gpr(r), gpr(r), w: true)
            l.asm.jcc(.e, l.trapLabel(TrapCode.nullReference))
            l.push(t, .reg(r))
        case 0x10, 0x12: call(&l, function: Int(a), tail: op == 0x12)
        case 0x11, 0x13: callIndirect(&l, typeIndex: Int(a), table: Int(b), tail: op == 0x13)
        case 0x14, 0x15: callRef(&l, typeIndex: Int(a), tail: op == 0x15)
        case ExtraOpcodes.throw, ExtraOpcodes.throwRef: throwException(&l, op, tag: a, pops: pops)
        case AtomicOpcodes.base...AtomicOpcodes.last: return atomic(&l, op, memarg: a, offset: b)
        case WideArithmetic.add128...WideArithmetic.mulWideU: wideArithmetic(&l, op)
        case 0x201...0x20A, 0x20C...0x3FF: return simd(&l, op, a, b)
        default: return false
        }
        return true
    }

    // MARK: Integer

    static func eqz(_ l: inout Lowering<X64>, w: Bool) {
        let v = l.stack[l.stack.count - 1]
        if case .cond(let c) = v.loc {
            l.stack[l.stack.count - 1] = StackValue(type: .i32, loc: .cond(X64Cond(rawValue: c)!.inverted.rawValue))
            return
        }
        l.pop()
        switch v.loc {
        case .reg(let r): l.asm.test(gpr(r), gpr(r), w: w)
        case .slot(let k): l.asm.alu(.cmp, .mem(slotMem(k)), imm: 0, w: w)
        case .imm(let bits):
            l.push(.i32, .imm((w ? bits : bits & 0xFFFF_FFFF) == 0 ? 1 : 0))
            return
        case .cond: break
        }
        l.push(.i32, .cond(X64Cond.e.rawValue))
    }

    static let compareConditions: [X64Cond] = [.e, .ne, .l, .b, .g, .a, .le, .be, .ge, .ae]

    static func compare(_ l: inout Lowering<X64>, _ k: UInt16, w: Bool) {
        let lhsReg = l.readRegister(l.stack.count - 2)
        emitALU(&l, .cmp, gpr(lhsReg), l.stack[l.stack.count - 1], w: w)
        l.pop(); l.pop()
        l.push(.i32, .cond(compareConditions[Int(k)].rawValue))
    }

    /// `op dst, rhs` with the rhs as an immediate, register or slot.
    static func emitALU(_ l: inout Lowering<X64>, _ k: X64Assembler.ALU, _ dst: GPR, _ rhs: StackValue, w: Bool) {
        switch rhs.loc {
        case .imm(let bits):
            let v = w ? Int64(bitPattern: bits) : Int64(Int32(truncatingIfNeeded: bits))
            if let i = Int32(exactly: v) {
                l.asm.alu(k, .reg(dst.rawValue), imm: i, w: w)
            } else {
                l.asm.movImm(.rcx, bits)
                l.asm.alu(k, dst, .rcx, w: w)
            }
        case .reg(let r): l.asm.alu(k, dst, gpr(r), w: w)
        case .slot(let s): l.asm.alu(k, dst, slotMem(s), w: w)
        case .cond(let c):
            conditionToRegister(&l, c, GPR.rcx.rawValue)
            l.asm.alu(k, dst, .rcx, w: w)
        }
    }

    static func integerBinary(_ l: inout Lowering<X64>, _ k: UInt16, w: Bool) {
        let type: ValueType = w ? .i64 : .i32
        switch k {
        case 0, 1, 7, 8, 9:  // add sub and or xor
            let alu: [UInt16: X64Assembler.ALU] = [0: .add, 1: .sub, 7: .and, 8: .or, 9: .xor]
            let dst = l.intoRegister(l.stack.count - 2)
            emitALU(&l, alu[k]!, gpr(dst), l.stack[l.stack.count - 1], w: w)
        case 2:  // mul
            let dst = l.intoRegister(l.stack.count - 2)
            let rhs = l.stack[l.stack.count - 1]
            if case .imm(let bits) = rhs.loc, let i = Int32(exactly: w ? Int64(bitPattern: bits) : Int64(Int32(truncatingIfNeeded: bits))) {
                l.asm.imulImm(gpr(dst), .reg(dst), i, w: w)
            } else {
                l.asm.imul(gpr(dst), operand(&l, rhs), w: w)
            }
        case 3, 4, 5, 6:  // div_s div_u rem_s rem_u
            divide(&l, k, w: w)
            return
        case 10, 11, 12, 13, 14:  // shl shr_s shr_u rotl rotr
            let digit: [UInt8] = [4, 7, 5, 0, 1]
            let dst = l.intoRegister(l.stack.count - 2)
            let rhs = l.stack[l.stack.count - 1]
            if case .imm(let bits) = rhs.loc {
                l.asm.shiftImm(digit[Int(k - 10)], gpr(dst), UInt8(bits & (w ? 63 : 31)), w: w)
            } else {
                move(&l, type, from: rhs.loc, to: .reg(GPR.rcx.rawValue))
                l.asm.shiftCL(digit[Int(k - 10)], gpr(dst), w: w)
            }
        default:
            preconditionFailure()
        }
        l.pop()
        l.stack[l.stack.count - 1].type = type
    }

    /// Division and remainder through rax:rdx, with the traps the spec requires.
    static func divide(_ l: inout Lowering<X64>, _ k: UInt16, w: Bool) {
        let type: ValueType = w ? .i64 : .i32
        let signed = k == 3 || k == 5, isRem = k >= 5
        let divisorReg = l.readRegister(l.stack.count - 1)
        let dividend = l.stack[l.stack.count - 2]
        move(&l, type, from: dividend.loc, to: .reg(GPR.rax.rawValue))
        let divisor = gpr(divisorReg)
        l.asm.test(divisor, divisor, w: w)
        l.asm.jcc(.e, l.trapLabel(TrapCode.integerDivideByZero))
        let done = l.asm.newLabel()
        if signed {
            // INT_MIN / -1 overflows (div) or is 0 (rem); x86 faults on both.
            let normal = l.asm.newLabel()
            l.asm.alu(.cmp, .reg(divisor.rawValue), imm: -1, w: w)
            l.asm.jcc(.ne, normal)
            if isRem {
                l.asm.alu(.xor, .rdx, .rdx, w: false)
                l.asm.jmp(done)
            } else {
                if w { l.asm.movImm(.rcx, 0x8000_0000_0000_0000) } else { l.asm.movImm(.rcx, 0x8000_0000) }
                l.asm.alu(.cmp, .rax, .rcx, w: w)
                l.asm.jcc(.e, l.trapLabel(TrapCode.integerOverflow))
            }
            l.asm.bind(normal)
            l.asm.signExtendAccumulator(w: w)
            l.asm.group3(7, .reg(divisor.rawValue), w: w)
        } else {
            l.asm.alu(.xor, .rdx, .rdx, w: false)
            l.asm.group3(6, .reg(divisor.rawValue), w: w)
        }
        l.asm.bind(done)
        l.pop(); l.pop()
        let r = l.allocate(float: false)
        l.asm.mov(gpr(r), isRem ? .rdx : .rax, w: w)
        l.push(type, .reg(r))
    }

    /// clz, ctz, popcnt (k = 0, 1, 2).
    static func bitCount(_ l: inout Lowering<X64>, _ k: UInt16, w: Bool) -> Bool {
        let f = l.options.features
        if k == 2 && !f.popcnt { return false }
        let type: ValueType = w ? .i64 : .i32
        let src = operand(&l, l.stack[l.stack.count - 1])
        l.pop()
        let r = l.allocate(float: false)
        let dst = gpr(r)
        switch k {
        case 0 where f.lzcnt: l.asm.bitCount(0xBD, dst, src, w: w)
        case 1 where f.bmi1: l.asm.bitCount(0xBC, dst, src, w: w)
        case 0:
            // bsr gives the top bit index (ZF when zero): clz = index ^ (bits-1), 2*bits-1 for zero.
            l.asm.bitCount(0xBD, dst, src, w: w, prefixF3: false)
            l.asm.movImm(.rcx, w ? 127 : 63)
            l.asm.cmov(.e, dst, .reg(GPR.rcx.rawValue), w: w)
            l.asm.alu(.xor, .reg(r), imm: w ? 63 : 31, w: w)
        case 1:
            l.asm.bitCount(0xBC, dst, src, w: w, prefixF3: false)
            l.asm.movImm(.rcx, w ? 64 : 32)
            l.asm.cmov(.e, dst, .reg(GPR.rcx.rawValue), w: w)
        default:
            l.asm.bitCount(0xB8, dst, src, w: w)
        }
        l.push(type, .reg(r))
        return true
    }

    // MARK: Float

    static func floatCompare(_ l: inout Lowering<X64>, _ k: UInt16, double: Bool) {
        let prefix: UInt8? = double ? 0x66 : nil
        // eq ne lt gt le ge; lt/le compare swapped so every ordered test is "above".
        let swap = k == 2 || k == 4
        let first = l.readRegister(l.stack.count - (swap ? 1 : 2))
        let second = operand(&l, l.stack[l.stack.count - (swap ? 2 : 1)])
        l.asm.sse(prefix, 0x2E, first, second)  // ucomiss/ucomisd
        l.pop(); l.pop()
        switch k {
        case 0, 1:
            let r = l.allocate(float: false)
            l.asm.setcc(k == 0 ? .np : .p, .rcx)
            l.asm.setcc(k == 0 ? .e : .ne, gpr(r))
            l.asm.op([k == 0 ? 0x20 : 0x08], reg: GPR.rcx.rawValue, rm: .reg(r), byteRegs: true)  // and/or r8, cl
            l.asm.loadExtend(gpr(r), .reg(r), bytes: 1, signed: false, w: false)
            l.push(.i32, .reg(r))
        case 2, 3: l.push(.i32, .cond(X64Cond.a.rawValue))
        default: l.push(.i32, .cond(X64Cond.ae.rawValue))
        }
    }

    static func floatBinary(_ l: inout Lowering<X64>, _ k: UInt16, double: Bool) {
        let type: ValueType = double ? .f64 : .f32
        let prefix: UInt8 = double ? 0xF2 : 0xF3
        let dst = l.intoRegister(l.stack.count - 2)
        let rhs = operand(&l, l.stack[l.stack.count - 1])
        switch k {
        case 0: l.asm.sse(prefix, 0x58, dst, rhs)
        case 1: l.asm.sse(prefix, 0x5C, dst, rhs)
        case 2: l.asm.sse(prefix, 0x59, dst, rhs)
        case 3: l.asm.sse(prefix, 0x5E, dst, rhs)
        case 4, 5: minMax(&l, isMin: k == 4, double: double, dst, rhs)
        default: copysign(&l, double: double, dst, rhs)
        }
        l.pop()
        l.stack[l.stack.count - 1].type = type
    }

    /// Wasm min/max: NaN if either is NaN, and -0 < +0.
    static func minMax(_ l: inout Lowering<X64>, isMin: Bool, double: Bool, _ dst: UInt8, _ rhs: X64RM) {
        let packedPrefix: UInt8? = double ? 0x66 : nil
        let scalarPrefix: UInt8 = double ? 0xF2 : 0xF3
        let notEqual = l.asm.newLabel(), isNaN = l.asm.newLabel(), done = l.asm.newLabel()
        l.asm.sse(packedPrefix, 0x2E, dst, rhs)
        l.asm.jcc(.ne, notEqual)
        l.asm.jcc(.p, isNaN)
        // Equal: combine the sign bits (or for min, and for max).
        l.asm.sse(packedPrefix, isMin ? 0x56 : 0x54, dst, rhs)
        l.asm.jmp(done)
        l.asm.bind(isNaN)
        l.asm.sse(scalarPrefix, 0x58, dst, rhs)
        l.asm.jmp(done)
        l.asm.bind(notEqual)
        l.asm.jcc(.p, isNaN)
        l.asm.sse(scalarPrefix, isMin ? 0x5D : 0x5F, dst, rhs)
        l.asm.bind(done)
    }

    static func copysign(_ l: inout Lowering<X64>, double: Bool, _ dst: UInt8, _ rhs: X64RM) {
        l.asm.movFromXMM(.reg(GPR.rax.rawValue), dst, w: double)
        switch rhs {
        case .reg(let x): l.asm.movFromXMM(.reg(GPR.rcx.rawValue), x, w: double)
        case .mem(let m): l.asm.load(.rcx, m, w: double)
        }
        if double {
            l.asm.shiftImm(4, .rax, 1, w: true); l.asm.shiftImm(5, .rax, 1, w: true)  // clear sign
            l.asm.shiftImm(5, .rcx, 63, w: true); l.asm.shiftImm(4, .rcx, 63, w: true)  // keep sign
        } else {
            l.asm.alu(.and, .reg(GPR.rax.rawValue), imm: 0x7FFF_FFFF, w: false)
            l.asm.alu(.and, .reg(GPR.rcx.rawValue), imm: Int32.min, w: false)
        }
        l.asm.alu(.or, .rax, .rcx, w: double)
        l.asm.movToXMM(dst, .reg(GPR.rax.rawValue), w: double)
    }

    /// abs neg ceil floor trunc nearest sqrt (k = 0...6).
    static func floatUnary(_ l: inout Lowering<X64>, _ k: UInt16, double: Bool) -> Bool {
        if (2...5).contains(k) && !l.options.features.sse41 { return false }
        let dst = l.intoRegister(l.stack.count - 1)
        switch k {
        case 0, 1:
            l.asm.movFromXMM(.reg(GPR.rax.rawValue), dst, w: double)
            if double {
                l.asm.movImm(.rcx, k == 0 ? 0x7FFF_FFFF_FFFF_FFFF : 0x8000_0000_0000_0000)
                l.asm.alu(k == 0 ? .and : .xor, .rax, .rcx, w: true)
            } else {
                l.asm.alu(k == 0 ? .and : .xor, .reg(GPR.rax.rawValue), imm: k == 0 ? 0x7FFF_FFFF : Int32.min, w: false)
            }
            l.asm.movToXMM(dst, .reg(GPR.rax.rawValue), w: double)
        case 6:
            l.asm.sse(double ? 0xF2 : 0xF3, 0x51, dst, .reg(dst))
        default:
            // roundss/roundsd: ceil 2, floor 1, trunc 3, nearest 0; bit 3 suppresses inexact.
            let mode: [UInt16: UInt8] = [2: 2, 3: 1, 4: 3, 5: 0]
            l.asm.sse3(0x66, 0x3A, double ? 0x0B : 0x0A, dst, .reg(dst), imm: mode[k]! | 8)
        }
        return true
    }

    // MARK: Conversions

    static func conversion(_ l: inout Lowering<X64>, _ op: UInt16) -> Bool {
        switch op {
        case 0xA7:  // i32.wrap_i64
            let r = l.intoRegister(l.stack.count - 1)
            l.asm.mov(gpr(r), gpr(r), w: false)
            l.stack[l.stack.count - 1].type = .i32
        case 0xAC, 0xC4:  // i64.extend_i32_s, i64.extend32_s
            let r = l.intoRegister(l.stack.count - 1)
            l.asm.loadExtend(gpr(r), .reg(r), bytes: 4, signed: true, w: true)
            l.stack[l.stack.count - 1].type = .i64
        case 0xAD:  // i64.extend_i32_u: i32 registers are kept zero-extended
            let r = l.intoRegister(l.stack.count - 1)
            l.asm.mov(gpr(r), gpr(r), w: false)
            l.stack[l.stack.count - 1].type = .i64
        case 0xC0, 0xC1, 0xC2, 0xC3:
            let r = l.intoRegister(l.stack.count - 1)
            let w = op >= 0xC2
            l.asm.loadExtend(gpr(r), .reg(r), bytes: op == 0xC0 || op == 0xC2 ? 1 : 2, signed: true, w: w)
            l.stack[l.stack.count - 1].type = w ? .i64 : .i32
        case 0xBC, 0xBD:  // reinterpret float -> int
            let double = op == 0xBD
            let src = l.readRegister(l.stack.count - 1)
            l.pop()
            let r = l.allocate(float: false)
            l.asm.movFromXMM(.reg(r), src, w: double)
            l.push(double ? .i64 : .i32, .reg(r))
        case 0xBE, 0xBF:  // reinterpret int -> float
            let double = op == 0xBF
            let src = l.readRegister(l.stack.count - 1)
            l.pop()
            let r = l.allocate(float: true)
            l.asm.movToXMM(r, .reg(src), w: double)
            l.push(double ? .f64 : .f32, .reg(r))
        case 0xB6, 0xBB:  // demote, promote
            let r = l.intoRegister(l.stack.count - 1)
            l.asm.sse(op == 0xB6 ? 0xF2 : 0xF3, 0x5A, r, .reg(r))
            l.stack[l.stack.count - 1].type = op == 0xB6 ? .f32 : .f64
        case 0xB2, 0xB3, 0xB4, 0xB7, 0xB8, 0xB9:
            // convert from signed i32/i64 or zero-extended u32 (as a signed 64-bit value).
            let double = op >= 0xB7
            let wide = op != 0xB2 && op != 0xB7
            let src = l.readRegister(l.stack.count - 1)
            l.pop()
            let r = l.allocate(float: true)
            l.asm.sse(0x66, 0xEF, r, .reg(r))
            l.asm.sse(double ? 0xF2 : 0xF3, 0x2A, r, .reg(src), w: wide)
            l.push(double ? .f64 : .f32, .reg(r))
        case 0xB5, 0xBA:  // convert from u64
            let double = op == 0xBA
            let src = gpr(l.readRegister(l.stack.count - 1))
            l.pop()
            let r = l.allocate(float: true)
            let prefix: UInt8 = double ? 0xF2 : 0xF3
            let big = l.asm.newLabel(), done = l.asm.newLabel()
            l.asm.sse(0x66, 0xEF, r, .reg(r))
            l.asm.test(src, src, w: true)
            l.asm.jcc(.s, big)
            l.asm.sse(prefix, 0x2A, r, .reg(src.rawValue), w: true)
            l.asm.jmp(done)
            l.asm.bind(big)
            // Halve with the low bit kept (round to odd), convert, double.
            l.asm.mov(.rcx, src)
            l.asm.shiftImm(5, .rcx, 1, w: true)
            l.asm.mov(.rax, src)
            l.asm.alu(.and, .reg(GPR.rax.rawValue), imm: 1, w: true)
            l.asm.alu(.or, .rcx, .rax, w: true)
            l.asm.sse(prefix, 0x2A, r, .reg(GPR.rcx.rawValue), w: true)
            l.asm.sse(prefix, 0x58, r, .reg(r))
            l.asm.bind(done)
            l.push(double ? .f64 : .f32, .reg(r))
        case 0xA8...0xAB, 0xAE...0xB1, 0x100...0x107:
            truncate(&l, op)
        default:
            return false
        }
        return true
    }

    /// Float-to-int truncation: trapping (0xA8–0xB1) or saturating (0xFC 0–7).
    static func truncate(_ l: inout Lowering<X64>, _ op: UInt16) {
        let saturating = op >= 0x100
        let k = saturating ? Int(op - 0x100) : [0xA8: 0, 0xA9: 1, 0xAA: 2, 0xAB: 3, 0xAE: 4, 0xAF: 5, 0xB0: 6, 0xB1: 7][Int(op)]!
        // k: bit 0 unsigned, bit 1 from f64, bit 2 to i64.
        let unsigned = k & 1 != 0, double = k & 2 != 0, wide = k & 4 != 0
        let src = l.intoRegister(l.stack.count - 1)
        l.pop()
        let r = l.allocate(float: false)
        let dst = gpr(r)
        let prefix: UInt8 = double ? 0xF2 : 0xF3
        let packed: UInt8? = double ? 0x66 : nil
        func constant(_ value: Double) {
            let bits = double ? value.bitPattern : UInt64(Float(value).bitPattern)
            l.asm.movImm(.rax, bits)
            l.asm.movToXMM(0, .reg(GPR.rax.rawValue), w: double)
        }
        let done = l.asm.newLabel()
        let nanLabel = saturating ? l.asm.newLabel() : l.trapLabel(TrapCode.invalidConversion)
        let lowLabel = saturating ? l.asm.newLabel() : l.trapLabel(TrapCode.integerOverflow)
        let highLabel = saturating ? l.asm.newLabel() : lowLabel
        l.asm.sse(packed, 0x2E, src, .reg(src))
        l.asm.jcc(.p, nanLabel)
        // Lower bound: the first value that does not truncate into range.
        let bits = wide ? 64.0 : 32.0
        if unsigned {
            constant(-1.0)
            l.asm.sse(packed, 0x2E, src, .reg(0))
            l.asm.jcc(.be, lowLabel)
        } else if !wide && double {
            constant(-2147483649.0)
            l.asm.sse(packed, 0x2E, src, .reg(0))
            l.asm.jcc(.be, lowLabel)
        } else {
            constant(-Double(sign: .plus, exponent: Int(bits) - 1, significand: 1))
            l.asm.sse(packed, 0x2E, src, .reg(0))
            l.asm.jcc(.b, lowLabel)
        }
        let upper = Double(sign: .plus, exponent: Int(bits) - (unsigned ? 0 : 1), significand: 1)
        constant(upper)
        l.asm.sse(packed, 0x2E, src, .reg(0))
        l.asm.jcc(.ae, highLabel)
        if unsigned && wide {
            let small = l.asm.newLabel()
            constant(9223372036854775808.0)
            l.asm.sse(packed, 0x2E, src, .reg(0))
            l.asm.jcc(.b, small)
            l.asm.sse(prefix, 0x5C, src, .reg(0))  // x - 2^63 (src is ours to clobber)
            l.asm.sse(prefix, 0x2C, r, .reg(src), w: true)
            l.asm.movImm(.rcx, 0x8000_0000_0000_0000)
            l.asm.alu(.xor, dst, .rcx, w: true)
            l.asm.jmp(done)
            l.asm.bind(small)
            l.asm.sse(prefix, 0x2C, r, .reg(src), w: true)
        } else {
            l.asm.sse(prefix, 0x2C, r, .reg(src), w: wide || unsigned)
        }
        if saturating {
            l.asm.jmp(done)
            l.asm.bind(nanLabel)
            l.asm.alu(.xor, dst, dst, w: false)
            l.asm.jmp(done)
            l.asm.bind(lowLabel)
            l.asm.movImm(dst, unsigned ? 0 : (wide ? 0x8000_0000_0000_0000 : 0x8000_0000))
            l.asm.jmp(done)
            l.asm.bind(highLabel)
            l.asm.movImm(dst, unsigned ? (wide ? UInt64.max : 0xFFFF_FFFF) : (wide ? 0x7FFF_FFFF_FFFF_FFFF : 0x7FFF_FFFF))
        }
        l.asm.bind(done)
        l.push(wide ? .i64 : .i32, .reg(r))
    }
}
