/// One catch clause of a `try_table` in interpreter code, with the code
/// range its `try_table` guards. A function's handlers are ordered inner
/// `try_table` first (they are recorded at each `end`), clauses in their
/// order, so the first match of a linear search is the one the spec picks.
struct InterpreterHandler {
    /// Guarded code range, in words from the function's start.
    var start: Int32
    var end: Int32
    /// Tag index in the instance's tag index space; -1 for `catch_all(_ref)`.
    var tag: Int32
    /// Whether the exnref follows the payload (`catch_ref`, `catch_all_ref`).
    var passesReference: Bool
    /// Frame byte offset of the label's first slot: the payload goes there.
    var destination: Int32
    /// Code position of the landing `br` to the clause's label.
    var landing: Int32
}

/// Collects a function's handler table while `InterpreterTranslator` emits its code.
struct HandlerTableBuilder {
    /// A `try_table` whose `end` has not been reached.
    struct OpenTry {
        /// Index of its label in the translator's label stack.
        var labelIndex: Int
        var start: Int
        var clauses: [InterpreterHandler]
    }

    var open: [OpenTry] = []
    var handlers: [InterpreterHandler] = []
}

extension InterpreterTranslator {
    /// `try_table`: a block whose clauses each get a landing (a `br` to
    /// their label, or a `ret` for the function's label), placed before the
    /// body (jumped over on entry), and a handler table entry for the body's
    /// code range.
    mutating func beginTryTable(type: FuncType, catches: [CatchClause], height: Int, reachable: Bool) {
        beginBlock(.block, type: type, height: height, reachable: reachable)
        guard reachable, !catches.isEmpty else { return }
        emit(UInt64(IOp.br), 0)
        let skip = code.count - 1
        var clauses: [InterpreterHandler] = []
        for clause in catches {
            // The try_table's own label is the last one; depths count from the one around it.
            let index = labels.count - 2 - clause.depth
            let landing = code.count
            var destination = Int32(slot(labels[index].height))
            if index == 0 {
                // The function's label: the values are its results, in slots 0..<n.
                destination = 0
                emit(UInt64(IOp.ret))
            } else {
                emit(UInt64(IOp.br), 0)
                setTarget(code.count - 1, label: index)
            }
            clauses.append(InterpreterHandler(start: 0, end: 0, tag: clause.tag.map { Int32($0) } ?? -1,
                                              passesReference: clause.passesReference,
                                              destination: destination, landing: Int32(landing)))
        }
        setTarget(skip, code.count)
        markJoin()
        handlerTable.open.append(HandlerTableBuilder.OpenTry(labelIndex: labels.count - 1, start: code.count, clauses: clauses))
    }

    /// At the `end` of a block: when it is a `try_table` with clauses, its
    /// guarded range ends here and its clauses join the handler table.
    mutating func closeTryTable() {
        guard let open = handlerTable.open.last, open.labelIndex == labels.count - 1 else { return }
        handlerTable.open.removeLast()
        for var clause in open.clauses {
            clause.start = Int32(open.start)
            clause.end = Int32(code.count)
            handlerTable.handlers.append(clause)
        }
    }
}

extension Interpreter {
    /// The error a `throw` `[op, tag, payload base]` or `throw_ref` `[op,
    /// ref slot]` raises: a trap carrying the exception (see
    /// `Trap(uncaught:)`), or the null-reference trap of `throw_ref`.
    func raise(_ op: UInt16, _ pc: UnsafePointer<UInt64>, _ fp: UnsafeMutableRawPointer,
               _ entry: UnsafeMutablePointer<FunctionEntry>) -> Trap {
        if op == IOp.throwTag {
            let tag = entry.pointee.instance.takeUnretainedValue().tags[Int(pc[1])]
            return Trap(uncaught: Exception(tag: tag, values: fp + Int(pc[2])))
        }
        guard let exception = Exception.from(bits: fp.load(fromByteOffset: Int(pc[1]), as: UInt64.self)) else {
            return Trap(.nullExceptionReference)
        }
        return Trap(uncaught: exception)
    }

    /// Looks for a handler of `exception`, raised by the instruction at
    /// `pc` of the current frame, in this frame and then in its callers down
    /// to the activation's entry. When one catches it, its values are in the
    /// label's slots, the frames above it are gone and it returns the
    /// landing to continue at with its frame; otherwise nothing changes and
    /// it returns nil. (Returned rather than `inout`, so that the execute
    /// loop's registers are never address-taken.) Throws "out of memory",
    /// changing nothing, when the handler passes an exnref the store has
    /// no room left to keep.
    func catchException(_ exception: Exception, pc: UnsafePointer<UInt64>, fp: UnsafeMutableRawPointer,
                        entry: UnsafeMutablePointer<FunctionEntry>, baseDepth: Int) throws(Trap)
        -> (pc: UnsafePointer<UInt64>, fp: UnsafeMutableRawPointer, entry: UnsafeMutablePointer<FunctionEntry>)? {
        var at = pc, frameFP = fp, frameEntry = entry
        var level = depth
        // A tail call to a host function raises from a frame it has already left.
        var skip = Self.isTailCall(UInt16(truncatingIfNeeded: pc[0]))
        while true {
            if !skip, let landing = try deliver(exception, at: at, fp: frameFP, entry: frameEntry) {
                depth = level
                return (landing, frameFP, frameEntry)
            }
            skip = false
            level -= 1
            if level == baseDepth { return nil }
            let caller = frames[level]
            at = caller.pc - 1
            frameFP = caller.fp
            frameEntry = caller.entry
        }
    }

    /// Whether `op` is one of the `return_call` instructions.
    static func isTailCall(_ op: UInt16) -> Bool {
        op == IOp.returnCall || op == IOp.returnCallIndirect || op == IOp.returnCallRef
    }

    /// The landing of the first handler of the frame (`entry`, `fp`) that
    /// guards `at` and matches `exception`, after moving the exception's
    /// values into the handler's label slots (the exnref, if it passes one,
    /// first: keeping the exception may trap "out of memory").
    private func deliver(_ exception: Exception, at: UnsafePointer<UInt64>, fp: UnsafeMutableRawPointer,
                         entry: UnsafeMutablePointer<FunctionEntry>) throws(Trap) -> UnsafePointer<UInt64>? {
        guard let compiled = entry.pointee.compiled, !compiled.pointee.handlers.isEmpty, let code = entry.pointee.code else {
            return nil
        }
        let instance = entry.pointee.instance.takeUnretainedValue()
        guard let table = instance.compiled.code else { return nil }
        let position = Int32(at - code)
        for i in compiled.pointee.handlers {
            let h = table.handlers[i]
            guard h.start <= position, position < h.end else { continue }
            guard h.tag < 0 || instance.tags[Int(h.tag)] === exception.tag else { continue }
            let reference = h.passesReference ? try store.caughtExceptionBits(exception) : 0
            var destination = fp + Int(h.destination)
            if h.tag >= 0 {
                exception.copyPayload(to: destination)
                destination += exception.tag.type.params.count * Slot.size
            }
            if h.passesReference { destination.storeBytes(of: reference, as: UInt64.self) }
            return code + Int(h.landing)
        }
        return nil
    }
}
