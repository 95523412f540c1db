import Glibc

/// Writes `/tmp/perf-<pid>.map` lines (start, size, name) for installed
/// machine code when `SWASM_PERF_MAP` is set, so `perf report` can name
/// wasm functions (the format Linux perf reads for JIT code).
enum PerfMap {
    nonisolated(unsafe) private static var lock: pthread_mutex_t = {
        var m = pthread_mutex_t()
        pthread_mutex_init(&m, nil)
        return m
    }()
    /// The open map file, or nil when disabled or not writable.
    nonisolated(unsafe) private static let file: UnsafeMutablePointer<FILE>? = {
        guard let value = getenv("SWASM_PERF_MAP"), value.pointee != 0, value.pointee != UInt8(ascii: "0") else { return nil }
        return fopen("/tmp/perf-\(getpid()).map", "a")
    }()

    /// Records every function of `code`, named from the module's name section.
    static func record(_ code: MachineCode, module: Module) {
        guard let file else { return }
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        let base = UInt(bitPattern: code.code)
        for (k, start) in code.functionStarts.enumerated() {
            let end = k + 1 < code.functionStarts.count ? code.functionStarts[k + 1] : code.size
            let index = code.importedFunctionCount + k
            let name = module.functionNames[UInt32(index)] ?? "wasm-function[\(index)]"
            let line = "\(String(base + UInt(start), radix: 16)) \(String(end - start, radix: 16)) \(name)\n"
            fputs(line, file)
        }
        fflush(file)
    }
}
