import CWasmHeaders
import SwasmCore

/// A failure of `wasm_instance_new`: recorded as the last error, and handed
/// out as a trap when the caller asked for one.
private func fail(_ error: Error, _ context: StoreContext?, _ trapOut: UnsafeMutablePointer<OpaquePointer?>?) -> OpaquePointer? {
    LastError.set(error)
    if let trapOut {
        let trap = (error as? Trap) ?? Trap(.host("\(error)"))
        trapOut.pointee = retained(Entity(.trap(trap), context: context))
    }
    return nil
}

@_cdecl("wasm_instance_new")
public func wasm_instance_new(_ store: OpaquePointer?, _ module: OpaquePointer?, _ imports: UnsafePointer<wasm_extern_vec_t>?,
                              _ trapOut: UnsafeMutablePointer<OpaquePointer?>?) -> OpaquePointer? {
    trapOut?.pointee = nil
    let context = borrow(store, as: StoreContext.self)
    guard let context, let compiled = Entity.of(module, .module)?.module else {
        return fail(WasmError(.other, "wasm_instance_new: NULL or invalid store or module"), context, trapOut)
    }
    guard compiled.engine === context.store.engine else {
        return fail(WasmError(.other, "wasm_instance_new: the module was compiled by another engine"), context, trapOut)
    }
    var externs: [Extern] = []
    for (i, p) in Vec.elements(imports).enumerated() {
        guard let entity = Entity.of(p, nil), let e = entity.asExtern else {
            return fail(WasmError(.unlinkable, "wasm_instance_new: import \(i) is NULL or not an extern"), context, trapOut)
        }
        guard entity.context != nil else {
            return fail(WasmError(.unlinkable, "wasm_instance_new: import \(i) belongs to a deleted store"), context, trapOut)
        }
        externs.append(e)
    }
    do {
        let instance = try Instance(store: context.store, compiled: compiled, imports: externs)
        return retained(context.entity(instance))
    } catch {
        return fail(error, context, trapOut)
    }
}

@_cdecl("wasm_instance_exports")
public func wasm_instance_exports(_ instance: OpaquePointer?, _ out: UnsafeMutablePointer<wasm_extern_vec_t>?) {
    guard let e = Entity.of(instance, .instance), let i = e.instance, let context = e.context else { return Vec.newEmpty(out) }
    HandleVec<Entity>.make(out, i.exports.map { context.entity($0.value) })
}
