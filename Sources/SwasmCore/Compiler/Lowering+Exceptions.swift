/// What `Lowering` tracks of the `try_table`s of the function it compiles.
///
/// Machine code handles exceptions without unwinding tables: a `throw`
/// makes the exception pending in the store and jumps to the exception
/// target of its position; after every call the caller tests eax (non-zero:
/// an exception is pending) and jumps there too. The target is the dispatch
/// code of the innermost enclosing `try_table` with catch clauses, which
/// compares the pending tag with its clauses and lands at the matching
/// clause's label, or goes on to the next enclosing one; outside any, the
/// function returns at once with eax non-zero (`TargetISA.propagateException`).
/// At every exception site all operand values are in their canonical slots
/// and the caller-saved local registers equal their slots, so one dispatch
/// serves every site of its `try_table`.
struct ExceptionLoweringState {
    /// A `try_table` with catch clauses.
    struct Try {
        /// Index of its label in `Lowering.labels`.
        var labelIndex: Int
        /// Code label of its dispatch code.
        var dispatch: Int
        /// Where exceptions no clause catches go: the enclosing target.
        var outer: Int
        /// Operand height below its params.
        var height: Int
        var catches: [CatchClause]
        /// The label stacks each clause branches through: the function's
        /// label and the clause's target (set at the `end`; only these two,
        /// so that nested `try_table`s do not each copy every enclosing label).
        var clauseLabels: [[CompileLabel]] = []
    }

    var open: [Try] = []
    /// `try_table`s whose dispatch code is emitted at the end of the function.
    var closed: [Try] = []
    /// Code label of the function's early return with an exception, once used.
    var propagate: Int?
}

extension Lowering {
    /// Where code that finds an exception pending at the current position jumps.
    mutating func exceptionTarget() -> Int {
        if let t = exceptionState.open.last { return t.dispatch }
        if let p = exceptionState.propagate { return p }
        let p = newLabel()
        exceptionState.propagate = p
        return p
    }

    mutating func beginTryTable(type: FuncType, catches: [CatchClause], height: Int, reachable: Bool) throws(WasmError) {
        let guarded = reachable && !catches.isEmpty
        let outer = guarded ? exceptionTarget() : 0
        try beginBlock(.block, type: type, height: height, reachable: reachable)
        guard guarded else { return }
        exceptionState.open.append(ExceptionLoweringState.Try(
            labelIndex: labels.count - 1, dispatch: newLabel(), outer: outer, height: height, catches: catches))
    }

    /// At the `end` of a block (before its label goes): a `try_table`'s
    /// guarded code ends here; its dispatch code comes at the function's end.
    mutating func closeTryTable() {
        guard var t = exceptionState.open.last, t.labelIndex == labels.count - 1 else { return }
        exceptionState.open.removeLast()
        // A clause's depth counts from the block around the try_table.
        t.clauseLabels = t.catches.map { clause in
            let index = t.labelIndex - 1 - clause.depth
            return index == 0 ? [labels[0]] : [labels[0], labels[index]]
        }
        exceptionState.closed.append(t)
    }

    /// Emits the dispatch code of every `try_table` and the early return
    /// (after the function's body, which has no labels left).
    mutating func emitExceptionHandlers() {
        for t in exceptionState.closed {
            bind(t.dispatch)
            let landings = t.catches.map { _ in newLabel() }
            for (clause, landing) in zip(t.catches, landings) {
                if let tag = clause.tag {
                    ISA.branchIfPendingTag(&self, tag: Int(tag), to: landing)
                } else {
                    ISA.jump(&self, landing)
                }
            }
            ISA.jump(&self, t.outer)
            for (k, (clause, landing)) in zip(t.catches, landings).enumerated() {
                bind(landing)
                var values = clause.tag.map { module.types[Int(module.tags[Int($0)])].params } ?? []
                if clause.passesReference { values.append(.ref(RefType(nullable: false, heapType: .exn))) }
                let first = slot(height: t.height)
                useSlot(first + values.count)
                ISA.takeException(&self, slot: first, payload: clause.tag != nil, reference: clause.passesReference)
                // The state of a branch from inside the try_table: everything in its canonical slot.
                labels = t.clauseLabels[k]
                stack = []
                lowestUnflushed = .max
                usedGPR = 0
                usedFPR = 0
                // The values below stay in their canonical slots, which the branch
                // neither reads nor moves: entries of any type stand for them (a
                // copy of their types per try_table made memory quadratic).
                for h in 0..<t.height { push(.i64, .slot(slot(height: h))) }
                for type in values { push(type, .slot(slot(height: stack.count))) }
                jump(depth: 0)  // the clause's target, last of `clauseLabels[k]`
            }
        }
        labels = []
        stack = []
        if let p = exceptionState.propagate {
            bind(p)
            ISA.propagateException(&self)
        }
    }
}
