import CWasmHeaders

// C handles are Swift objects passed as opaque pointers: an `own` result is
// retained (+1) and released by the matching `_delete`; a borrowed view is
// the same pointer without a retain.

/// An owned (+1) C handle for `object`.
@inline(__always) func retained(_ object: AnyObject) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(object).toOpaque())
}

/// A borrowed C handle for `object` (valid while something else owns it).
@inline(__always) func unretained(_ object: AnyObject) -> OpaquePointer {
    OpaquePointer(Unmanaged.passUnretained(object).toOpaque())
}

/// The object behind a C handle, or nil for NULL.
@inline(__always) func borrow<T: AnyObject>(_ handle: OpaquePointer?, as _: T.Type = T.self) -> T? {
    guard let handle else { return nil }
    return Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).takeUnretainedValue()
}

/// Drops one reference owned by a C handle; NULL is ignored.
@inline(__always) func release<T: AnyObject>(_ handle: OpaquePointer?, as _: T.Type) {
    guard let handle else { return }
    Unmanaged<T>.fromOpaque(UnsafeRawPointer(handle)).release()
}

/// A C finalizer: `void (*)(void*)`.
public typealias CFinalizer = @convention(c) (UnsafeMutableRawPointer?) -> Void

/// One word of host data with an optional finalizer, which runs exactly
/// once: when replaced, or when its owner dies (an object of a store lives
/// until the store is deleted; modules and traps die when released).
final class HostInfo {
    private(set) var data: UnsafeMutableRawPointer?
    private var finalizer: CFinalizer?

    init(data: UnsafeMutableRawPointer? = nil, finalizer: CFinalizer? = nil) {
        self.data = data
        self.finalizer = finalizer
    }

    /// Replaces the data; the previous finalizer runs first.
    func set(_ data: UnsafeMutableRawPointer?, finalizer: CFinalizer?) {
        finalize()
        self.data = data
        self.finalizer = finalizer
    }

    /// Runs the finalizer if it has not run yet.
    func finalize() {
        guard let f = finalizer else { return }
        finalizer = nil
        f(data)
    }

    var hasFinalizer: Bool { finalizer != nil }

    deinit { finalize() }
}

extension String {
    /// A string from a NUL-terminated C string, nil for NULL or invalid UTF-8.
    init?(validatingC pointer: UnsafePointer<CChar>?) {
        guard let pointer else { return nil }
        self.init(validatingCString: pointer)
    }

    /// A string from `size` bytes of `data` (a trailing NUL is dropped).
    init(bytes data: UnsafePointer<CChar>?, count size: Int) {
        guard let data, size > 0 else {
            self = ""
            return
        }
        var n = size
        if data[n - 1] == 0 { n -= 1 }
        self = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
    }
}
