import LMDB
import Testing
@testable import Ledger

/// The batch's name memo answers as the name table does, telling spellings apart by their bytes.
struct BatchNameMemoTests {
    @Test func answersAsTheNameTableDoes() throws {
        try withLedger { ledger, _ in
            try ledger.environment.write { txn in
                var memo = BatchNameMemo()
                #expect(try memo.lookup(.account, "jos\u{E9}", in: ledger.names, txn: txn) == nil)
                let nfc = try memo.intern(.account, "jos\u{E9}", in: ledger.names, txn: txn)
                let nfd = try memo.intern(.account, "jose\u{301}", in: ledger.names, txn: txn)
                #expect(nfc != nfd)
                #expect(try memo.lookup(.account, "jos\u{E9}", in: ledger.names, txn: txn) == nfc)
                #expect(try memo.intern(.account, "jose\u{301}", in: ledger.names, txn: txn) == nfd)
                #expect(try memo.lookup(.source, "jos\u{E9}", in: ledger.names, txn: txn) == nil)
                #expect(try memo.name(.account, nfd, in: ledger.names, txn: txn).utf8.elementsEqual("jose\u{301}".utf8))
                #expect(try ledger.names.lookup(.account, "jose\u{301}", in: txn) == nfd)
            }
            ledger.names.commitPending()
        }
    }
}
