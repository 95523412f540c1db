/// The interpreter's execution loop: the specialized handlers (`Handler`),
/// then the general dispatch on the opcode.
extension Interpreter {
    /// Runs `entry` until it returns to this activation's caller.
    func execute(_ startEntry: UnsafeMutablePointer<FunctionEntry>, fp startFP: UnsafeMutableRawPointer) throws {
        let baseDepth = depth
        var entry = startEntry
        var fp = startFP
        var pc = entry.pointee.code!
        /// The current function's instance (read when needed: one value fewer live in the loop).
        var vm: UnsafeMutablePointer<VMContext> { entry.pointee.vmctx }
        var mem0 = MemoryView.empty
        zeroLocals(entry, fp)
        depth += 1
        defer { depth = baseDepth }

        /// Reloads memory 0's base and length: on entering a function (of
        /// any instance), and after what may grow the memory.
        @inline(__always) func reloadMemory() {
            mem0 = vm.pointee.memory0Base != nil ? MemoryView(vm.pointee.memories[0]) : .empty
        }
        reloadMemory()
        /// Pops the current frame and resumes its caller; false when the
        /// caller is outside this activation (`execute` returns).
        @inline(__always) func returnToCaller() -> Bool {
            depth &-= 1
            if depth == baseDepth { return false }
            let frame = frames[depth]
            pc = frame.pc
            fp = frame.fp
            // Within one instance memory 0 is what the callee left: it reloads after whatever may grow it.
            let otherInstance = frame.entry.pointee.vmctx != entry.pointee.vmctx
            entry = frame.entry
            if otherInstance { reloadMemory() }
            return true
        }

        while true {
            do {
                while true {
                    // Specialized handlers (Handler) first; `generic` falls through to the general dispatch,
                    // and a memory handler `break`s into it for an address past the cached length.
                    switch Handler.stamped(pc) {
                    case .s45: try Run.numeric(0x45, &pc, fp, .slot); continue  // i32.eqz
                    case .s46: try Run.numeric(0x46, &pc, fp, .slot); continue  // i32.eq
                    case .s47: try Run.numeric(0x47, &pc, fp, .slot); continue  // i32.ne
                    case .s48: try Run.numeric(0x48, &pc, fp, .slot); continue  // i32.lt_s
                    case .s49: try Run.numeric(0x49, &pc, fp, .slot); continue  // i32.lt_u
                    case .s4A: try Run.numeric(0x4A, &pc, fp, .slot); continue  // i32.gt_s
                    case .s4B: try Run.numeric(0x4B, &pc, fp, .slot); continue  // i32.gt_u
                    case .s4C: try Run.numeric(0x4C, &pc, fp, .slot); continue  // i32.le_s
                    case .s4D: try Run.numeric(0x4D, &pc, fp, .slot); continue  // i32.le_u
                    case .s4E: try Run.numeric(0x4E, &pc, fp, .slot); continue  // i32.ge_s
                    case .s4F: try Run.numeric(0x4F, &pc, fp, .slot); continue  // i32.ge_u
                    case .s50: try Run.numeric(0x50, &pc, fp, .slot); continue  // i64.eqz
                    case .s51: try Run.numeric(0x51, &pc, fp, .slot); continue  // i64.eq
                    case .s52: try Run.numeric(0x52, &pc, fp, .slot); continue  // i64.ne
                    case .s53: try Run.numeric(0x53, &pc, fp, .slot); continue  // i64.lt_s
                    case .s54: try Run.numeric(0x54, &pc, fp, .slot); continue  // i64.lt_u
                    case .s55: try Run.numeric(0x55, &pc, fp, .slot); continue  // i64.gt_s
                    case .s56: try Run.numeric(0x56, &pc, fp, .slot); continue  // i64.gt_u
                    case .s57: try Run.numeric(0x57, &pc, fp, .slot); continue  // i64.le_s
                    case .s58: try Run.numeric(0x58, &pc, fp, .slot); continue  // i64.le_u
                    case .s59: try Run.numeric(0x59, &pc, fp, .slot); continue  // i64.ge_s
                    case .s5A: try Run.numeric(0x5A, &pc, fp, .slot); continue  // i64.ge_u
                    case .s5B: try Run.numeric(0x5B, &pc, fp, .slot); continue  // f32.eq
                    case .s5C: try Run.numeric(0x5C, &pc, fp, .slot); continue  // f32.ne
                    case .s5D: try Run.numeric(0x5D, &pc, fp, .slot); continue  // f32.lt
                    case .s5E: try Run.numeric(0x5E, &pc, fp, .slot); continue  // f32.gt
                    case .s5F: try Run.numeric(0x5F, &pc, fp, .slot); continue  // f32.le
                    case .s60: try Run.numeric(0x60, &pc, fp, .slot); continue  // f32.ge
                    case .s61: try Run.numeric(0x61, &pc, fp, .slot); continue  // f64.eq
                    case .s62: try Run.numeric(0x62, &pc, fp, .slot); continue  // f64.ne
                    case .s63: try Run.numeric(0x63, &pc, fp, .slot); continue  // f64.lt
                    case .s64: try Run.numeric(0x64, &pc, fp, .slot); continue  // f64.gt
                    case .s65: try Run.numeric(0x65, &pc, fp, .slot); continue  // f64.le
                    case .s66: try Run.numeric(0x66, &pc, fp, .slot); continue  // f64.ge
                    case .s67: try Run.numeric(0x67, &pc, fp, .slot); continue  // i32.clz
                    case .s68: try Run.numeric(0x68, &pc, fp, .slot); continue  // i32.ctz
                    case .s69: try Run.numeric(0x69, &pc, fp, .slot); continue  // i32.popcnt
                    case .s6A: try Run.numeric(0x6A, &pc, fp, .slot); continue  // i32.add
                    case .s6B: try Run.numeric(0x6B, &pc, fp, .slot); continue  // i32.sub
                    case .s6C: try Run.numeric(0x6C, &pc, fp, .slot); continue  // i32.mul
                    case .s6D: try Run.numeric(0x6D, &pc, fp, .slot); continue  // i32.div_s
                    case .s6E: try Run.numeric(0x6E, &pc, fp, .slot); continue  // i32.div_u
                    case .s6F: try Run.numeric(0x6F, &pc, fp, .slot); continue  // i32.rem_s
                    case .s70: try Run.numeric(0x70, &pc, fp, .slot); continue  // i32.rem_u
                    case .s71: try Run.numeric(0x71, &pc, fp, .slot); continue  // i32.and
                    case .s72: try Run.numeric(0x72, &pc, fp, .slot); continue  // i32.or
                    case .s73: try Run.numeric(0x73, &pc, fp, .slot); continue  // i32.xor
                    case .s74: try Run.numeric(0x74, &pc, fp, .slot); continue  // i32.shl
                    case .s75: try Run.numeric(0x75, &pc, fp, .slot); continue  // i32.shr_s
                    case .s76: try Run.numeric(0x76, &pc, fp, .slot); continue  // i32.shr_u
                    case .s77: try Run.numeric(0x77, &pc, fp, .slot); continue  // i32.rotl
                    case .s78: try Run.numeric(0x78, &pc, fp, .slot); continue  // i32.rotr
                    case .s79: try Run.numeric(0x79, &pc, fp, .slot); continue  // i64.clz
                    case .s7A: try Run.numeric(0x7A, &pc, fp, .slot); continue  // i64.ctz
                    case .s7B: try Run.numeric(0x7B, &pc, fp, .slot); continue  // i64.popcnt
                    case .s7C: try Run.numeric(0x7C, &pc, fp, .slot); continue  // i64.add
                    case .s7D: try Run.numeric(0x7D, &pc, fp, .slot); continue  // i64.sub
                    case .s7E: try Run.numeric(0x7E, &pc, fp, .slot); continue  // i64.mul
                    case .s7F: try Run.numeric(0x7F, &pc, fp, .slot); continue  // i64.div_s
                    case .s80: try Run.numeric(0x80, &pc, fp, .slot); continue  // i64.div_u
                    case .s81: try Run.numeric(0x81, &pc, fp, .slot); continue  // i64.rem_s
                    case .s82: try Run.numeric(0x82, &pc, fp, .slot); continue  // i64.rem_u
                    case .s83: try Run.numeric(0x83, &pc, fp, .slot); continue  // i64.and
                    case .s84: try Run.numeric(0x84, &pc, fp, .slot); continue  // i64.or
                    case .s85: try Run.numeric(0x85, &pc, fp, .slot); continue  // i64.xor
                    case .s86: try Run.numeric(0x86, &pc, fp, .slot); continue  // i64.shl
                    case .s87: try Run.numeric(0x87, &pc, fp, .slot); continue  // i64.shr_s
                    case .s88: try Run.numeric(0x88, &pc, fp, .slot); continue  // i64.shr_u
                    case .s89: try Run.numeric(0x89, &pc, fp, .slot); continue  // i64.rotl
                    case .s8A: try Run.numeric(0x8A, &pc, fp, .slot); continue  // i64.rotr
                    case .s8B: try Run.numeric(0x8B, &pc, fp, .slot); continue  // f32.abs
                    case .s8C: try Run.numeric(0x8C, &pc, fp, .slot); continue  // f32.neg
                    case .s8D: try Run.numeric(0x8D, &pc, fp, .slot); continue  // f32.ceil
                    case .s8E: try Run.numeric(0x8E, &pc, fp, .slot); continue  // f32.floor
                    case .s8F: try Run.numeric(0x8F, &pc, fp, .slot); continue  // f32.trunc
                    case .s90: try Run.numeric(0x90, &pc, fp, .slot); continue  // f32.nearest
                    case .s91: try Run.numeric(0x91, &pc, fp, .slot); continue  // f32.sqrt
                    case .s92: try Run.numeric(0x92, &pc, fp, .slot); continue  // f32.add
                    case .s93: try Run.numeric(0x93, &pc, fp, .slot); continue  // f32.sub
                    case .s94: try Run.numeric(0x94, &pc, fp, .slot); continue  // f32.mul
                    case .s95: try Run.numeric(0x95, &pc, fp, .slot); continue  // f32.div
                    case .s96: try Run.numeric(0x96, &pc, fp, .slot); continue  // f32.min
                    case .s97: try Run.numeric(0x97, &pc, fp, .slot); continue  // f32.max
                    case .s98: try Run.numeric(0x98, &pc, fp, .slot); continue  // f32.copysign
                    case .s99: try Run.numeric(0x99, &pc, fp, .slot); continue  // f64.abs
                    case .s9A: try Run.numeric(0x9A, &pc, fp, .slot); continue  // f64.neg
                    case .s9B: try Run.numeric(0x9B, &pc, fp, .slot); continue  // f64.ceil
                    case .s9C: try Run.numeric(0x9C, &pc, fp, .slot); continue  // f64.floor
                    case .s9D: try Run.numeric(0x9D, &pc, fp, .slot); continue  // f64.trunc
                    case .s9E: try Run.numeric(0x9E, &pc, fp, .slot); continue  // f64.nearest
                    case .s9F: try Run.numeric(0x9F, &pc, fp, .slot); continue  // f64.sqrt
                    case .sA0: try Run.numeric(0xA0, &pc, fp, .slot); continue  // f64.add
                    case .sA1: try Run.numeric(0xA1, &pc, fp, .slot); continue  // f64.sub
                    case .sA2: try Run.numeric(0xA2, &pc, fp, .slot); continue  // f64.mul
                    case .sA3: try Run.numeric(0xA3, &pc, fp, .slot); continue  // f64.div
                    case .sA4: try Run.numeric(0xA4, &pc, fp, .slot); continue  // f64.min
                    case .sA5: try Run.numeric(0xA5, &pc, fp, .slot); continue  // f64.max
                    case .sA6: try Run.numeric(0xA6, &pc, fp, .slot); continue  // f64.copysign
                    case .sA7: try Run.numeric(0xA7, &pc, fp, .slot); continue  // i32.wrap_i64
                    case .sA8: try Run.numeric(0xA8, &pc, fp, .slot); continue  // i32.trunc_f32_s
                    case .sA9: try Run.numeric(0xA9, &pc, fp, .slot); continue  // i32.trunc_f32_u
                    case .sAA: try Run.numeric(0xAA, &pc, fp, .slot); continue  // i32.trunc_f64_s
                    case .sAB: try Run.numeric(0xAB, &pc, fp, .slot); continue  // i32.trunc_f64_u
                    case .sAC: try Run.numeric(0xAC, &pc, fp, .slot); continue  // i64.extend_i32_s
                    case .sAD: try Run.numeric(0xAD, &pc, fp, .slot); continue  // i64.extend_i32_u
                    case .sAE: try Run.numeric(0xAE, &pc, fp, .slot); continue  // i64.trunc_f32_s
                    case .sAF: try Run.numeric(0xAF, &pc, fp, .slot); continue  // i64.trunc_f32_u
                    case .sB0: try Run.numeric(0xB0, &pc, fp, .slot); continue  // i64.trunc_f64_s
                    case .sB1: try Run.numeric(0xB1, &pc, fp, .slot); continue  // i64.trunc_f64_u
                    case .sB2: try Run.numeric(0xB2, &pc, fp, .slot); continue  // f32.convert_i32_s
                    case .sB3: try Run.numeric(0xB3, &pc, fp, .slot); continue  // f32.convert_i32_u
                    case .sB4: try Run.numeric(0xB4, &pc, fp, .slot); continue  // f32.convert_i64_s
                    case .sB5: try Run.numeric(0xB5, &pc, fp, .slot); continue  // f32.convert_i64_u
                    case .sB6: try Run.numeric(0xB6, &pc, fp, .slot); continue  // f32.demote_f64
                    case .sB7: try Run.numeric(0xB7, &pc, fp, .slot); continue  // f64.convert_i32_s
                    case .sB8: try Run.numeric(0xB8, &pc, fp, .slot); continue  // f64.convert_i32_u
                    case .sB9: try Run.numeric(0xB9, &pc, fp, .slot); continue  // f64.convert_i64_s
                    case .sBA: try Run.numeric(0xBA, &pc, fp, .slot); continue  // f64.convert_i64_u
                    case .sBB: try Run.numeric(0xBB, &pc, fp, .slot); continue  // f64.promote_f32
                    case .sBC: try Run.numeric(0xBC, &pc, fp, .slot); continue  // i32.reinterpret_f32
                    case .sBD: try Run.numeric(0xBD, &pc, fp, .slot); continue  // i64.reinterpret_f64
                    case .sBE: try Run.numeric(0xBE, &pc, fp, .slot); continue  // f32.reinterpret_i32
                    case .sBF: try Run.numeric(0xBF, &pc, fp, .slot); continue  // f64.reinterpret_i64
                    case .sC0: try Run.numeric(0xC0, &pc, fp, .slot); continue  // i32.extend8_s
                    case .sC1: try Run.numeric(0xC1, &pc, fp, .slot); continue  // i32.extend16_s
                    case .sC2: try Run.numeric(0xC2, &pc, fp, .slot); continue  // i64.extend8_s
                    case .sC3: try Run.numeric(0xC3, &pc, fp, .slot); continue  // i64.extend16_s
                    case .sC4: try Run.numeric(0xC4, &pc, fp, .slot); continue  // i64.extend32_s
                    case .i46: try Run.numeric(0x46, &pc, fp, .immediate); continue  // i32.eq
                    case .i47: try Run.numeric(0x47, &pc, fp, .immediate); continue  // i32.ne
                    case .i48: try Run.numeric(0x48, &pc, fp, .immediate); continue  // i32.lt_s
                    case .i49: try Run.numeric(0x49, &pc, fp, .immediate); continue  // i32.lt_u
                    case .i4A: try Run.numeric(0x4A, &pc, fp, .immediate); continue  // i32.gt_s
                    case .i4B: try Run.numeric(0x4B, &pc, fp, .immediate); continue  // i32.gt_u
                    case .i4C: try Run.numeric(0x4C, &pc, fp, .immediate); continue  // i32.le_s
                    case .i4D: try Run.numeric(0x4D, &pc, fp, .immediate); continue  // i32.le_u
                    case .i4E: try Run.numeric(0x4E, &pc, fp, .immediate); continue  // i32.ge_s
                    case .i4F: try Run.numeric(0x4F, &pc, fp, .immediate); continue  // i32.ge_u
                    case .i51: try Run.numeric(0x51, &pc, fp, .immediate); continue  // i64.eq
                    case .i52: try Run.numeric(0x52, &pc, fp, .immediate); continue  // i64.ne
                    case .i53: try Run.numeric(0x53, &pc, fp, .immediate); continue  // i64.lt_s
                    case .i54: try Run.numeric(0x54, &pc, fp, .immediate); continue  // i64.lt_u
                    case .i55: try Run.numeric(0x55, &pc, fp, .immediate); continue  // i64.gt_s
                    case .i56: try Run.numeric(0x56, &pc, fp, .immediate); continue  // i64.gt_u
                    case .i57: try Run.numeric(0x57, &pc, fp, .immediate); continue  // i64.le_s
                    case .i58: try Run.numeric(0x58, &pc, fp, .immediate); continue  // i64.le_u
                    case .i59: try Run.numeric(0x59, &pc, fp, .immediate); continue  // i64.ge_s
                    case .i5A: try Run.numeric(0x5A, &pc, fp, .immediate); continue  // i64.ge_u
                    case .i5B: try Run.numeric(0x5B, &pc, fp, .immediate); continue  // f32.eq
                    case .i5C: try Run.numeric(0x5C, &pc, fp, .immediate); continue  // f32.ne
                    case .i5D: try Run.numeric(0x5D, &pc, fp, .immediate); continue  // f32.lt
                    case .i5E: try Run.numeric(0x5E, &pc, fp, .immediate); continue  // f32.gt
                    case .i5F: try Run.numeric(0x5F, &pc, fp, .immediate); continue  // f32.le
                    case .i60: try Run.numeric(0x60, &pc, fp, .immediate); continue  // f32.ge
                    case .i61: try Run.numeric(0x61, &pc, fp, .immediate); continue  // f64.eq
                    case .i62: try Run.numeric(0x62, &pc, fp, .immediate); continue  // f64.ne
                    case .i63: try Run.numeric(0x63, &pc, fp, .immediate); continue  // f64.lt
                    case .i64: try Run.numeric(0x64, &pc, fp, .immediate); continue  // f64.gt
                    case .i65: try Run.numeric(0x65, &pc, fp, .immediate); continue  // f64.le
                    case .i66: try Run.numeric(0x66, &pc, fp, .immediate); continue  // f64.ge
                    case .i6A: try Run.numeric(0x6A, &pc, fp, .immediate); continue  // i32.add
                    case .i6B: try Run.numeric(0x6B, &pc, fp, .immediate); continue  // i32.sub
                    case .i6C: try Run.numeric(0x6C, &pc, fp, .immediate); continue  // i32.mul
                    case .i6D: try Run.numeric(0x6D, &pc, fp, .immediate); continue  // i32.div_s
                    case .i6E: try Run.numeric(0x6E, &pc, fp, .immediate); continue  // i32.div_u
                    case .i6F: try Run.numeric(0x6F, &pc, fp, .immediate); continue  // i32.rem_s
                    case .i70: try Run.numeric(0x70, &pc, fp, .immediate); continue  // i32.rem_u
                    case .i71: try Run.numeric(0x71, &pc, fp, .immediate); continue  // i32.and
                    case .i72: try Run.numeric(0x72, &pc, fp, .immediate); continue  // i32.or
                    case .i73: try Run.numeric(0x73, &pc, fp, .immediate); continue  // i32.xor
                    case .i74: try Run.numeric(0x74, &pc, fp, .immediate); continue  // i32.shl
                    case .i75: try Run.numeric(0x75, &pc, fp, .immediate); continue  // i32.shr_s
                    case .i76: try Run.numeric(0x76, &pc, fp, .immediate); continue  // i32.shr_u
                    case .i77: try Run.numeric(0x77, &pc, fp, .immediate); continue  // i32.rotl
                    case .i78: try Run.numeric(0x78, &pc, fp, .immediate); continue  // i32.rotr
                    case .i7C: try Run.numeric(0x7C, &pc, fp, .immediate); continue  // i64.add
                    case .i7D: try Run.numeric(0x7D, &pc, fp, .immediate); continue  // i64.sub
                    case .i7E: try Run.numeric(0x7E, &pc, fp, .immediate); continue  // i64.mul
                    case .i7F: try Run.numeric(0x7F, &pc, fp, .immediate); continue  // i64.div_s
                    case .i80: try Run.numeric(0x80, &pc, fp, .immediate); continue  // i64.div_u
                    case .i81: try Run.numeric(0x81, &pc, fp, .immediate); continue  // i64.rem_s
                    case .i82: try Run.numeric(0x82, &pc, fp, .immediate); continue  // i64.rem_u
                    case .i83: try Run.numeric(0x83, &pc, fp, .immediate); continue  // i64.and
                    case .i84: try Run.numeric(0x84, &pc, fp, .immediate); continue  // i64.or
                    case .i85: try Run.numeric(0x85, &pc, fp, .immediate); continue  // i64.xor
                    case .i86: try Run.numeric(0x86, &pc, fp, .immediate); continue  // i64.shl
                    case .i87: try Run.numeric(0x87, &pc, fp, .immediate); continue  // i64.shr_s
                    case .i88: try Run.numeric(0x88, &pc, fp, .immediate); continue  // i64.shr_u
                    case .i89: try Run.numeric(0x89, &pc, fp, .immediate); continue  // i64.rotl
                    case .i8A: try Run.numeric(0x8A, &pc, fp, .immediate); continue  // i64.rotr
                    case .i92: try Run.numeric(0x92, &pc, fp, .immediate); continue  // f32.add
                    case .i93: try Run.numeric(0x93, &pc, fp, .immediate); continue  // f32.sub
                    case .i94: try Run.numeric(0x94, &pc, fp, .immediate); continue  // f32.mul
                    case .i95: try Run.numeric(0x95, &pc, fp, .immediate); continue  // f32.div
                    case .i96: try Run.numeric(0x96, &pc, fp, .immediate); continue  // f32.min
                    case .i97: try Run.numeric(0x97, &pc, fp, .immediate); continue  // f32.max
                    case .i98: try Run.numeric(0x98, &pc, fp, .immediate); continue  // f32.copysign
                    case .iA0: try Run.numeric(0xA0, &pc, fp, .immediate); continue  // f64.add
                    case .iA1: try Run.numeric(0xA1, &pc, fp, .immediate); continue  // f64.sub
                    case .iA2: try Run.numeric(0xA2, &pc, fp, .immediate); continue  // f64.mul
                    case .iA3: try Run.numeric(0xA3, &pc, fp, .immediate); continue  // f64.div
                    case .iA4: try Run.numeric(0xA4, &pc, fp, .immediate); continue  // f64.min
                    case .iA5: try Run.numeric(0xA5, &pc, fp, .immediate); continue  // f64.max
                    case .iA6: try Run.numeric(0xA6, &pc, fp, .immediate); continue  // f64.copysign
                    case .copy32: Run.copy32(&pc, fp); continue
                    case .copy64: Run.copy64(&pc, fp); continue
                    case .copy128: Run.copy128(&pc, fp); continue
                    case .const64: Run.const64(&pc, fp); continue
                    case .br:
                        pc = Run.target(pc, 1); continue
                    case .brIf:
                        if fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[1])) != 0 { pc = Run.target(pc, 2) } else { pc += 3 }
                        continue
                    case .brIfNot:
                        if fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[1])) == 0 { pc = Run.target(pc, 2) } else { pc += 3 }
                        continue
                    case .brTable: pc = Run.branchTable(pc, fp); continue
                    case .globalGet:  // an i32 or f32 global
                        fp.setSlot(UInt32.self, vm.pointee.globals[Int(truncatingIfNeeded: pc[2])].slot(UInt32.self), at: Int(truncatingIfNeeded: pc[1]))
                        pc += 3; continue
                    case .globalSet:
                        vm.pointee.globals[Int(truncatingIfNeeded: pc[2])].setSlot(UInt32.self, fp.slot(UInt32.self, at: Int(truncatingIfNeeded: pc[1])))
                        pc += 3; continue
                    case .i32AddShifted: Run.i32AddShifted(&pc, fp, .slot); continue
                    case .xorShift0: Run.xorShift(0, &pc, fp); continue
                    case .xorShift1: Run.xorShift(1, &pc, fp); continue
                    case .xorShift2: Run.xorShift(2, &pc, fp); continue
                    case .xorShift3: Run.xorShift(3, &pc, fp); continue
                    case .mulAdd32: Run.mulAdd32(&pc, fp); continue
                    case .shiftAnd32: Run.shiftAnd32(&pc, fp); continue
                    case .addPair: Run.addPair(&pc, fp, .slot, .immediate); continue
                    case .pair44:  // i6A, then call (the call's body, which follows)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        fallthrough
                    case .call, .callIndirect:
                        // One call sequence for both: [op, function, args] or [op, type, table, args, index].
                        let callee: UnsafeMutablePointer<FunctionEntry>, code: UnsafePointer<UInt64>?
                        let indirect = UInt16(truncatingIfNeeded: pc[0]) == IOp.callIndirect
                        if indirect {
                            guard let c = plainIndirectCallee(pc, fp, vm) else { break }
                            (callee, code) = c
                        } else {
                            callee = directCallee(pc, entry)
                            code = callee.pointee.code
                        }
                        if try call(callee, code: code, args: fp + Int(truncatingIfNeeded: pc[indirect ? 3 : 2]), returnPC: pc + (indirect ? 5 : 3),
                                    pc: &pc, fp: &fp, entry: &entry) {
                            reloadMemory()
                        }
                        continue
                    case .pair45:  // copy32, then ret (the return's body, which follows)
                        Run.copy32(&pc, fp)
                        fallthrough
                    case .ret:
                        if returnToCaller() { continue }
                        return
                    case .compareBranch64Slots0: pc = Run.equalityBranch64(0, pc, fp, x: .slot, y: .slot); continue
                    case .compareBranch64Slots1: pc = Run.equalityBranch64(1, pc, fp, x: .slot, y: .slot); continue
                    case .compareBranch64Immediate0: pc = Run.equalityBranch64(0, pc, fp, x: .slot, y: .immediate); continue
                    case .compareBranch64Immediate1: pc = Run.equalityBranch64(1, pc, fp, x: .slot, y: .immediate); continue
                    case .compareBranch0: pc = Run.compareAndBranch(0, pc, fp, x: .slot, y: .slot); continue
                    case .compareBranch1: pc = Run.compareAndBranch(1, pc, fp, x: .slot, y: .slot); continue
                    case .compareBranch2: pc = Run.compareAndBranch(2, pc, fp, x: .slot, y: .slot); continue
                    case .compareBranch3: pc = Run.compareAndBranch(3, pc, fp, x: .slot, y: .slot); continue
                    case .compareBranch6: pc = Run.compareAndBranch(6, pc, fp, x: .slot, y: .slot); continue
                    case .compareBranch7: pc = Run.compareAndBranch(7, pc, fp, x: .slot, y: .slot); continue
                    case .compareBranchImmediate0: pc = Run.compareAndBranch(0, pc, fp, x: .slot, y: .immediate); continue
                    case .compareBranchImmediate1: pc = Run.compareAndBranch(1, pc, fp, x: .slot, y: .immediate); continue
                    case .compareBranchImmediate2: pc = Run.compareAndBranch(2, pc, fp, x: .slot, y: .immediate); continue
                    case .compareBranchImmediate3: pc = Run.compareAndBranch(3, pc, fp, x: .slot, y: .immediate); continue
                    case .compareBranchImmediate4: pc = Run.compareAndBranch(4, pc, fp, x: .slot, y: .immediate); continue
                    case .compareBranchImmediate5: pc = Run.compareAndBranch(5, pc, fp, x: .slot, y: .immediate); continue
                    case .addBranch0: pc = Run.addAndBranch(0, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch1: pc = Run.addAndBranch(1, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch2: pc = Run.addAndBranch(2, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch3: pc = Run.addAndBranch(3, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch4: pc = Run.addAndBranch(4, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch5: pc = Run.addAndBranch(5, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch6: pc = Run.addAndBranch(6, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch7: pc = Run.addAndBranch(7, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch8: pc = Run.addAndBranch(8, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranch9: pc = Run.addAndBranch(9, pc, fp, x: .slot, y: .immediate, other: .slot); continue
                    case .addBranchImmediate0: pc = Run.addAndBranch(0, pc, fp, x: .slot, y: .immediate, other: .immediate); continue
                    case .addBranchImmediate1: pc = Run.addAndBranch(1, pc, fp, x: .slot, y: .immediate, other: .immediate); continue
                    case .addBranchImmediate2: pc = Run.addAndBranch(2, pc, fp, x: .slot, y: .immediate, other: .immediate); continue
                    case .addBranchImmediate3: pc = Run.addAndBranch(3, pc, fp, x: .slot, y: .immediate, other: .immediate); continue
                    case .addBranchImmediate4: pc = Run.addAndBranch(4, pc, fp, x: .slot, y: .immediate, other: .immediate); continue
                    case .addBranchImmediate5: pc = Run.addAndBranch(5, pc, fp, x: .slot, y: .immediate, other: .immediate); continue
                    case .load0: if try Run.access(0, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load1: if try Run.access(1, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load2: if try Run.access(2, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load3: if try Run.access(3, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load4: if try Run.access(4, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load5: if try Run.access(5, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load6: if try Run.access(6, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load7: if try Run.access(7, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load8: if try Run.access(8, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load9: if try Run.access(9, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load10: if try Run.access(10, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load11: if try Run.access(11, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load12: if try Run.access(12, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .load13: if try Run.access(13, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots0: if try Run.access(0, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots1: if try Run.access(1, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots2: if try Run.access(2, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots3: if try Run.access(3, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots4: if try Run.access(4, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots5: if try Run.access(5, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots6: if try Run.access(6, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots7: if try Run.access(7, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots8: if try Run.access(8, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots9: if try Run.access(9, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots10: if try Run.access(10, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots11: if try Run.access(11, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots12: if try Run.access(12, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .loadSlots13: if try Run.access(13, pc, fp, mem0, vm, memory0: true, .slots, fallback: true) { pc += 5; continue } else { break }
                    case .store0: if try Run.access(14, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .store1: if try Run.access(15, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .store2: if try Run.access(16, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .store3: if try Run.access(17, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .store4: if try Run.access(18, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .store5: if try Run.access(19, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .store6: if try Run.access(20, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .store7: if try Run.access(21, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .store8: if try Run.access(22, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots0: if try Run.access(14, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots1: if try Run.access(15, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots2: if try Run.access(16, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots3: if try Run.access(17, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots4: if try Run.access(18, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots5: if try Run.access(19, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots6: if try Run.access(20, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots7: if try Run.access(21, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeSlots8: if try Run.access(22, pc, fp, mem0, vm, memory0: true, .slots, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .select: Run.select(&pc, fp); continue
                    case .loadIndexed0: if try Run.access(0, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed1: if try Run.access(1, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed2: if try Run.access(2, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed3: if try Run.access(3, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed4: if try Run.access(4, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed5: if try Run.access(5, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed6: if try Run.access(6, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed7: if try Run.access(7, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed8: if try Run.access(8, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed9: if try Run.access(9, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed10: if try Run.access(10, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed11: if try Run.access(11, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed12: if try Run.access(12, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .loadIndexed13: if try Run.access(13, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed0: if try Run.access(14, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed1: if try Run.access(15, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed2: if try Run.access(16, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed3: if try Run.access(17, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed4: if try Run.access(18, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed5: if try Run.access(19, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed6: if try Run.access(20, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed7: if try Run.access(21, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeIndexed8: if try Run.access(22, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate0: if try Run.access(14, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate1: if try Run.access(15, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate2: if try Run.access(16, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate3: if try Run.access(17, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate4: if try Run.access(18, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate5: if try Run.access(19, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate6: if try Run.access(20, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate7: if try Run.access(21, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediate8: if try Run.access(22, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .f64WithLoad0: guard let next = try Run.f64WithLoad(0, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoad1: guard let next = try Run.f64WithLoad(1, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoad2: guard let next = try Run.f64WithLoad(2, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoad3: guard let next = try Run.f64WithLoad(3, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoad4: guard let next = try Run.f64WithLoad(4, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoad5: guard let next = try Run.f64WithLoad(5, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadSlots0: guard let next = try Run.f64WithLoad(0, pc, fp, mem0, vm, .slots, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadSlots1: guard let next = try Run.f64WithLoad(1, pc, fp, mem0, vm, .slots, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadSlots2: guard let next = try Run.f64WithLoad(2, pc, fp, mem0, vm, .slots, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadSlots3: guard let next = try Run.f64WithLoad(3, pc, fp, mem0, vm, .slots, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadSlots4: guard let next = try Run.f64WithLoad(4, pc, fp, mem0, vm, .slots, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadSlots5: guard let next = try Run.f64WithLoad(5, pc, fp, mem0, vm, .slots, other: .slot, fallback: true) else { break }; pc = next; continue
                    case .fusedMultiply0: Run.fusedMultiply(0, &pc, fp, .slot); continue
                    case .fusedMultiply1: Run.fusedMultiply(1, &pc, fp, .slot); continue
                    case .fusedMultiply2: Run.fusedMultiply(2, &pc, fp, .slot); continue
                    case .fusedMultiply3: Run.fusedMultiply(3, &pc, fp, .slot); continue
                    case .fusedMultiply4: Run.fusedMultiply(4, &pc, fp, .slot); continue
                    case .fusedMultiply5: Run.fusedMultiply(5, &pc, fp, .slot); continue
                    case .fusedMultiply6: Run.fusedMultiply(6, &pc, fp, .slot); continue
                    case .fusedMultiply7: Run.fusedMultiply(7, &pc, fp, .slot); continue
                    case .addBranchSlots0: pc = Run.addAndBranch(0, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots1: pc = Run.addAndBranch(1, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots2: pc = Run.addAndBranch(2, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots3: pc = Run.addAndBranch(3, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots4: pc = Run.addAndBranch(4, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots5: pc = Run.addAndBranch(5, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots6: pc = Run.addAndBranch(6, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots7: pc = Run.addAndBranch(7, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots8: pc = Run.addAndBranch(8, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlots9: pc = Run.addAndBranch(9, pc, fp, x: .slot, y: .slot, other: .slot); continue
                    case .addBranchSlotsImmediate0: pc = Run.addAndBranch(0, pc, fp, x: .slot, y: .slot, other: .immediate); continue
                    case .addBranchSlotsImmediate1: pc = Run.addAndBranch(1, pc, fp, x: .slot, y: .slot, other: .immediate); continue
                    case .addBranchSlotsImmediate2: pc = Run.addAndBranch(2, pc, fp, x: .slot, y: .slot, other: .immediate); continue
                    case .addBranchSlotsImmediate3: pc = Run.addAndBranch(3, pc, fp, x: .slot, y: .slot, other: .immediate); continue
                    case .addBranchSlotsImmediate4: pc = Run.addAndBranch(4, pc, fp, x: .slot, y: .slot, other: .immediate); continue
                    case .addBranchSlotsImmediate5: pc = Run.addAndBranch(5, pc, fp, x: .slot, y: .slot, other: .immediate); continue
                    case .storeImmediateSlots0: if try Run.access(14, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediateSlots1: if try Run.access(15, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediateSlots2: if try Run.access(16, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediateSlots3: if try Run.access(17, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediateSlots4: if try Run.access(18, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediateSlots5: if try Run.access(19, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediateSlots6: if try Run.access(20, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediateSlots7: if try Run.access(21, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .storeImmediateSlots8: if try Run.access(22, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant0: if try Run.access(0, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant1: if try Run.access(1, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant2: if try Run.access(2, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant3: if try Run.access(3, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant4: if try Run.access(4, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant5: if try Run.access(5, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant6: if try Run.access(6, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant7: if try Run.access(7, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant8: if try Run.access(8, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant9: if try Run.access(9, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant10: if try Run.access(10, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant11: if try Run.access(11, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant12: if try Run.access(12, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .loadConstant13: if try Run.access(13, pc, fp, mem0, vm, memory0: true, .constant, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant0: if try Run.access(14, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant1: if try Run.access(15, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant2: if try Run.access(16, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant3: if try Run.access(17, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant4: if try Run.access(18, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant5: if try Run.access(19, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant6: if try Run.access(20, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant7: if try Run.access(21, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .storeConstant8: if try Run.access(22, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) { pc += 5; continue } else { break }
                    case .f64WithLoadConstant0: guard let next = try Run.f64WithLoad(0, pc, fp, mem0, vm, .constant, other: .flagged, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadConstant1: guard let next = try Run.f64WithLoad(1, pc, fp, mem0, vm, .constant, other: .flagged, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadConstant2: guard let next = try Run.f64WithLoad(2, pc, fp, mem0, vm, .constant, other: .flagged, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadConstant3: guard let next = try Run.f64WithLoad(3, pc, fp, mem0, vm, .constant, other: .flagged, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadConstant4: guard let next = try Run.f64WithLoad(4, pc, fp, mem0, vm, .constant, other: .flagged, fallback: true) else { break }; pc = next; continue
                    case .f64WithLoadConstant5: guard let next = try Run.f64WithLoad(5, pc, fp, mem0, vm, .constant, other: .flagged, fallback: true) else { break }; pc = next; continue
                    // Pairs: the two handlers' bodies in sequence (Handler.pairs).
                    case .pair0:  // sA2, then sA2 of its result
                        let result = Run.destination(pc, fp)
                        try Run.numeric(0xA2, &pc, fp, .slot)
                        try Run.numeric(0xA2, &pc, fp, .slot, first: result)
                        continue
                    case .pair1:  // store3, then i6A
                        guard try Run.access(17, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        continue
                    case .pair2:  // load3, then sA2 by the loaded value
                        let loaded = Run.destination(pc, fp)
                        guard try Run.access(3, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        try Run.numeric(0xA2, &pc, fp, loaded)
                        continue
                    case .pair3:  // i6A, then sA2
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        try Run.numeric(0xA2, &pc, fp, .slot)
                        continue
                    case .pair4:  // f64WithLoad0, then store3
                        guard let next = try Run.f64WithLoad(0, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next
                        guard try Run.access(17, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        continue
                    case .pair5:  // fusedMultiply7, then store3
                        Run.fusedMultiply(7, &pc, fp, .slot)
                        guard try Run.access(17, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        continue
                    case .pair6:  // sA2, then f64WithLoad0 of its result
                        let result = Run.destination(pc, fp)
                        try Run.numeric(0xA2, &pc, fp, .slot)
                        guard let next = try Run.f64WithLoad(0, pc, fp, mem0, vm, .slotPlusConstant, other: result, fallback: true) else { break }; pc = next
                        continue
                    case .pair8:  // storeImmediateSlots4, then addBranchSlots7
                        guard try Run.access(18, pc, fp, mem0, vm, memory0: true, .slots, value: .immediate, fallback: true) else { break }; pc += 5
                        pc = Run.addAndBranch(7, pc, fp, x: .slot, y: .slot, other: .slot)
                        continue
                    case .pair9:  // store1, then br
                        guard try Run.access(15, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        pc = Run.target(pc, 1)
                        continue
                    case .pair7:  // i6A, then pair10 (the body that follows)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        fallthrough
                    case .pair10:  // loadIndexed0, then brTable on the loaded value
                        let loaded = Run.destination(pc, fp)
                        guard try Run.access(0, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) else { break }; pc += 5
                        pc = Run.branchTable(pc, fp, index: loaded)
                        continue
                    case .pair11:  // addPair, then br
                        Run.addPair(&pc, fp, .slot, .immediate)
                        pc = Run.target(pc, 1)
                        continue
                    case .pair12:  // i6A, then i32AddShifted of its result
                        let sum = Run.destination(pc, fp)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        Run.i32AddShifted(&pc, fp, .slot, x: sum)
                        continue
                    case .pair13:  // i6A, then loadSlots1 at its result
                        let sum = Run.destination(pc, fp)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        guard try Run.access(1, pc, fp, mem0, vm, memory0: true, .slots, fallback: true, x: sum) else { break }; pc += 5
                        continue
                    case .pair14:  // i6A, then i6A
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        continue
                    case .pair15:  // store0, then addPair
                        guard try Run.access(14, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        Run.addPair(&pc, fp, .slot, .immediate)
                        continue
                    case .pair16:  // s73, then store0
                        try Run.numeric(0x73, &pc, fp, .slot)
                        guard try Run.access(14, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        continue
                    case .pair17:  // store0, then i6A
                        guard try Run.access(14, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        continue
                    case .pair18:  // s6A, then addBranchImmediate5
                        try Run.numeric(0x6A, &pc, fp, .slot)
                        pc = Run.addAndBranch(5, pc, fp, x: .slot, y: .immediate, other: .immediate)
                        continue
                    case .pair19:  // load0, then i6A
                        guard try Run.access(0, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        continue
                    case .pair20:  // load0, then s73
                        guard try Run.access(0, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        try Run.numeric(0x73, &pc, fp, .slot)
                        continue
                    case .pair21:  // load0, then load0
                        guard try Run.access(0, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        guard try Run.access(0, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        continue
                    case .pair22:  // xorShift3, then i7E of its result
                        let result = Run.destination(pc, fp)
                        Run.xorShift(3, &pc, fp)
                        try Run.numeric(0x7E, &pc, fp, .immediate, first: result)
                        continue
                    case .pair23:  // storeImmediate1, then addBranch1
                        guard try Run.access(15, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .immediate, fallback: true) else { break }; pc += 5
                        pc = Run.addAndBranch(1, pc, fp, x: .slot, y: .immediate, other: .slot)
                        continue
                    case .pair24:  // s85, then i7E of its result
                        let result = Run.destination(pc, fp)
                        try Run.numeric(0x85, &pc, fp, .slot)
                        try Run.numeric(0x7E, &pc, fp, .immediate, first: result)
                        continue
                    case .pair25:  // xorShift3, then s71 with its result
                        let result = Run.destination(pc, fp)
                        Run.xorShift(3, &pc, fp)
                        try Run.numeric(0x71, &pc, fp, result)
                        continue
                    case .pair26:  // mulAdd32, then shiftAnd32 of its result
                        let result = Run.destination(pc, fp)
                        Run.mulAdd32(&pc, fp)
                        Run.shiftAnd32(&pc, fp, x: result)
                        continue
                    case .pair27:  // s73, then i77
                        try Run.numeric(0x73, &pc, fp, .slot)
                        try Run.numeric(0x77, &pc, fp, .immediate)
                        continue
                    case .pair28:  // s6A, then ret
                        try Run.numeric(0x6A, &pc, fp, .slot)
                        if returnToCaller() { continue }
                        return
                    case .pair29:  // load3, then load3
                        guard try Run.access(3, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        guard try Run.access(3, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        continue
                    case .pair30:  // load3, then f64WithLoad2 of the loaded value
                        let loaded = Run.destination(pc, fp)
                        guard try Run.access(3, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        guard let next = try Run.f64WithLoad(2, pc, fp, mem0, vm, .slotPlusConstant, other: loaded, fallback: true) else { break }; pc = next
                        continue
                    case .pair31:  // fusedMultiply5, then sA0 of its result
                        let result = Run.destination(pc, fp)
                        Run.fusedMultiply(5, &pc, fp, .slot)
                        try Run.numeric(0xA0, &pc, fp, result)
                        continue
                    case .pair32:  // s6A, then s73
                        try Run.numeric(0x6A, &pc, fp, .slot)
                        try Run.numeric(0x73, &pc, fp, .slot)
                        continue
                    case .pair33:  // s9F, then sA2 by its result
                        let result = Run.destination(pc, fp)
                        try Run.numeric(0x9F, &pc, fp, .slot)
                        try Run.numeric(0xA2, &pc, fp, result)
                        continue
                    case .pair34:  // load3, then i6A
                        guard try Run.access(3, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        continue
                    case .pair35:  // store3, then copy32
                        guard try Run.access(17, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        Run.copy32(&pc, fp)
                        continue
                    case .pair36:  // xorShift2, then xorShift3 of its result
                        let result = Run.destination(pc, fp)
                        Run.xorShift(2, &pc, fp)
                        Run.xorShift(3, &pc, fp, x: result)
                        continue
                    case .pair37:  // xorShift2, then i88 of its result
                        let result = Run.destination(pc, fp)
                        Run.xorShift(2, &pc, fp)
                        try Run.numeric(0x88, &pc, fp, .immediate, first: result)
                        continue
                    case .pair38:  // copy32, then select
                        Run.copy32(&pc, fp)
                        Run.select(&pc, fp)
                        continue
                    case .pair39:  // copy32, then br
                        Run.copy32(&pc, fp)
                        pc = Run.target(pc, 1)
                        continue
                    case .pair40:  // load0, then store0
                        guard try Run.access(0, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        guard try Run.access(14, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        continue
                    case .pair41:  // copy32, then copy32
                        Run.copy32(&pc, fp)
                        Run.copy32(&pc, fp)
                        continue
                    case .pair42:  // copy32, then i6A
                        Run.copy32(&pc, fp)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        continue
                    case .pair43:  // load0, then copy32
                        guard try Run.access(0, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true) else { break }; pc += 5
                        Run.copy32(&pc, fp)
                        continue
                    case .pair46:  // i6A, then pair13 (i6A, loadSlots1 at its result)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        let sum = Run.destination(pc, fp)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        guard try Run.access(1, pc, fp, mem0, vm, memory0: true, .slots, fallback: true, x: sum) else { break }; pc += 5
                        continue
                    case .pair47:  // loadIndexed0, then pair13 (i6A, loadSlots1 at its result)
                        guard try Run.access(0, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) else { break }; pc += 5
                        let sum = Run.destination(pc, fp)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        guard try Run.access(1, pc, fp, mem0, vm, memory0: true, .slots, fallback: true, x: sum) else { break }; pc += 5
                        continue
                    case .pair48:  // store1, then pair39 (copy32, br)
                        guard try Run.access(15, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        Run.copy32(&pc, fp)
                        pc = Run.target(pc, 1)
                        continue
                    case .pair49:  // loadIndexed12, then pair9 (store1 of the loaded value, br)
                        let loaded = Run.destination(pc, fp)
                        guard try Run.access(12, pc, fp, mem0, vm, memory0: true, .constantPlusSlot, fallback: true) else { break }; pc += 5
                        guard try Run.access(15, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: loaded, fallback: true) else { break }; pc += 5
                        pc = Run.target(pc, 1)
                        continue
                    case .pair50:  // i6A, then load1 at its result
                        let sum = Run.destination(pc, fp)
                        try Run.numeric(0x6A, &pc, fp, .immediate)
                        guard try Run.access(1, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, fallback: true, x: sum) else { break }; pc += 5
                        continue
                    case .pair51:  // const64, then pair38 (copy32, select)
                        Run.const64(&pc, fp)
                        Run.copy32(&pc, fp)
                        Run.select(&pc, fp)
                        continue
                    case .pair52:  // sAD, then s7C with its result
                        let result = Run.destination(pc, fp)
                        try Run.numeric(0xAD, &pc, fp, .slot)
                        try Run.numeric(0x7C, &pc, fp, result)
                        continue
                    case .pair53:  // s7C, then i47
                        try Run.numeric(0x7C, &pc, fp, .slot)
                        try Run.numeric(0x47, &pc, fp, .immediate)
                        continue
                    case .pair55:  // f64WithLoadConstant5, then pair54 (the body that follows)
                        guard let next = try Run.f64WithLoad(5, pc, fp, mem0, vm, .constant, other: .flagged, fallback: true) else { break }; pc = next
                        fallthrough
                    case .pair54:  // sA0, then storeConstant3
                        try Run.numeric(0xA0, &pc, fp, .slot)
                        guard try Run.access(17, pc, fp, mem0, vm, memory0: true, .constant, value: .slot, fallback: true) else { break }; pc += 5
                        continue
                    case .pair56:  // sA2, then pair5 of its result: fusedMultiply7 and store3
                        let product = Run.destination(pc, fp)
                        try Run.numeric(0xA2, &pc, fp, .slot)
                        Run.fusedMultiply(7, &pc, fp, .slot, a: product)
                        guard try Run.access(17, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        continue
                    case .pair57:  // f64WithLoad1, then sA2 of its result by itself
                        let difference = Run.destination(pc, fp)
                        guard let next = try Run.f64WithLoad(1, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next
                        try Run.numeric(0xA2, &pc, fp, difference, first: difference)
                        continue
                    case .pair58:  // f64WithLoad1, then pair31 of its result by itself: fusedMultiply5 and sA0
                        let difference = Run.destination(pc, fp)
                        guard let next = try Run.f64WithLoad(1, pc, fp, mem0, vm, .slotPlusConstant, other: .slot, fallback: true) else { break }; pc = next
                        let fused = Run.destination(pc, fp)
                        Run.fusedMultiply(5, &pc, fp, .slot, a: difference, b: difference)
                        try Run.numeric(0xA0, &pc, fp, fused)
                        continue
                    case .pair59:  // rA3, then pair5 by its result: fusedMultiply7 and store3
                        let quotient = Run.destination(pc, fp)
                        try Run.numeric(0xA3, &pc, fp, .slot, first: .immediate)
                        Run.fusedMultiply(7, &pc, fp, .slot, b: quotient)
                        guard try Run.access(17, pc, fp, mem0, vm, memory0: true, .slotPlusConstant, value: .slot, fallback: true) else { break }; pc += 5
                        continue
                    case .pair60:  // sA0, then sA0 of its result
                        let sum = Run.destination(pc, fp)
                        try Run.numeric(0xA0, &pc, fp, .slot)
                        try Run.numeric(0xA0, &pc, fp, sum)
                        continue
                    case .r93: try Run.numeric(0x93, &pc, fp, .slot, first: .immediate); continue  // f32.sub
                    case .r95: try Run.numeric(0x95, &pc, fp, .slot, first: .immediate); continue  // f32.div
                    case .rA1: try Run.numeric(0xA1, &pc, fp, .slot, first: .immediate); continue  // f64.sub
                    case .rA3: try Run.numeric(0xA3, &pc, fp, .slot, first: .immediate); continue  // f64.div
                    // No specialized handler: unary numeric instructions have none with an immediate.
                    case .generic, .i45, .i50, .i67, .i68, .i69, .i79, .i7A, .i7B, .i8B, .i8C, .i8D, .i8E, .i8F, .i90, .i91,
                         .i99, .i9A, .i9B, .i9C, .i9D, .i9E, .i9F, .iA7, .iA8, .iA9, .iAA, .iAB, .iAC, .iAD, .iAE, .iAF, .iB0,
                         .iB1, .iB2, .iB3, .iB4, .iB5, .iB6, .iB7, .iB8, .iB9, .iBA, .iBB, .iBC, .iBD, .iBE, .iBF, .iC0, .iC1,
                         .iC2, .iC3, .iC4:
                        break
                    }
                    let op = UInt16(truncatingIfNeeded: pc[0])
                    // Numeric instructions, the most frequent, before the switch, whose
                    // cases are then all single values (one jump table).
                    if op &- 0x45 <= 0xC4 - 0x45 {
                        try Numeric.execute(op, fp + Int(truncatingIfNeeded: pc[1]), Run.operand(pc, fp, 2), Run.operand(pc, fp, 3))
                        pc += 4
                        continue
                    }
                    switch op {
                    // MARK: Memory
                    // Memory 0 (32-bit), address x + y: IOp.memory0Access + (wasm opcode - 0x28).
                    case 0x440...0x456: try Run.access(op - 0x440, pc, fp, mem0, vm, memory0: true); pc += 5
                    case 0x28...0x3E: try Run.access(op - 0x28, pc, fp, mem0, vm, memory0: false); pc += 5

                    // MARK: Numeric
                    case IOp.i32AddShifted: Run.i32AddShifted(&pc, fp, .flagged)
                    case IOp.addPair: Run.addPair(&pc, fp, .flagged, .flagged)
                    case IOp.f64WithLoad...(IOp.f64WithLoad + 5): pc = try Run.f64WithLoad(op - IOp.f64WithLoad, pc, fp, mem0, vm)!
                    case IOp.fusedMultiply...(IOp.fusedMultiply + 7): Run.fusedMultiply(op - IOp.fusedMultiply, &pc, fp)
                    case IOp.xorShift...(IOp.xorShift + 3): Run.xorShift(op - IOp.xorShift, &pc, fp)
                    case IOp.mulAdd32: Run.mulAdd32(&pc, fp)
                    case IOp.shiftAnd32: Run.shiftAnd32(&pc, fp)
                    case IOp.brIfEq...IOp.brIfGeU: pc = Run.compareAndBranch(op - IOp.brIfEq, pc, fp)
                    case IOp.brIf64Eq, IOp.brIf64Ne: pc = Run.equalityBranch64(op - IOp.brIf64Eq, pc, fp)
                    case IOp.addBranch...(IOp.addBranch + 9): pc = Run.addAndBranch(op - IOp.addBranch, pc, fp)

                    // MARK: Control
                    case IOp.globalGet:
                        Run.copySlot(to: fp + Int(truncatingIfNeeded: pc[1]), from: vm.pointee.globals[Int(truncatingIfNeeded: pc[2])])
                        pc += 3
                    case IOp.globalSet:
                        Run.copySlot(to: vm.pointee.globals[Int(truncatingIfNeeded: pc[2])], from: fp + Int(truncatingIfNeeded: pc[1]))
                        pc += 3
                    case IOp.const128:
                        fp.setSlot(UInt64.self, pc[2], at: Int(truncatingIfNeeded: pc[1]))
                        fp.setSlot(UInt64.self, pc[3], at: Int(truncatingIfNeeded: pc[1]) + 8)
                        pc += 4
                    case IOp.returnCall:
                        try tailCall(directCallee(pc, entry), args: fp + Int(truncatingIfNeeded: pc[2]), pc: &pc, fp: &fp, entry: &entry)
                        reloadMemory()
                    case IOp.brIfNull:
                        if fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[1])) == 0 { pc = Run.target(pc, 2) } else { pc += 3 }
                    case IOp.brIfNonNull:
                        if fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[1])) != 0 { pc = Run.target(pc, 2) } else { pc += 3 }
                    case IOp.refAsNonNull:
                        guard fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[1])) != 0 else { throw Trap(.nullReference) }
                        pc += 2
                    case IOp.callIndirect, IOp.returnCallIndirect, IOp.callRef, IOp.returnCallRef:
                        // [op, type, table, args, index] or [op, type, args, ref]
                        let indirect = op == IOp.callIndirect || op == IOp.returnCallIndirect
                        let isTail = op == IOp.returnCallIndirect || op == IOp.returnCallRef
                        let ref = indirect ? try indirectCallee(pc, fp, vm) : try referencedCallee(pc, fp)
                        let args = fp + Int(indirect ? pc[3] : pc[2])
                        guard let callee = ref.pointee.entry else {
                            let f = Unmanaged<Function>.fromOpaque(ref.pointee.function).takeUnretainedValue()
                            try callHostFunction(f, caller: entry.pointee.instance, args: args, frameEnd: fp + entry.pointee.frameBytes)
                            if isTail {
                                // The host's results are the function's results.
                                fp.copyMemory(from: args, byteCount: f.type.results.count * Slot.size)
                                pc = returnSequence
                            } else {
                                pc += indirect ? 5 : 4
                            }
                            reloadMemory()
                            continue
                        }
                        if isTail {
                            try tailCall(callee, args: args, pc: &pc, fp: &fp, entry: &entry)
                            reloadMemory()
                        } else {
                            if try call(callee, code: callee.pointee.code, args: args, returnPC: pc + (indirect ? 5 : 4), pc: &pc, fp: &fp, entry: &entry) {
                                reloadMemory()
                            }
                        }
                    case IOp.refFunc:
                        fp.setSlot(UInt64.self, UInt64(UInt(bitPattern: vm.pointee.functions[Int(truncatingIfNeeded: pc[2])])), at: Int(truncatingIfNeeded: pc[1]))
                        pc += 3
                    case IOp.refIsNull:
                        let v = fp.slot(UInt64.self, at: Int(truncatingIfNeeded: pc[2]))
                        fp.setSlot(UInt32.self, v == 0 ? 1 : 0, at: Int(truncatingIfNeeded: pc[1]))
                        pc += 3
                    case IOp.unreachable:
                        throw Trap(.unreachable)
                    case IOp.throwTag, IOp.throwRef:
                        throw raise(op, pc, fp, entry)
                    case IOp.fuel:
                        try store.consumeFuel()
                        pc += 1
                    case IOp.memorySize, IOp.memoryGrow, IOp.tableGet, IOp.tableSet, IOp.tableSize,
                         0x108, 0x109, 0x10A, 0x10B, 0x10C, 0x10D, 0x10E, 0x10F, 0x110, 0x111:  // ExtraOpcodes.memoryInit ... tableFill
                        try executeBulk(op, pc, fp, entry.pointee.instance.takeUnretainedValue())
                        reloadMemory()
                        pc += op >= ExtraOpcodes.memoryInit && op <= ExtraOpcodes.tableFill ? 4 : 3

                    default:
                        // SIMD first: the others below are rarer.
                        if op >= 0x200 && op <= 0x3FF {
                            pc = try SIMDExecutor.execute(op, pc, fp, mem0, vm)
                        } else if op >= 0x100 && op <= 0x107 {  // saturating truncations
                            try Numeric.execute(op, fp + Int(truncatingIfNeeded: pc[1]), Run.operand(pc, fp, 2), Run.operand(pc, fp, 3))
                            pc += 4
                        } else if op >= IOp.atomic && op <= IOp.atomicLast {
                            try AtomicExecutor.execute(op - IOp.atomic + AtomicOpcodes.base, fp + Int(truncatingIfNeeded: pc[1]), offset: pc[2], memory: pc[3], vm)
                            pc += 4
                        } else if WideArithmetic.contains(op) {
                            WideArithmetic.execute(op, fp + Int(truncatingIfNeeded: pc[1]))
                            pc += 2
                        } else if op >= GCOpcodes.base && op <= GCOpcodes.last {
                            try executeGC(op, pc, fp, vm)
                            pc += 4
                        } else {
                            fatalError("interpreter: unknown internal opcode \(op)")
                        }
                    }
                }
            } catch let raised {
                var error = raised
                if let exception = (error as? Trap)?.exception {
                    do throws(Trap) {
                        if let landing = try catchException(exception, pc: pc, fp: fp, entry: entry, baseDepth: baseDepth) {
                            (pc, fp, entry) = landing
                            reloadMemory()
                            continue
                        }
                    } catch let outOfMemory {
                        error = outOfMemory
                    }
                }
                guard var trap = error as? Trap else { throw error }
                // This activation's frames follow those of a nested one the trap
                // came from (through a host function), as on the compiler tier.
                if trap.frames.count < Self.maxTraceFrames {
                    trap.frames += backtrace(pc: pc, entry: entry, baseDepth: baseDepth).prefix(Self.maxTraceFrames - trap.frames.count)
                }
                throw trap
            }
        }
    }
}
