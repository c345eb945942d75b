/// The keys of the ledger's `meta` database that hold its state (the recorded formats keep their own, `RecordedFormat.metaKey`).
enum MetaKey {
    /// The head of the log: its last position and the chain hash there (`ChainHead`).
    static let head = Array("head".utf8)
    /// The Merkle tree's frontier after the head (`MerkleFrontier.encoded`).
    static let frontier = Array("frontier".utf8)
    /// The send policy (`Policy.stored`).
    static let policy = Array("policy".utf8)
}
