import Foundation
import TestSupport
import Testing

/// What one run of the `invites` binary printed and returned.
struct RunResult {
    let status: Int32
    let stdout: String
    let stderr: String

    /// Standard output parsed as one JSON document.
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed]) }
    /// Standard output parsed as a JSON object.
    var object: [String: Any] { json as? [String: Any] ?? [:] }
    /// Standard output parsed as a JSON array of objects.
    var rows: [[String: Any]] { json as? [[String: Any]] ?? [] }
}

/// Paths of the repository, the built binary and the shared folder beside the repository.
enum Paths {
    /// The repository root (two levels above this file's folder).
    static let repository: URL = {
        let file = URL(fileURLWithPath: #filePath)
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()

    /// The project's shared folder (`SharedFolder`): the first place holding the conformance sample, else the first place tried.
    static var shared: URL {
        (try? SharedFolder.locate("conformance/check.py").get()) ?? SharedFolder.candidates()[0]
    }

    /// The `invites` binary built by `swift build` (`$INVITES_BIN` overrides).
    static var binary: String {
        if let override = ProcessInfo.processInfo.environment["INVITES_BIN"] { return override }
        return builtBinary
    }

    /// `.build/debug/invites` (else the release one), checked once to be newer than every source file.
    ///
    /// `swift test` does not build the executable (no test target links it), so after an edit it
    /// would test the binary of the last `swift build`: such a run says so on standard error. (A
    /// warning, not a stop: a source touched but not changed leaves the binary unlinked, and older.)
    private static let builtBinary: String = {
        let candidates = ["debug", "release"].map { repository.appendingPathComponent(".build/\($0)/invites").path }
        let path = candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
        func modified(_ path: String) -> Date? {
            (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        guard let built = modified(path) else { return path }
        let sources = ["Sources", "Projections"].map { repository.appendingPathComponent($0) }
        let newest = sources.compactMap { FileManager.default.enumerator(at: $0, includingPropertiesForKeys: nil) }
            .flatMap { $0.compactMap { ($0 as? URL).flatMap { modified($0.path) } } }.max()
        if let newest, newest > built {
            FileHandle.standardError.write(Data(
                "warning: \(path) is older than the sources; the end-to-end tests run it as it is (`swift build` first, as tools/test.sh does)\n".utf8))
        }
        return path
    }()
}

/// A fresh temporary directory, removed when the value is dropped by `withTemporaryLedger`.
func makeTemporaryDirectory() throws -> URL {
    let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("invites-e2e-" + UUID().uuidString)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs `body` with the path of a ledger directory that does not exist yet, inside a temporary folder.
func withTemporaryLedger<R>(_ body: (String, URL) throws -> R) throws -> R {
    let folder = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    return try body(folder.appendingPathComponent("ledger").path, folder)
}

/// The time limit of a test that waits on child processes: it catches a hang, not slowness.
///
/// On two cores a test of seconds has waited past one and two minutes while other tests' long
/// children ran (fresh-clone runs of 2026-12-01). Swift Testing runs test bodies on the
/// cooperative pool, one thread a core, and starts a test's clock before its body has a thread:
/// a synchronous test holds its thread for as long as it runs. A scratch package showed it: with
/// two cores busy with 75-second `Thread.sleep` tests, a 1-second test was reported passing after
/// 77 s. Six minutes is longer than the whole run.
let waitsOnChildren: TimeLimitTrait = .timeLimit(.minutes(6))

/// Kills a child still running after its time limit, so that a hung child fails its test instead of hanging the whole run.
///
/// `waitsOnChildren` only reports a test that ran too long: Swift Testing cannot stop a body
/// blocked in `waitUntilExit`, and a child that never exits would hold the run until CI's own
/// limit. The killed child's status is SIGKILL's, which no test expects.
final class ChildWatchdog: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Whether the child was killed for running past the limit.
    private(set) var fired = false

    /// Starts watching `process`, which has been started.
    init(_ process: Process, limit: TimeInterval) {
        Thread { [self] in
            guard done.wait(timeout: .now() + limit) == .timedOut else { return }
            fired = process.isRunning
            killIfRunning(process)
        }.start()
    }

    /// Says the child has been waited for; what the harness adds to its standard error when it was killed.
    func finished() -> String {
        done.signal()
        return fired ? "\n(killed by the test harness: still running after its time limit)\n" : ""
    }
}

/// How long one `invites` or `sh` child of a test may run: a hang, not slowness, on two busy cores.
let childTimeLimit: TimeInterval = 300

/// Runs the built `invites` binary with `arguments`, feeding `input` on standard input.
@discardableResult
func invites(_ arguments: [String], input: String? = nil, cwd: URL? = nil, environment: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Paths.binary)
    process.arguments = arguments
    if let cwd { process.currentDirectoryURL = cwd }
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "INVITES_DB")
    // The machine's zone is said by a LinkedIn import without --tz (audit 115 F7): UTC unless a test gives one.
    env["TZ"] = "UTC"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
    process.standardOutput = stdout
    process.standardError = stderr
    process.standardInput = stdin
    try process.run()
    let watchdog = ChildWatchdog(process, limit: childTimeLimit)
    if let input { feed(Data(input.utf8), to: stdin.fileHandleForWriting) }
    try stdin.fileHandleForWriting.close()
    // Read both pipes concurrently so a large output cannot block the child. On a thread of its own:
    // Dispatch's global queue has as many threads as cores, and readers of other tests' long-running
    // children blocked it, so that a short test waited for them past its time limit.
    let stderrRead = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var errData = Data()
    Thread {
        errData = stderr.fileHandleForReading.readDataToEndOfFile()
        stderrRead.signal()
    }.start()
    let outData = stdout.fileHandleForReading.readDataToEndOfFile()
    stderrRead.wait()
    process.waitUntilExit()
    let killed = watchdog.finished()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self) + killed)
}

