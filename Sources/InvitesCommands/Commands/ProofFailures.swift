import Ledger
import Merkle

/// Turns the ledger's refusals of a digest or proof request into SPEC §3 failures (exit 1).
enum ProofFailures {
    /// Runs `body`, reporting a request outside the log as `out_of_range`.
    static func mapping<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as MerkleRequestError {
            throw Failure("out_of_range", error.description)
        } catch let error as MerkleError {
            throw Failure("out_of_range", error.message)
        }
    }
}
