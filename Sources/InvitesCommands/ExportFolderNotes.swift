import Foundation
import LinkedInExport

/// Notes on an export folder's files that the import did not read: empty, or renamed copies it could not choose between.
///
/// A folder whose `Connections.csv` is 0 bytes is read without it, and one holding two renamed
/// downloads (`Invitations (1).csv`, `Invitations-2.csv`) and no `Invitations.csv` reads neither:
/// either was left unsaid, and the advice then given ("import the folder") was what the user had
/// just done (audit 86).
enum ExportFolderNotes {
    /// Says on standard error what of the folder `path` was not read; `read` names the files that were.
    static func say(about path: String, read: [String]) {
        // A file given alone lists nothing: only a folder was read as one.
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for kind in ["invitations", "connections"] where !read.contains(where: { $0.lowercased().hasPrefix(kind) }) {
            let exact = names.first { $0.lowercased() == kind + ".csv" }
            if let exact {
                Console.note("invites: note: \(exact) is empty (0 bytes) and was not read: download the export again for it")
                continue
            }
            let copies = LinkedInExportReader.downloadCopies(of: kind + ".csv", among: names)
            guard copies.count > 1 else { continue }
            Console.note("invites: note: the folder holds \(copies.joined(separator: ", ")) and no \(kind.capitalized).csv, and none "
                + "was read: which download is the one to import is not the names' to say; rename it \(kind.capitalized).csv")
        }
    }
}
