/// What an event's unknown `type` or field most likely meant, for the refusal's message: `; did you mean "sent"?`.
///
/// An import's lines are written by hand or by a script from another tool's words (`send`,
/// `to`, `message`); the refusal names the key or value SPEC takes (audit 129: `unknown type
/// "send"` said nothing more). Only on the refusal's path: nothing here runs for a valid line.
enum SpellingHint {
    /// `; did you mean "sent"?`, or the list of the five types when none is near.
    static func type(_ given: String) -> String {
        let names = EventKind.allCases.map(\.name)
        let word = Identity.trim(given).lowercased()
        let synonyms = ["send": "sent", "invite": "sent", "invited": "sent", "invitation": "sent", "remind": "reminded", "reminder": "reminded",
                        "withdraw": "withdrawn", "withdrawal": "withdrawn", "expire": "expired", "expiry": "expired",
                        "accept": "accepted", "connected": "accepted", "connection": "accepted"]
        if let meant = synonyms[word] ?? NearNames.closest(to: word, among: names).first {
            return "; did you mean \"\(meant)\"?"
        }
        return "; the types are " + names.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// `; did you mean "recipient"?` for a key another tool or a typo gives, one that belongs on `kind`, or nothing.
    static func field(_ given: String, on kind: EventKind) -> String {
        let word = Identity.trim(given).lowercased().replacingOccurrences(of: "-", with: "_")
        let synonyms = ["to": "recipient", "invitee": "recipient", "profile": "recipient", "profile_url": "recipient", "url": "recipient",
                        "from": "account", "sender": "account", "seat": "account", "message": "note", "text": "note",
                        "campaign": "source", "time": "at", "timestamp": "at", "date": "at", "sent_at": "at", "created_at": "at",
                        "kind": "type", "event": "type", "invitation_id": "invitation", "event_id": "id", "variant": "template"]
        let allowed = EventField.allCases.filter { EventField.allowed(on: kind) & $0.bit != 0 }.map(\.key)
        if let meant = synonyms[word], allowed.contains(meant) { return "; did you mean \"\(meant)\"?" }
        // Short keys (`at`, `by`, `id`) are near too many words to be guessed at.
        let keys = allowed.filter { $0.count >= 4 }
        return NearNames.closest(to: word, among: keys).first.map { "; did you mean \"\($0)\"?" } ?? ""
    }
}
