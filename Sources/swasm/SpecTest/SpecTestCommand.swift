import Dispatch
import Synchronization
import SwasmCore

/// `swasm spectest [--engine E] [-W NAME[=y|n],...]... [--group G]... [--file F]... [--baseline PATH [--update-baseline]] [--jobs N] [--verbose] DIR`
///
/// Runs converted spec scripts, one child process per file so a crash or a
/// hang in one file cannot take the run down, and prints
/// `file NAME: P passed, F failed, S skipped` per file, one line per group,
/// and the total. With a baseline, fails when any file passes fewer
/// assertions than recorded (the baseline only ratchets up). Each group
/// runs with the proposals it is written for (`SpecFeatures`), changed by
/// the `-W`/`--wasm-features` settings given.
struct SpecTestCommand {
    var engine = "interpreter"
    var groups: [String] = []
    var files: [String] = []
    /// `-W` settings applied after each group's features.
    var featureSettings: [String] = []
    var baselinePath: String?
    var updateBaseline = false
    var jobs = 2
    var verbose = false
    var listSkipped = false
    var directory = ""
    var timeout: Double = 300

    static let usage = """
        usage: swasm spectest [--engine auto|interpreter|compiler] [-W NAME[=y|n],...]... [--group G]... [--file NAME]...
                              [--baseline PATH] [--update-baseline] [--jobs N] [--verbose] [--list-skipped] DIR
        DIR is the testsuite's json folder (groups are read from DIR/../groups.json).
        """

    static func main(_ args: [String]) -> Int32 {
        var cmd = SpecTestCommand()
        var i = 0
        var single: String?
        func value() -> String? {
            i += 1
            return i < args.count ? args[i] : nil
        }
        while i < args.count {
            switch args[i] {
            case "--engine": cmd.engine = value() ?? ""
            case "--group": value().map { cmd.groups.append($0) }
            case "-W", "--wasm-features": value().map { cmd.featureSettings.append($0) }
            case "--file": value().map { cmd.files.append($0) }
            case "--baseline": cmd.baselinePath = value()
            case "--update-baseline": cmd.updateBaseline = true
            case "--jobs": cmd.jobs = max(1, Int(value() ?? "") ?? 2)
            case "--timeout": cmd.timeout = Double(value() ?? "") ?? 300
            case "--verbose", "-v": cmd.verbose = true
            case "--list-skipped": cmd.listSkipped = true
            case "--single": single = value()
            case let a where a.hasPrefix("-"):
                printError("unknown option \(a)\n\(usage)")
                return 2
            default: cmd.directory = args[i]
            }
            i += 1
        }
        guard ExecutionStrategy(rawValue: cmd.engine) != nil else {
            printError("unknown engine '\(cmd.engine)'")
            return 2
        }
        var check = Features.default
        for setting in cmd.featureSettings {
            if case .failure(let error) = check.apply(setting) {
                printError("\(error)")
                return 2
            }
        }
        guard !cmd.directory.isEmpty else {
            printError(usage)
            return 2
        }
        if let single { return cmd.runSingle(single) }
        return cmd.runAll()
    }

    /// Child mode: runs one script and prints a machine-readable result.
    func runSingle(_ name: String) -> Int32 {
        let path = scriptPath(name)
        guard let commands = SpecJSON.commands(atPath: path) else {
            print("RESULT 0 0 0")
            print("NOTE cannot read \(path)")
            return 0
        }
        var config = EngineConfig()
        config.strategy = ExecutionStrategy(rawValue: engine) ?? .interpreter
        for setting in featureSettings { _ = config.features.apply(setting) }
        let runner = SpecScriptRunner(directory: "\(directory)/\(name)", engine: Engine(config: config))
        let result = runner.run(commands: commands)
        print("RESULT \(result.passed) \(result.failed) \(result.skipped)")
        for note in result.notes { print("NOTE \(note)") }
        return 0
    }

    /// The JSON file of script `name`: DIR/NAME/BASE.json, BASE the last component of NAME.
    func scriptPath(_ name: String) -> String {
        "\(directory)/\(name)/\(lastPathComponent(name)).json"
    }

    /// Number of assertions in a script (for files whose child crashed).
    func assertionCount(_ name: String) -> Int {
        guard let commands = SpecJSON.commands(atPath: scriptPath(name)) else { return 0 }
        return commands.filter { $0["type"]?.string?.hasPrefix("assert_") == true }.count
    }

    func loadGroups() -> [(group: String, files: [String])] {
        guard let json = SpecJSON.stringLists(atPath: "\(directory)/../groups.json") else { return [] }
        let order = ["core", "simd", "relaxed-simd", "memory64", "function-references", "tail-call", "exceptions", "gc"]
        let names = order.filter { json[$0] != nil } + json.keys.filter { !order.contains($0) }.sorted()
        return names.map { ($0, json[$0]!) }
    }

    struct FileOutcome {
        var passed = 0, failed = 0, skipped = 0
        var notes: [String] = []
        var crashed: String?
    }

