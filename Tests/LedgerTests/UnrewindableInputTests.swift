import Foundation
@testable import Ledger
import Testing

/// Input that can be read only once (a pipe, a FIFO, `<(…)`) is spooled, so a replayed batch sees every line again.
@Suite struct UnrewindableInputTests {
    private func lines(_ input: JSONLinesFile) throws -> [String] {
        var out: [String] = []
        try input.forEachLine { _, line, _, _ in out.append(String(decoding: line, as: UTF8.self)) }
        return out
    }

    @Test func aPipeReadByItsPathIsReadWholeTwice() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let text = (1...300).map { ParsedLinesTests.sent($0) }.joined(separator: "\n") + "\n"
        let writeEnd = ends[1]
        let writer = Thread {
            _ = text.utf8CString.withUnsafeBufferPointer { buffer in write(writeEnd, buffer.baseAddress, buffer.count - 1) }
            close(writeEnd)
        }
        writer.start()
        let input = try JSONLinesFile.open("/dev/fd/\(ends[0])")
        close(ends[0])
        let first = try lines(input)
        #expect(first.count == 300 && first.first == ParsedLinesTests.sent(1))
        // What `Ledger.append` does when the map grows: the batch starts again from the first line.
        #expect(try lines(input) == first)
        #expect(input.byteCount == text.utf8.count)
    }
}
