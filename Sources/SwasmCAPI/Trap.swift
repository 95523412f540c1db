import CWasmHeaders
import SwasmCore

/// `wasm_frame_t`: one wasm frame of a trap, holding its instance's handle.
final class FrameBox {
    let frame: TrapFrame
    /// Owned by the frame; `wasm_frame_instance` lends it.
    let instance: Entity?

    init(_ frame: TrapFrame, instance: Entity?) {
        self.frame = frame
        self.instance = instance
    }

    convenience init(_ frame: TrapFrame, context: StoreContext?) {
        self.init(frame, instance: frame.instance.flatMap { i in context.map { $0.entity(i) } })
    }

    func copy() -> FrameBox { FrameBox(frame, instance: instance) }
}

@_cdecl("wasm_trap_new")
public func wasm_trap_new(_ store: OpaquePointer?, _ message: UnsafePointer<wasm_message_t>?) -> OpaquePointer? {
    guard let context = borrow(store, as: StoreContext.self) else { return nil }
    let text = String(bytes: message?.pointee.data, count: message?.pointee.size ?? 0)
    return retained(Entity(.trap(Trap(.host(text))), context: context))
}

/// The message, NUL-terminated (the NUL counted in `size`).
@_cdecl("wasm_trap_message")
public func wasm_trap_message(_ t: OpaquePointer?, _ out: UnsafeMutablePointer<wasm_message_t>?) {
    guard let trap = Entity.of(t, .trap)?.trap else { return Vec.newEmpty(out) }
    Vec.make(out, (Array(trap.message.utf8) + [0]).map { wasm_byte_t(bitPattern: $0) })
}

@_cdecl("wasm_trap_origin")
public func wasm_trap_origin(_ t: OpaquePointer?) -> OpaquePointer? {
    guard let e = Entity.of(t, .trap), let first = e.trap?.frames.first else { return nil }
    return retained(FrameBox(first, context: e.context))
}

@_cdecl("wasm_trap_trace")
public func wasm_trap_trace(_ t: OpaquePointer?, _ out: UnsafeMutablePointer<wasm_frame_vec_t>?) {
    guard let e = Entity.of(t, .trap), let trap = e.trap else { return Vec.newEmpty(out) }
    HandleVec<FrameBox>.make(out, trap.frames.map { FrameBox($0, context: e.context) })
}

@_cdecl("wasm_frame_delete") public func wasm_frame_delete(_ f: OpaquePointer?) { release(f, as: FrameBox.self) }
@_cdecl("wasm_frame_copy") public func wasm_frame_copy(_ f: OpaquePointer?) -> OpaquePointer? { borrow(f, as: FrameBox.self).map { retained($0.copy()) } }

@_cdecl("wasm_frame_instance")
public func wasm_frame_instance(_ f: OpaquePointer?) -> OpaquePointer? {
    borrow(f, as: FrameBox.self)?.instance.map(unretained)
}

@_cdecl("wasm_frame_func_index")
public func wasm_frame_func_index(_ f: OpaquePointer?) -> UInt32 { borrow(f, as: FrameBox.self)?.frame.functionIndex ?? 0 }

@_cdecl("wasm_frame_func_offset")
public func wasm_frame_func_offset(_ f: OpaquePointer?) -> Int { borrow(f, as: FrameBox.self)?.frame.functionOffset ?? 0 }

@_cdecl("wasm_frame_module_offset")
public func wasm_frame_module_offset(_ f: OpaquePointer?) -> Int { borrow(f, as: FrameBox.self)?.frame.moduleOffset ?? 0 }