/// Writes `input` to a child's standard input, which the child may leave unread, with SIGPIPE held off this thread.
///
/// A command refused at parse time exits before it reads: a write to its pipe then has no
/// reader, and the SIGPIPE it raises would end the whole test run, not the one test (it did,
/// under load, when the child exited before the write). Blocked on this thread while it writes,
/// the signal waits there and is taken before the mask is restored; the write fails with EPIPE
/// instead, which only says the child did not read. Not ignored process-wide: children would
/// inherit that, and tests check how `invites` ends on a cut pipe.
func feed(_ input: Data, to handle: FileHandle) {
    var pipeSignal = sigset_t(), previous = sigset_t()
    sigemptyset(&pipeSignal)
    sigaddset(&pipeSignal, SIGPIPE)
    pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
    defer {
        var now = timespec(tv_sec: 0, tv_nsec: 0)
        while sigtimedwait(&pipeSignal, nil, &now) == SIGPIPE {}
        pthread_sigmask(SIG_SETMASK, &previous, nil)
    }
    try? handle.write(contentsOf: input)
}

/// Runs the Python script at `script` with `arguments`, its standard output and error as one text.
func python(_ script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script] + arguments
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    // The suites it runs take a few minutes on a debug build; more than twice the whole run is a hang.
    let watchdog = ChildWatchdog(process, limit: 3 * childTimeLimit)
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text + watchdog.finished())
}

/// Runs a program other than `invites` (a tool, `script`) to its end: its exit status and standard output (standard error is dropped).
func standardOutput(of executable: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, text: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

/// Runs `script` with `sh -c`, `$INVITES` naming the binary: for redirections `invites()` cannot make.
func shell(_ script: String, cwd: URL? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", script]
    if let cwd { process.currentDirectoryURL = cwd }
    var environment = ProcessInfo.processInfo.environment
    environment["INVITES"] = Paths.binary
    environment.removeValue(forKey: "INVITES_DB")
    environment["TZ"] = "UTC"
    process.environment = environment
    let output = try makeTemporaryDirectory()
    defer { try? FileManager.default.removeItem(at: output) }
    let stdout = output.appendingPathComponent("stdout"), stderr = output.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: stdout.path, contents: nil)
    _ = FileManager.default.createFile(atPath: stderr.path, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: stdout)
    process.standardError = try FileHandle(forWritingTo: stderr)
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let watchdog = ChildWatchdog(process, limit: childTimeLimit)
    process.waitUntilExit()
    let killed = watchdog.finished()
    return RunResult(status: process.terminationStatus,
                     stdout: (try? String(contentsOf: stdout, encoding: .utf8)) ?? "",
                     stderr: ((try? String(contentsOf: stderr, encoding: .utf8)) ?? "") + killed)
}

/// Starts the built binary with `arguments`, its output discarded, or into `output` (a pipe a test may leave unread).
func startInvites(_ arguments: [String], output: Pipe? = nil) throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Paths.binary)
    process.arguments = arguments
    process.standardOutput = output ?? FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "INVITES_DB")
    process.environment = env
    try process.run()
    return process
}

/// Sends SIGKILL to `process` only while it still runs.
///
/// Tests run in parallel: a child that already exited has been reaped, and its pid may belong to
/// another test's process by now, so a blind `kill` could hit the wrong one.
func killIfRunning(_ process: Process) {
    guard process.isRunning else { return }
    kill(process.processIdentifier, SIGKILL)
}
