import Foundation
import LinkedInExport

/// Notes on an export folder's files that the import did not read: empty, or renamed copies it could not choose between or left beside the file of the name.
///
/// A folder whose `Connections.csv` is 0 bytes is read without it, and one holding two renamed
/// downloads (`Invitations (1).csv`, `Invitations-2.csv`) and no `Invitations.csv` reads neither:
/// either was left unsaid, and the advice then given ("import the folder") was what the user had
/// just done (audit 86). A copy beside the file of the name was left unread without a word, even
/// when that file was 0 bytes (audit 128 F3): the copy is then read in its place, and said; beside
/// a file that holds something it is named, with the command that imports it instead.
enum ExportFolderNotes {
    /// Says on standard error what of the folder `path` was not read; `read` names the files that were.
    ///
    /// `importing` gives the command that imports one file of the folder, given its path.
    static func say(about path: String, read: [String], importing: (String) -> String) {
        // A file given alone lists nothing: only a folder was read as one.
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for kind in ["invitations", "connections"] {
            let exact = names.first { $0.lowercased() == kind + ".csv" }
            let copies = LinkedInExportReader.downloadCopies(of: kind + ".csv", among: names)
            guard let readName = read.first(where: { $0.lowercased().hasPrefix(kind) }) else {
                if let exact {
                    Console.note("invites: note: \(exact) is empty (0 bytes) and was not read: download the export again for it")
                } else if copies.count > 1 {
                    Console.note("invites: note: the folder holds \(copies.joined(separator: ", ")) and no \(kind.capitalized).csv, and none "
                        + "was read: which download is the one to import is not the names' to say; rename it \(kind.capitalized).csv")
                }
                continue
            }
            // The file read may be a copy itself (the folder's only one, or the one beside an empty file of the name): not "left unread".
            let unread = copies.filter { $0 != readName }
            if let exact, readName != exact {
                Console.note("invites: note: \(exact) is empty (0 bytes), and \(readName), a renamed download of it beside it, was read "
                    + "in its place")
            } else if exact != nil, !unread.isEmpty {
                let one = unread.count == 1
                let what = one ? "a renamed download" : "renamed downloads"
                let copy = URL(fileURLWithPath: path).appendingPathComponent(unread[0]).path
                // Its acceptances come after it: the folder again would read the file of the name as well.
                let then = kind == "invitations" ? read.first { !$0.lowercased().hasPrefix(kind) } : nil
                Console.note("invites: note: the folder also holds \(unread.joined(separator: ", ")), \(what) of \(readName), left "
                    + "unread: \(readName) was read. If \(one ? "the copy" : "one of them") is the export to import, import it alone: "
                    + importing(copy) + (then.map { " (then \($0) alone, not the folder, which reads \(readName))" } ?? ""))
            }
        }
    }
}
