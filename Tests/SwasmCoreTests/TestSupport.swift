@testable import SwasmCore

/// Looking up and calling the exports of a test module's instance.
extension Instance {
    /// The exported function `name`; throws when there is none.
    func function(_ name: String) throws -> Function {
        guard case .function(let f)? = export(name) else { throw WasmError(.other, "no export \(name)") }
        return f
    }

    /// Calls the exported function `name` with `args`.
    func call(_ name: String, _ args: [Value] = []) throws -> [Value] {
        try function(name).call(args)
    }
}

/// The trap message of `body` (another error's description), or nil when it returns.
/// The trap `body` ends with, or nil when it returns (other errors are rethrown).
func trapOf(_ body: () throws -> [Value]) throws -> Trap? {
    do {
        _ = try body()
        return nil
    } catch let trap as Trap {
        return trap
    }
}

func trapMessage(_ body: () throws -> [Value]) -> String? {
    do {
        _ = try body()
        return nil
    } catch {
        return (error as? Trap)?.message ?? "\(error)"
    }
}
