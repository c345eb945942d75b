import Foundation

/// `invites-bench`: the benchmark harness behind `tools/bench`.
///
///     invites-bench run --events N --file F [--small-file F100k] [--json OUT] [--repeat R]
///                       [--singles S] [--work-dir D] [--only case,case]
///     invites-bench child-import --system invites|sqlite --file F --dir D --out REPORT [--commits chunks|at-once]
///     invites-bench list

struct Arguments {
    var values: [String: String] = [:]

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        while let flag = iterator.next() {
            guard flag.hasPrefix("--"), let value = iterator.next() else {
                throw ChildProcess.Failure(description: "expected --option value, got \(flag)")
            }
            values[String(flag.dropFirst(2))] = value
        }
    }

    func required(_ name: String) throws -> String {
        guard let value = values[name] else { throw ChildProcess.Failure(description: "missing --\(name)") }
        return value
    }

    func integer(_ name: String, default fallback: Int) throws -> Int {
        guard let text = values[name] else { return fallback }
        guard let value = Int(text), value > 0 else { throw ChildProcess.Failure(description: "--\(name) takes a positive integer") }
        return value
    }
}

func runAll(_ arguments: Arguments) throws {
    let file = try arguments.required("file")
    let events = try arguments.integer("events", default: 1_000_000)
    let repeats = try arguments.integer("repeat", default: 3)
    let singles = try arguments.integer("singles", default: 2_000)
    let workDir = arguments.values["work-dir"] ?? NSTemporaryDirectory() + "invites-bench-\(getpid())"
    let only = arguments.values["only"].map { Set($0.split(separator: ",").map(String.init)) }
    if let unknown = only?.subtracting(registry.map(\.name)).sorted(), !unknown.isEmpty {
        // Else a mistyped case runs nothing and prints empty tables (audit 103 F12).
        throw ChildProcess.Failure(description: "--only: no case named \(unknown.joined(separator: ", ")); "
            + "the cases: \(registry.map(\.name).joined(separator: ", "))")
    }
    try FileManager.default.createDirectory(atPath: workDir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: workDir) }
    let context = Context(events: events, file: file, smallFile: arguments.values["small-file"],
                          repeats: repeats, singles: singles, workDir: workDir)
    var rows: [Measurement] = []
    for benchCase in registry {
        if let only, !only.contains(benchCase.name) {
            // The cases after import read what it leaves behind.
            guard benchCase.name == "import", !only.isDisjoint(with: ["append", "rebuild", "verify", "check", "pending", "metrics", "pending_as_of"]) else { continue }
        }
        rows.append(contentsOf: try benchCase.run(context))
    }
    let order = ["invites": 0, "sqlite": 1, "lmdb-raw": 2]
    let caseOrder = ["import", "import_100k", "import_at_once", "append_batch", "append_single", "rebuild", "rebuild_100k", "verify", "check", "pending", "metrics", "pending_as_of"]
    rows.sort {
        let left = (caseOrder.firstIndex(of: $0.caseName) ?? 99, order[$0.system] ?? 9)
        let right = (caseOrder.firstIndex(of: $1.caseName) ?? 99, order[$1.system] ?? 9)
        return left < right
    }
    print("invites benchmark: \(events) events, best and median of \(repeats) runs, release build\n")
    print(Report.table(rows))
    if let storage = context.storage {
        print("\nstorage of the imported ledger (log and indexes):\n")
        print(Report.storageTable(storage, events: events))
    }
    print("\ntargets (issue 4):\n")
    print(Report.targetTable(rows))
    if let path = arguments.values["json"] {
        try Report.json(rows, events: events, repeats: repeats, storage: context.storage)
            .write(toFile: path, atomically: true, encoding: .utf8)
        log("wrote \(path)")
    }
}

let commandLine = CommandLine.arguments
do {
    switch commandLine.dropFirst().first {
    case "run":
        try runAll(try Arguments(commandLine.dropFirst(2)))
    case "child-import":
        let arguments = try Arguments(commandLine.dropFirst(2))
        try ImportChild.run(system: try arguments.required("system"), file: try arguments.required("file"),
                            dir: try arguments.required("dir"), out: try arguments.required("out"),
                            inChunks: arguments.values["commits"] != "at-once")
    case "child-rebuild":
        let arguments = try Arguments(commandLine.dropFirst(2))
        try ProjectionCases.runChild(system: try arguments.required("system"), dir: try arguments.required("dir"),
                                     out: try arguments.required("out"))
    case "list":
        for benchCase in registry { print("\(benchCase.name): \(benchCase.summary)") }
    default:
        FileHandle.standardError.write(Data("usage: invites-bench run|child-import|list ... (see tools/bench)\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("invites-bench: \(error)\n".utf8))
    exit(1)
}
