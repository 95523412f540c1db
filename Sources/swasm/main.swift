import Foundation
import SwasmCore

/// The `swasm` command line: dispatches to a subcommand.
let usage = """
    usage: swasm <command> [options]

    commands:
      run [--engine E] [--dir HOST[::GUEST]]... [--env K=V]... [--invoke FUNC] module.wasm [args...]
      validate module.wasm          check that a module is valid
      spectest [options] DIR        run the WebAssembly spec testsuite (see swasm spectest --help)
      version                       print the version
    """

func validateCommand(_ args: [String]) -> Int32 {
    guard args.count == 1 else {
        FileHandle.standardError.write("usage: swasm validate module.wasm\n".data(using: .utf8)!)
        return 2
    }
    guard let data = FileManager.default.contents(atPath: args[0]) else {
        FileHandle.standardError.write("error: cannot read \(args[0])\n".data(using: .utf8)!)
        return 1
    }
    do {
        _ = try Module.parse([UInt8](data))
        print("\(args[0]): valid")
        return 0
    } catch {
        FileHandle.standardError.write("\(args[0]): \(error)\n".data(using: .utf8)!)
        return 1
    }
}

let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32
switch arguments.first {
case "run": status = runCommand(Array(arguments.dropFirst()))
case "spectest": status = SpecTestCommand.main(Array(arguments.dropFirst()))
case "validate": status = validateCommand(Array(arguments.dropFirst()))
case "version", "--version": print("swasm \(swasmVersion)"); status = 0
case "help", "--help", "-h": print(usage); status = 0
default:
    FileHandle.standardError.write("\(usage)\n".data(using: .utf8)!)
    status = 2
}
exit(status)
