import Glibc
import SwasmCore

/// The `swasm` command line: dispatches to a subcommand.
let usage = """
    usage: swasm <command> [options]

    commands:
      run [--engine E] [--dir HOST[::GUEST]]... [--env K=V]... [--invoke FUNC] module.wasm|module.cwasm [args...]
      compile [--engine E] [-W NAME[=y|n],...] module.wasm -o module.cwasm
                                    compile ahead of time into a serialized image `run` loads
      validate [-W NAME[=y|n],...] module.wasm
                                    check that a module is valid
      spectest [options] DIR        run the WebAssembly spec testsuite (see swasm spectest --help)
      version                       print the version
    """

/// Applies the `-W NAME[=y|n],...` (or `-WNAME...`, `--wasm-features[=]...`)
/// option at `args[i]` to `features`, moving `i` past a separate value.
/// Returns nil when `args[i]` is no such option, else an error message or nil inside.
func applyFeatureOption(_ args: [String], _ i: inout Int, to features: inout Features) -> String?? {
    let arg = args[i]
    let setting: String?
    if arg == "-W" || arg == "--wasm-features" {
        i += 1
        setting = i < args.count ? args[i] : nil
    } else if arg.hasPrefix("--wasm-features=") {
        setting = String(arg.dropFirst("--wasm-features=".count))
    } else if arg.hasPrefix("-W") {
        setting = String(arg.dropFirst(2))
    } else {
        return nil
    }
    guard let setting else { return .some("error: -W expects NAME[=y|n],...") }
    if case .failure(let error) = features.apply(setting) { return .some("error: \(error)") }
    return .some(nil)
}

/// `swasm validate [-W ...] module.wasm`: decodes and validates a module
/// with the given proposals enabled.
func validateCommand(_ args: [String]) -> Int32 {
    let validateUsage = "usage: swasm validate [-W NAME[=y|n],...] module.wasm"
    var features = Features.default
    var path: String?
    var i = 0
    while i < args.count {
        if let outcome = applyFeatureOption(args, &i, to: &features) {
            if let message = outcome {
                printError("\(message)\n\(validateUsage)")
                return 2
            }
        } else if path == nil, !args[i].hasPrefix("-") {
            path = args[i]
        } else {
            printError(validateUsage)
            return 2
        }
        i += 1
    }
    guard let path else {
        printError(validateUsage)
        return 2
    }
    guard let bytes = readFile(path) else {
        printError("error: cannot read \(path)")
        return 1
    }
    do {
        _ = try Module.parse(bytes, features: features)
        print("\(path): valid")
        return 0
    } catch {
        printError("\(path): \(error)")
        return 1
    }
}

/// `swasm compile [--engine E] in.wasm -o out.cwasm`: validates and compiles
/// a module and writes its serialized image (`ModuleImage`), which
/// `swasm run` loads without compiling again.
func compileCommand(_ args: [String]) -> Int32 {
    func fail(_ message: String, _ status: Int32) -> Int32 {
        printError(message)
        return status
    }
    let compileUsage = "usage: swasm compile [--engine auto|interpreter|compiler] [-W NAME[=y|n],...] module.wasm -o module.cwasm"
    var strategy = ExecutionStrategy.auto
    var features = Features.default
    var input: String?
    var output: String?
    var i = 0
    while i < args.count {
        if let outcome = applyFeatureOption(args, &i, to: &features) {
            if let message = outcome { return fail("\(message)\n\(compileUsage)", 2) }
            i += 1
            continue
        }
        let arg = args[i]
        let parts = arg.split(separator: "=", maxSplits: 1).map(String.init)
        let name = parts.first ?? arg
        switch name {
        case "--engine", "-o":
            let value: String
            if parts.count == 2 {
                value = parts[1]
            } else if i + 1 < args.count {
                i += 1
                value = args[i]
            } else {
                return fail("error: \(arg) expects a value\n\(compileUsage)", 2)
            }
            if name == "-o" {
                output = value
            } else if let s = ExecutionStrategy(rawValue: value) {
                strategy = s
            } else {
                return fail("error: --engine expects auto, interpreter or compiler\n\(compileUsage)", 2)
            }
        default:
            guard !arg.hasPrefix("-"), input == nil else { return fail("error: unexpected argument \(arg)\n\(compileUsage)", 2) }
            input = arg
        }
        i += 1
    }
    guard let input, let output else { return fail(compileUsage, 2) }
    guard let bytes = readFile(input) else { return fail("error: cannot read \(input)", 1) }
    var config = EngineConfig()
    config.strategy = strategy
    config.features = features
    let image: [UInt8]
    do {
        image = ModuleImage.serialize(try CompiledModule(engine: Engine(config: config), bytes: bytes))
    } catch {
        return fail("\(input): \(error)", 1)
    }
    guard writeFileAtomically(image, to: output) else {
        return fail("error: cannot write \(output)", 1)
    }
    return 0
}

// A closed pipe is an EPIPE error for the writer (the guest's fd_write), not the end of the process.
signal(SIGPIPE, SIG_IGN)
let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32
switch arguments.first {
case "run": status = runCommand(Array(arguments.dropFirst()))
case "compile": status = compileCommand(Array(arguments.dropFirst()))
case "spectest": status = SpecTestCommand.main(Array(arguments.dropFirst()))
case "validate": status = validateCommand(Array(arguments.dropFirst()))
case "version", "--version": print("swasm \(swasmVersion)"); status = 0
case "help", "--help", "-h": print(usage); status = 0
default:
    printError(usage)
    status = 2
}
exit(status)
