import Foundation
@testable import InvitesCommands
import Ledger
import Testing

/// The answer a fault handler writes: laid out ahead of time, the position put in by the handler.
struct FaultAnswerTests {
    /// What `answer.write(position:to:)` writes, read back from a pipe.
    private func written(_ answer: FaultAnswer, position: UInt64) throws -> String {
        let pipe = Pipe()
        answer.write(position: position, to: pipe.fileHandleForWriting.fileDescriptor)
        try pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func writesTheAnswerItWouldRenderAtEveryPlaceThePositionStands() throws {
        let render = { (position: UInt64) in "{\"ok\":false,\"position\":\(position),\"error\":\"reading position \(position)\"}\n" }
        let answer = FaultAnswer(render)
        for position: UInt64 in [0, 7, 10, 1_000_000, UInt64.max - 1, UInt64.max] {
            #expect(try written(answer, position: position) == render(position))
        }
    }

    @Test func verifysJSONAndCSVAnswersComeOutAsAFinishedCheckWritesThem() throws {
        for format in [OutputFormat.json, .csv] {
            let render = { (position: UInt64) in
                VerifyAnswer.text(.failed(position: position, error: "stopped at \(position), damaged"), format: format) ?? ""
            }
            #expect(try written(FaultAnswer(render), position: 233) == render(233))
        }
    }

    @Test func anAnswerWithoutThePositionIsWrittenAsItIs() throws {
        #expect(try written(FaultAnswer { _ in "no position here\n" }, position: 42) == "no position here\n")
    }
}
