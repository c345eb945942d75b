import Foundation
import Testing

/// What `import` makes of inputs that are not plain JSON Lines files: a folder, an unreadable file, a last line too long and never ended.
@Suite struct ImportInputEdgeTests {
    /// A folder given as the JSON Lines file, or a file that cannot be read, is refused by name, and neither a ledger nor a rejects file is made or changed (audit 107 F8).
    ///
    /// `import --from linkedin` takes a folder, so a folder typed for a JSON Lines import is a
    /// likely slip. `/proc/self/mem` opens as a regular file and fails at its first read (Linux).
    @Test(arguments: [false, true], [[], ["--skip-invalid"]])
    func anInputThatIsNoJSONLinesFileIsRefusedWritingNothing(unreadable: Bool, skipping: [String]) throws {
        try withTemporaryLedger { db, folder in
            let input = unreadable ? "/proc/self/mem" : folder.appendingPathComponent("export").path
            if unreadable {
                try #require(FileManager.default.fileExists(atPath: input), "a system without /proc")
            } else {
                try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: false)
            }
            let rejects = folder.appendingPathComponent("r.jsonl")
            try Data("stale\n".utf8).write(to: rejects)
            let run = try invites(["import", input, "--rejects", rejects.path, "--db", db, "--format", "json"] + skipping)
            #expect(run.status == 1, "\(run.stderr)")
            let message = unreadable ? "reading \(input) failed: Input/output error" : "\(input) is a directory, not a JSON Lines file"
            #expect(run.stderr == "invites: error: \(message)\n", "\(run.stderr)")
            #expect(run.stdout.isEmpty, "\(run.stdout)")
            #expect(!FileManager.default.fileExists(atPath: db), "a refused import creates no ledger")
            #expect(try Data(contentsOf: rejects) == Data("stale\n".utf8), "the rejects file is left as it was")
        }
    }

    /// A byte order mark past the first line (two files joined, each with its own) is named as such, not as a line that is no JSON object (audit 137).
    @Test func aByteOrderMarkPastTheFirstLineIsNamed() throws {
        try withTemporaryLedger { db, _ in
            let mark = "\u{FEFF}"
            let lines = mark + #"{"type":"sent","account":"a","recipient":"r1","at":"2026-01-05T09:30:00Z"}"# + "\n"
                + mark + #"{"type":"sent","account":"a","recipient":"r2","at":"2026-01-05T09:30:00Z"}"# + "\n"
            let run = try invites(["import", "-", "--db", db], input: lines)
            #expect(run.status == 1 && run.stderr.contains("line 2: invalid_event: not a JSON object: the line starts with a byte order mark (EF BB BF)")
                    && !run.stderr.contains("line 1:"), "\(run.stderr)")
        }
    }

    /// A UTF-16 file (Excel's "Unicode Text") is refused by its byte order mark, naming the conversion, and nothing is written (audit 109 F10).
    @Test(arguments: [[0xFF, 0xFE], [0xFE, 0xFF]] as [[UInt8]])
    func aUTF16FileIsRefusedByItsMark(mark: [UInt8]) throws {
        try withTemporaryLedger { db, folder in
            let line = #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-05T09:30:00Z"}"# + "\r\n"
            let units = Array(line.utf16)
            let bytes = mark + units.flatMap { mark[0] == 0xFF ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            let input = folder.appendingPathComponent("unicode.txt")
            try Data(bytes).write(to: input)
            let run = try invites(["import", input.path, "--db", db])
            #expect(run.status == 1 && run.stderr.contains("is UTF-16 text (it starts with the byte order mark \(mark[0] == 0xFF ? "FF FE" : "FE FF"))")
                    && run.stderr.contains("iconv -f UTF-16 -t UTF-8"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: db), "a refused import creates no ledger")
        }
    }

    /// A UTF-16 file with no byte order mark is refused as UTF-16 too, naming its byte order for iconv (review 114 R10).
    ///
    /// Its ASCII is valid UTF-8 with a NUL beside each character: each line was refused for a
    /// reason that did not say why, and with `--skip-invalid` every line went to the rejects.
    @Test(arguments: [true, false])
    func aUTF16FileWithoutAMarkIsRefusedAsUTF16(littleEndian: Bool) throws {
        try withTemporaryLedger { db, folder in
            let line = #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-05T09:30:00Z"}"# + "\n"
            let bytes = Array(line.utf16).flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
            let input = folder.appendingPathComponent("unmarked.jsonl")
            try Data(bytes).write(to: input)
            for extra in [[], ["--skip-invalid"]] {
                let run = try invites(["import", input.path, "--db", db] + extra)
                #expect(run.status == 1 && run.stderr.contains("is UTF-16 text with no byte order mark")
                        && run.stderr.contains("iconv -f UTF-16\(littleEndian ? "LE" : "BE") -t UTF-8"), "\(run.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: db), "a refused import creates no ledger")
        }
    }

    /// A UTF-32 file, with or without its byte order mark, in either order, is refused as a whole naming the conversion, as UTF-16 is (audit 159).
    ///
    /// Each line was refused as bad JSON (`expected a key at byte 2`), the next one as no JSON object;
    /// and UTF-32LE's mark `FF FE 00 00` starts with UTF-16LE's.
    @Test(arguments: [true, false], [true, false])
    func aUTF32FileIsRefusedAsUTF32(littleEndian: Bool, marked: Bool) throws {
        try withTemporaryLedger { db, folder in
            let line = (marked ? "\u{FEFF}" : "") + #"{"type":"sent","account":"a","recipient":"r","at":"2026-01-05T09:30:00Z"}"# + "\n"
            let bytes = line.unicodeScalars.flatMap { scalar -> [UInt8] in
                let units = (0..<4).map { UInt8(truncatingIfNeeded: scalar.value >> (8 * $0)) }
                return littleEndian ? units : units.reversed()
            }
            let input = folder.appendingPathComponent("utf32.jsonl")
            try Data(bytes).write(to: input)
            let order = littleEndian ? "LE" : "BE"
            let how = marked ? "(it starts with the byte order mark \(littleEndian ? "FF FE 00 00" : "00 00 FE FF"))"
                : "with no byte order mark (three of every four bytes of its start are 0)"
            for extra in [[], ["--skip-invalid"]] {
                let run = try invites(["import", input.path, "--db", db] + extra)
                #expect(run.status == 1 && run.stderr == "invites: error: \(input.path) is UTF-32 text \(how), and JSON Lines is UTF-8: "
                        + "convert it first (iconv -f UTF-32\(order) -t UTF-8), or save it as UTF-8; nothing was written\n", "\(run.stderr)")
            }
            #expect(!FileManager.default.fileExists(atPath: db), "a refused import creates no ledger")
        }
    }

    /// A file that starts with two UTF-8 byte order marks names the second as such on line 1, not as a joined file's, nor as a file in another format (audit 159).
    @Test func twoByteOrderMarksAtTheStartAreNamedAsSuch() throws {
        try withTemporaryLedger { db, _ in
            let run = try invites(["import", "-", "--db", db],
                                  input: "\u{FEFF}\u{FEFF}" + #"{"type":"sent","account":"a","recipient":"r1","at":"2026-01-05T09:30:00Z"}"# + "\n")
            #expect(run.status == 1 && run.stderr.contains("line 1: invalid_event: not valid JSON: the input starts with a second byte order mark "
                    + "(EF BB BF) after its first: remove one") && !run.stderr.contains("jq"), "\(run.stderr)")
        }
    }

    /// A last line over the line limit with no newline after it is refused by its number and copied whole to `--rejects`, ended (audit 107 F8).
    ///
    /// The input is read a mebibyte at a time and an over-long line's bytes are dropped as they
    /// come: a last line of 1.5 MiB is dropped whole before the input ends, so only the place
    /// remembered for it is left to report (the branch after the read loop), from a file and from
    /// standard input, which is spooled to a file first.
    @Test(arguments: [false, true])
    func anOverlongLastLineWithNoNewlineIsRejectedWhole(throughStandardInput: Bool) throws {
        try withTemporaryLedger { db, folder in
            let good = #"{"type":"sent","account":"A","recipient":"r1","at":"2026-01-01T00:00:00Z"}"#
            let long = String(repeating: "x", count: 3 << 19)
            let file = folder.appendingPathComponent("in.jsonl")
            try Data((good + "\n" + long).utf8).write(to: file)
            let rejects = folder.appendingPathComponent("r.jsonl")
            let run = try invites(["import", throughStandardInput ? "-" : file.path, "--skip-invalid", "--rejects", rejects.path,
                                   "--db", db, "--format", "json"], input: throughStandardInput ? good + "\n" + long : "")
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.object["appended"] as? Int == 1 && run.object["rejected"] as? Int == 1, "\(run.stdout)")
            #expect(run.stderr.hasPrefix("line 2: invalid_event: the line is longer than 1048576 bytes\n"), "\(run.stderr)")
            let copied = try Data(contentsOf: rejects)
            #expect(copied == Data((long + "\n").utf8), "\(copied.count) bytes copied")
        }
    }
}
