import Foundation

/// Recognises a LinkedIn export (or any ZIP) given to `import` without `--from linkedin`, to say so instead of refusing every line.
enum LinkedInExportHint {
    /// The message for `path` when it is a LinkedIn export folder, one of its CSV files or a ZIP archive; nil otherwise (and for `-`).
    static func message(for path: String) -> String? {
        guard path != "-" else { return nil }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return nil }
        let advice = "import it with --from linkedin --account NAME (see invites import --help)"
        if isFolder.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            guard names.contains(where: { ["invitations.csv", "connections.csv"].contains($0.lowercased()) }) else { return nil }
            return "\(path) is a folder holding a LinkedIn data export, not a JSON Lines file: \(advice)"
        }
        // Only a regular file is peeked at: reading a pipe or FIFO here would take its first bytes from the import.
        guard (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var head = [UInt8]((try? handle.read(upToCount: 256)) ?? Data())
        // A ZIP archive is never JSON Lines; LinkedIn's data export comes as one.
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) || head.starts(with: [0x50, 0x4B, 0x05, 0x06]) {
            return "\(path) is a ZIP archive, not a JSON Lines file: unzip it first (a LinkedIn data export's folder then imports with --from linkedin --account NAME)"
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        let text = String(decoding: head, as: UTF8.self)
        let headers = ["From,To,Sent At", "First Name,Last Name", "Notes:"]
        guard headers.contains(where: { text.hasPrefix($0) }) else { return nil }
        return "\(path) is a CSV file of LinkedIn's data export, not JSON Lines: \(advice)"
    }
}
