/// Where one function's code lies in its module's code buffer, and its frame shape.
struct CompiledFunction {
    var start: Int
    var frameSlots: Int
    var localCount: Int
    /// Range of this function's entries in `InterpreterCode.offsets`.
    var offsets: Range<Int>
    /// Range of this function's handlers in `InterpreterCode.handlers`.
    var handlers: Range<Int>

    /// The module byte offset of the instruction at code index `pc`.
    func moduleOffset(atCode pc: Int, in code: InterpreterCode) -> Int {
        var lo = offsets.lowerBound, hi = offsets.upperBound
        var best = 0
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(code.offsets[mid].pc) <= pc {
                best = Int(code.offsets[mid].offset)
                lo = mid + 1
            } else {
                hi = mid
            }
        }
        return best
    }
}

/// The interpreter code of all defined functions of a module, in one buffer.
/// Branch-target words hold the address of their target, so that a taken
/// branch needs no base pointer.
final class InterpreterCode: @unchecked Sendable {
    let words: UnsafeMutablePointer<UInt64>
    let wordCount: Int
    let functions: UnsafeMutablePointer<CompiledFunction>
    let functionCount: Int
    let offsets: [(pc: Int32, offset: Int32)]
    /// The `try_table` handlers of all functions (see `CompiledFunction.handlers`).
    let handlers: [InterpreterHandler]

    /// `targets` are the indices of the branch-target words of `words`,
    /// which hold the index of their target.
    init(words: [UInt64], targets: [Int], functions: [CompiledFunction], offsets: [(pc: Int32, offset: Int32)],
         handlers: [InterpreterHandler]) {
        wordCount = words.count
        self.words = .allocate(capacity: max(words.count, 1))
        self.words.initialize(from: words, count: words.count)
        assert(Set(targets).count == targets.count, "a branch-target word set twice")
        for t in targets {
            assert(words[t] < words.count, "a branch target outside the code")
            self.words[t] = UInt64(UInt(bitPattern: self.words + Int(words[t])))
        }
        functionCount = functions.count
        self.functions = .allocate(capacity: max(functions.count, 1))
        self.functions.initialize(from: functions, count: functions.count)
        self.offsets = offsets
        self.handlers = handlers
    }

    deinit {
        words.deallocate()
        functions.deallocate()
    }

    /// Validates and translates every function body of `module`.
    static func compile(_ module: Module, context: ModuleValidator.Context, meterFuel: Bool = false) throws(WasmError) -> InterpreterCode {
        var words: [UInt64] = []
        var targets: [Int] = []
        var functions: [CompiledFunction] = []
        var offsets: [(pc: Int32, offset: Int32)] = []
        var handlers: [InterpreterHandler] = []
        let tables64 = module.tables.map(\.limits.is64)
        let narrowGlobals = module.globals.map { InterpreterTranslator.isNarrow($0.valueType) }
        try module.bytes.withUnsafeBufferPointer { (buf) throws(WasmError) in
            for i in module.importedFunctionCount..<module.functionTypeIndices.count {
                let type = module.functionType(i)
                let locals = module.locals(of: i)
                let translator = InterpreterTranslator(locals: locals, paramCount: type.params.count, resultCount: type.results.count,
                                                       tables64: tables64, narrowGlobals: narrowGlobals, meterFuel: meterFuel)
                var validator = FunctionValidator(module: module, context: context, functionIndex: i, sink: translator, bytes: buf)
                let out = try validator.run()
                let frameSlots = max(locals.count + validator.maxHeight, type.results.count, 1)
                let offsetStart = offsets.count
                offsets.append(contentsOf: out.offsets)
                let handlerStart = handlers.count
                handlers.append(contentsOf: out.handlerTable.handlers)
                let start = words.count
                functions.append(CompiledFunction(start: start, frameSlots: frameSlots, localCount: locals.count,
                                                  offsets: offsetStart..<offsets.count, handlers: handlerStart..<handlers.count))
                words.append(contentsOf: out.code)
                for t in out.targets {
                    words[start + t] += UInt64(start)
                    targets.append(start + t)
                }
            }
        }
        return InterpreterCode(words: words, targets: targets, functions: functions, offsets: offsets, handlers: handlers)
    }
}