    func runAll() -> Int32 {
        var plan = loadGroups()
        if plan.isEmpty {
            printError("cannot read \(directory)/../groups.json")
            return 2
        }
        if !groups.isEmpty { plan = plan.filter { groups.contains($0.group) } }
        if !files.isEmpty { plan = plan.map { ($0.group, $0.files.filter { files.contains($0) }) }.filter { !$0.1.isEmpty } }
        let all = plan.flatMap { p in p.files.map { (p.group, $0) } }
        let results = OutcomeTable()
        let queue = DispatchQueue(label: "spectest", attributes: .concurrent)
        let semaphore = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        for (groupName, file) in all {
            semaphore.wait()
            group.enter()
            queue.async {
                results.set(file, self.runChild(file, features: self.features(forGroup: groupName)))
                semaphore.signal()
                group.leave()
            }
        }
        group.wait()
        let outcomes = results.all

        var total = (0, 0, 0)
        var failedBaseline: [String] = []
        let baseline = baselinePath.map { Baseline(path: $0) }
        var newBaseline = baseline ?? Baseline(entries: [:])
        for (groupName, groupFiles) in plan {
            var g = (0, 0, 0)
            for file in groupFiles {
                let o = outcomes[file] ?? FileOutcome()
                var line = "file \(file): \(o.passed) passed, \(o.failed) failed, \(o.skipped) skipped"
                if let crashed = o.crashed { line += " (\(crashed))" }
                print(line)
                if verbose || listSkipped {
                    for note in o.notes where verbose || note.hasPrefix("SKIP") { print("  \(note)") }
                }
                g = (g.0 + o.passed, g.1 + o.failed, g.2 + o.skipped)
                let key = "\(engine) \(file)"
                if let want = baseline?.entries[key], o.passed < want {
                    failedBaseline.append("\(file): \(o.passed) passed, baseline \(want)")
                }
                if o.passed > newBaseline.entries[key] ?? 0 { newBaseline.entries[key] = o.passed }
            }
            print("group \(groupName): \(g.0) passed, \(g.1) failed, \(g.2) skipped")
            total = (total.0 + g.0, total.1 + g.1, total.2 + g.2)
        }
        if let path = baselinePath, updateBaseline { newBaseline.write(path: path) }
        for f in failedBaseline { print("REGRESSION \(f)") }
        let crashed = all.filter { outcomes[$0.1]?.crashed != nil }.map(\.1)
        for f in crashed { print("CRASH \(f): \(outcomes[f]!.crashed!)") }
        print("spectest: \(total.0) passed, \(total.1) failed, \(total.2) skipped")
        return failedBaseline.isEmpty && crashed.isEmpty ? 0 : 1
    }

    /// The features `group`'s files run with: the group's, then the settings given.
    func features(forGroup group: String) -> Features {
        var features = SpecFeatures.features(forGroup: group)
        for setting in featureSettings { _ = features.apply(setting) }
        return features
    }

    /// Runs one file in a child process of this executable.
    func runChild(_ file: String, features: Features) -> FileOutcome {
        var outcome = FileOutcome()
        let child: ChildProcess
        do {
            child = try ChildProcess.run("/proc/self/exe",
                                         ["spectest", "--engine", engine, "-W", SpecFeatures.setting(features), "--single", file, directory],
                                         timeout: timeout)
        } catch {
            outcome.crashed = "cannot start: \(error)"
            return outcome
        }
        let text = String(decoding: child.output, as: UTF8.self)
        var sawResult = false
        for line in text.split(separator: "\n") {
            if line.hasPrefix("RESULT ") {
                let n = line.split(separator: " ").dropFirst().compactMap { Int($0) }
                if n.count == 3 { (outcome.passed, outcome.failed, outcome.skipped) = (n[0], n[1], n[2]) }
                sawResult = true
            } else if line.hasPrefix("NOTE ") {
                outcome.notes.append(String(line.dropFirst(5)))
            }
        }
        if !sawResult || child.signaled || child.timedOut {
            outcome.crashed = child.timedOut ? "timed out after \(Int(timeout)) s" : "crashed with status \(child.status)"
            outcome.failed = max(assertionCount(file) - outcome.passed - outcome.skipped, 1)
        }
        return outcome
    }
}

/// Outcomes of the files run so far, filled from worker threads.
final class OutcomeTable: Sendable {
    private let outcomes = Mutex<[String: SpecTestCommand.FileOutcome]>([:])

    func set(_ file: String, _ outcome: SpecTestCommand.FileOutcome) {
        outcomes.withLock { $0[file] = outcome }
    }

    var all: [String: SpecTestCommand.FileOutcome] {
        outcomes.withLock { $0 }
    }
}

/// Per-file pass counts that the suite must not fall below: lines of
/// `ENGINE FILE PASSED`.
struct Baseline {
    var entries: [String: Int]

    init(entries: [String: Int]) { self.entries = entries }

    init(path: String) {
        entries = [:]
        guard let bytes = readFile(path), let text = String(validating: bytes, as: UTF8.self) else { return }
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            if parts.count == 3, let n = Int(parts[2]) { entries["\(parts[0]) \(parts[1])"] = n }
        }
    }

    func write(path: String) {
        var text = "# Spec assertions passed per engine and file; the suite fails below these.\n"
        for key in entries.keys.sorted() { text += "\(key) \(entries[key]!)\n" }
        _ = writeFileAtomically(Array(text.utf8), to: path)
    }
}
