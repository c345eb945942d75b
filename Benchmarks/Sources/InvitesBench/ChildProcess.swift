#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Runs this executable again with other arguments and reports its exit status and peak RSS.
///
/// Each import and rebuild runs in a child of its own so its peak resident set is its alone, not
/// the harness's (which holds a million parsed events). The children report their own `VmHWM`;
/// the `ru_maxrss` from `wait4` returned here is only a fallback, as for a `posix_spawn`'d child
/// Linux may keep the parent's pre-exec high-water mark in it.
enum ChildProcess {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// The path of the running executable.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Runs `arguments` (without the program name); returns the child's peak RSS in MiB.
    static func run(_ arguments: [String]) throws -> Double {
        let program = executablePath
        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, program, nil, nil, argv, environ)
        guard code == 0 else { throw Failure(description: "posix_spawn \(program): \(String(cString: strerror(code)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw Failure(description: "wait4: \(String(cString: strerror(errno)))") }
        }
        let exited = status & 0x7f == 0
        let exitCode = (status >> 8) & 0xff
        guard exited, exitCode == 0 else {
            throw Failure(description: "child \(arguments.first ?? "") failed (status \(status))")
        }
        return Double(usage.ru_maxrss) / 1024
    }
}

/// A small key=value file a child writes its results to.
struct ChildReport {
    var values: [String: String] = [:]

    subscript(key: String) -> String? {
        get { values[key] }
        set { values[key] = newValue }
    }

    func write(to path: String) throws {
        let text = values.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func read(from path: String) throws -> ChildReport {
        var report = ChildReport()
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            report.values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return report
    }
}
