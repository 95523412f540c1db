import CWasmHeaders
import SwasmCore

/// The core body of a C host function: converts the argument slots to
/// `wasm_val_t` (borrowed by the callback), calls `callback`, and turns
/// its results or its trap back into slots or a thrown `Trap`.
private func hostBody(_ type: FuncType, _ context: StoreContext,
                      _ callback: @escaping (UnsafePointer<wasm_val_vec_t>, UnsafeMutablePointer<wasm_val_vec_t>) -> OpaquePointer?) -> HostFunctionBody {
    return { [weak context] _, slots in
        guard let context else { throw Trap(.host("host function called after its store was deleted")) }
        var args = type.params.enumerated().map { CVal.makeArgument(Slot.read(slots + $0.offset * Slot.size, $0.element), in: context) }
        // Results start as zero values of the expected kinds.
        var results = type.results.map { CVal.make(.zero($0), in: nil) }
        // Results are the callback's to give, and released (a copy it made:
        // `wasm_val_copy`, `wasm_ref_copy`). A result that is a lent argument
        // handle itself (a plain struct copy) is released once, as the argument.
        let lent = Set(args.compactMap { CVal.isRef($0.kind) ? $0.of.ref : nil })
        defer {
            for r in results where !(CVal.isRef(r.kind) && r.of.ref.map(lent.contains) == true) { CVal.release(r) }
            for a in args { CVal.release(a) }
        }
        let trap = args.withUnsafeMutableBufferPointer { a in
            results.withUnsafeMutableBufferPointer { r in
                var argVec = wasm_val_vec_t(size: a.count, data: a.baseAddress)
                var resultVec = wasm_val_vec_t(size: r.count, data: r.baseAddress)
                return callback(&argVec, &resultVec)
            }
        }
        if let trap {
            var t = Entity.of(trap, .trap)?.trap ?? Trap(.host("host function returned an invalid trap"))
            // An exception that reached a C host is a trap from here on: wasm cannot catch it.
            t.exception = nil
            release(trap, as: Entity.self)
            throw t
        }
        for (i, (r, t)) in zip(results, type.results).enumerated() {
            guard let v = CVal.value(r, as: t), context.store.admits(v, t) else {
                throw Trap(.host("host function result \(i) is not a \(t) of the function's store"))
            }
            Slot.write(slots + i * Slot.size, v, store: context.store)
        }
    }
}

/// Creates a host function in `store`; `finalizer(env)` runs once when it dies.
private func newHostFunction(_ store: OpaquePointer?, _ type: OpaquePointer?, env: UnsafeMutableRawPointer?, finalizer: CFinalizer?,
                             _ callback: @escaping (UnsafePointer<wasm_val_vec_t>, UnsafeMutablePointer<wasm_val_vec_t>) -> OpaquePointer?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self),
          let funcType = ExternTypeBox.of(type, kind: ExternTypeBox.function)?.funcType else { return nil }
    guard !funcType.passesV128 else {
        LastError.set("wasm_func_new: v128 parameters and results cannot pass through wasm_val_t")
        return nil
    }
    let envInfo = HostInfo(data: env, finalizer: finalizer)
    if finalizer != nil { context.track(envInfo) }
    let body = hostBody(funcType, context) { args, results in
        withExtendedLifetime(envInfo) { callback(args, results) }
    }
    return retained(context.entity(Function(store: context.store, type: funcType, body: body)))
}

@_cdecl("wasm_func_new")
public func wasm_func_new(_ store: OpaquePointer?, _ type: OpaquePointer?, _ callback: wasm_func_callback_t?) -> OpaquePointer? {
    guard let callback else { return nil }
    return newHostFunction(store, type, env: nil, finalizer: nil) { callback($0, $1) }
}

@_cdecl("wasm_func_new_with_env")
public func wasm_func_new_with_env(_ store: OpaquePointer?, _ type: OpaquePointer?, _ callback: wasm_func_callback_with_env_t?,
                                   _ env: UnsafeMutableRawPointer?, _ finalizer: CFinalizer?) -> OpaquePointer? {
    guard let callback else { return nil }
    return newHostFunction(store, type, env: env, finalizer: finalizer) { callback(env, $0, $1) }
}

@_cdecl("wasm_func_type")
public func wasm_func_type(_ f: OpaquePointer?) -> OpaquePointer? {
    Entity.of(f, .function)?.function.map { retained(ExternTypeBox.make(.function($0.type))) }
}

@_cdecl("wasm_func_param_arity")
public func wasm_func_param_arity(_ f: OpaquePointer?) -> Int { Entity.of(f, .function)?.function?.type.params.count ?? 0 }

@_cdecl("wasm_func_result_arity")
public func wasm_func_result_arity(_ f: OpaquePointer?) -> Int { Entity.of(f, .function)?.function?.type.results.count ?? 0 }

/// Calls the function. Bad arguments (count, kinds) and traps come back as
/// an owned trap; so do too few result slots, once the call has returned
/// without a trap. Results are owned by the caller.
@_cdecl("wasm_func_call")
public func wasm_func_call(_ f: OpaquePointer?, _ args: UnsafePointer<wasm_val_vec_t>?, _ results: UnsafeMutablePointer<wasm_val_vec_t>?) -> OpaquePointer? {
    guard let entity = Entity.of(f, .function), let function = entity.function else {
        return retained(Entity(.trap(Trap(.host("wasm_func_call: NULL or not a function"))), context: nil))
    }
    let context = entity.context
    func trap(_ t: Trap) -> OpaquePointer { retained(Entity(.trap(t), context: context)) }
    guard let context else { return trap(Trap(.host("wasm_func_call: the function's store was deleted"))) }
    let type = function.type
    guard !type.passesV128 else {
        return trap(Trap(.host("wasm_func_call: v128 parameters and results cannot pass through wasm_val_t")))
    }
    let argValues = Vec.elements(args)
    guard argValues.count == type.params.count else {
        return trap(Trap(.host("wasm_func_call: expected \(type.params.count) arguments, got \(argValues.count)")))
    }
    let count = max(type.params.count, type.results.count, 1)
    let slots = UnsafeMutableRawPointer.allocate(byteCount: count * Slot.size, alignment: 16)
    defer { slots.deallocate() }
    for (i, (a, t)) in zip(argValues, type.params).enumerated() {
        guard let v = CVal.value(a, as: t), function.admits(v, parameter: i) else {
            return trap(Trap(.host("wasm_func_call: argument \(i) does not have type \(t)")))
        }
        Slot.write(slots + i * Slot.size, v, store: context.store)
    }
    do {
        try function.call(slots: slots)
    } catch let t as Trap {
        return trap(t)
    } catch {
        return trap(Trap(.host("\(error)")))
    }
    // Checked after the call, as the reference implementation runs it: a
    // host that passes no room to a function expected to trap gets its trap.
    let resultSlots = results.map { Int($0.pointee.size) } ?? 0
    guard resultSlots >= type.results.count, type.results.isEmpty || results?.pointee.data != nil else {
        return trap(Trap(.host("wasm_func_call: expected room for \(type.results.count) results, got \(resultSlots)")))
    }
    for (i, t) in type.results.enumerated() {
        results!.pointee.data[i] = CVal.make(Slot.read(slots + i * Slot.size, t), in: context)
    }
    return nil
}

extension FuncType {
    /// Whether a parameter or result is a v128, which `wasm_val_t` cannot hold.
    var passesV128: Bool { params.contains(.v128) || results.contains(.v128) }
}
