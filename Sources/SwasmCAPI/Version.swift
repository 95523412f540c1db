import CWasmHeaders
import SwasmCore
@_cdecl("swasm_version") public func swasm_version() -> UnsafePointer<CChar>? { nil }
