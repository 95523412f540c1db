import CWasmHeaders
import SwasmCore

/// `wasm_shared_module_t`: a compiled module any thread may hold.
final class SharedModuleBox {
    let compiled: CompiledModule

    init(_ compiled: CompiledModule) { self.compiled = compiled }
}

/// The bytes of a borrowed byte vector.
func bytes(_ v: UnsafePointer<wasm_byte_vec_t>?) -> [UInt8] {
    Vec.elements(v).map { UInt8(bitPattern: $0) }
}

/// A module entity for `compiled` created through `store`.
private func moduleHandle(_ compiled: CompiledModule, _ context: StoreContext) -> OpaquePointer {
    retained(Entity(.module(compiled), context: context))
}

@_cdecl("wasm_module_new")
public func wasm_module_new(_ store: OpaquePointer?, _ binary: UnsafePointer<wasm_byte_vec_t>?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self), binary != nil else {
        LastError.set("wasm_module_new: NULL store or binary")
        return nil
    }
    do {
        return moduleHandle(try CompiledModule(engine: context.store.engine, bytes: bytes(binary)), context)
    } catch {
        LastError.set(error)
        return nil
    }
}

@_cdecl("wasm_module_validate")
public func wasm_module_validate(_ store: OpaquePointer?, _ binary: UnsafePointer<wasm_byte_vec_t>?) -> Bool {
    guard let context = borrow(store, as: StoreContext.self), binary != nil else {
        LastError.set("wasm_module_validate: NULL store or binary")
        return false
    }
    do {
        _ = try Module.parse(bytes(binary), features: context.store.engine.config.features)
        return true
    } catch {
        LastError.set(error)
        return false
    }
}

@_cdecl("wasm_module_imports")
public func wasm_module_imports(_ module: OpaquePointer?, _ out: UnsafeMutablePointer<wasm_importtype_vec_t>?) {
    guard let m = Entity.of(module, .module)?.module?.module else { return Vec.newEmpty(out) }
    HandleVec<ImportTypeBox>.make(out, m.imports.map {
        ImportTypeBox(module: makeName($0.module), name: makeName($0.name), type: .make(m.externType(of: $0)))
    })
}

@_cdecl("wasm_module_exports")
public func wasm_module_exports(_ module: OpaquePointer?, _ out: UnsafeMutablePointer<wasm_exporttype_vec_t>?) {
    guard let m = Entity.of(module, .module)?.module?.module else { return Vec.newEmpty(out) }
    HandleVec<ExportTypeBox>.make(out, m.exports.map {
        ExportTypeBox(name: makeName($0.name), type: .make(m.externType(of: $0)))
    })
}

@_cdecl("wasm_module_serialize")
public func wasm_module_serialize(_ module: OpaquePointer?, _ out: UnsafeMutablePointer<wasm_byte_vec_t>?) {
    guard let compiled = Entity.of(module, .module)?.module else { return Vec.newEmpty(out) }
    Vec.make(out, ModuleImage.serialize(compiled).map { wasm_byte_t(bitPattern: $0) })
}

@_cdecl("wasm_module_deserialize")
public func wasm_module_deserialize(_ store: OpaquePointer?, _ image: UnsafePointer<wasm_byte_vec_t>?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self), image != nil else {
        LastError.set("wasm_module_deserialize: NULL store or image")
        return nil
    }
    do {
        return moduleHandle(try ModuleImage.deserialize(bytes(image), engine: context.store.engine), context)
    } catch {
        LastError.set(error)
        return nil
    }
}

@_cdecl("wasm_module_share")
public func wasm_module_share(_ module: OpaquePointer?) -> OpaquePointer? {
    Entity.of(module, .module)?.module.map { retained(SharedModuleBox($0)) }
}

/// The shared module as a module of `store`; recompiled if the store's
/// engine is not the one it was compiled by.
@_cdecl("wasm_module_obtain")
public func wasm_module_obtain(_ store: OpaquePointer?, _ shared: OpaquePointer?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self), let box = borrow(shared, as: SharedModuleBox.self) else { return nil }
    let engine = context.store.engine
    if box.compiled.engine === engine { return moduleHandle(box.compiled, context) }
    do {
        return moduleHandle(try CompiledModule(engine: engine, bytes: box.compiled.module.bytes), context)
    } catch {
        LastError.set(error)
        return nil
    }
}

@_cdecl("wasm_shared_module_delete")
public func wasm_shared_module_delete(_ shared: OpaquePointer?) { release(shared, as: SharedModuleBox.self) }
