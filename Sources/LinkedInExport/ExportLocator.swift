import Foundation

/// Finds Invitations.csv and Connections.csv at a user-given path.
enum ExportLocator {
    static let invitationsName = "invitations.csv"
    static let connectionsName = "connections.csv"

    /// An export file found, with its text when telling which table it holds took reading it.
    struct Found {
        let url: URL
        let text: String?

        /// The file's text: the one read already, else read now (so each file is read once, a pipe included).
        func read() throws -> String { try text ?? ExportTextFile.read(url) }
    }

    static func locate(_ path: URL) throws -> (invitations: URL?, connections: URL?) {
        let found = try find(path)
        return (found.invitations?.url, found.connections?.url)
    }

    /// The export files at `path`, as `locate` finds them.
    static func find(_ path: URL) throws -> (invitations: Found?, connections: Found?) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
            throw ExportReadError(.missingFile, path: path.path)
        }
        if isFolder.boolValue {
            let found = try inFolder(path)
            return (found.invitations.map { Found(url: $0, text: nil) }, found.connections.map { Found(url: $0, text: nil) })
        }
        return try singleFile(path)
    }

    private static func inFolder(_ folder: URL) throws -> (invitations: URL?, connections: URL?) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw ExportReadError(.unreadable(error.localizedDescription), path: folder.path)
        }
        // The name as LinkedIn writes it; else the one copy a browser renamed on download (`Invitations (1).csv`), which
        // was left unread in silence (audit 83 F12). Messages then name it as it is.
        func find(_ wanted: String) throws -> URL? {
            let copies = downloadCopies(of: wanted, among: names)
            if let exact = names.first(where: { $0.lowercased() == wanted }) {
                let url = folder.appendingPathComponent(exact)
                // A FIFO or device of the name would block the import for ever, waiting for a writer (audit 86 F9).
                guard let size = regularFileSize(url) else {
                    throw ExportReadError(.unreadable("\(exact) is not a regular file (a FIFO, a device or a folder): give the "
                        + "export's own file"), path: folder.path)
                }
                guard size == 0 else { return url }
                // A 0-byte file holds no table, not a broken one: the one copy beside it that holds something is read in its
                // place (audit 128 F3: it was left unread; audit 133: an empty copy beside it too), else the folder's other file
                // alone (audit 86: it refused both).
                let filled = copies.map { folder.appendingPathComponent($0) }.filter { (regularFileSize($0) ?? 0) > 0 }
                return filled.count == 1 ? filled[0] : nil
            }
            return copies.count == 1 ? folder.appendingPathComponent(copies[0]) : nil
        }
        let found = (invitations: try find(invitationsName), connections: try find(connectionsName))
        // Renamed downloads the folder holds, none of which could be told the one to read: named, not left unsaid (audit 133).
        let copies = [invitationsName, connectionsName].flatMap { downloadCopies(of: $0, among: names) }
        let copiesSaid = copies.isEmpty ? "" : "; the folder also holds \(copies.joined(separator: ", ")), renamed downloads, of which "
            + "the one to import is not the names' to say: give that file's own path, or rename it"
        let empty = names.filter { [invitationsName, connectionsName].contains($0.lowercased()) }
        if found.invitations == nil, found.connections == nil, !empty.isEmpty {
            throw ExportReadError(.unreadable("\(empty.joined(separator: " and ")) \(empty.count == 1 ? "is" : "are") empty (0 bytes)"
                + (copies.isEmpty ? ": download the export again" : copiesSaid)), path: folder.path)
        }
        if found.invitations == nil, found.connections == nil, !copies.isEmpty {
            throw ExportReadError(.unreadable("neither Invitations.csv nor Connections.csv is in it" + copiesSaid), path: folder.path)
        }
        guard found.invitations != nil || found.connections != nil else {
            throw ExportReadError(.noExportFiles(inside: exportFolders(in: folder, names: names),
                                                 archives: names.filter { $0.lowercased().hasSuffix(".zip") }.map { folder.appendingPathComponent($0).path }),
                                  path: folder.path)
        }
        return found
    }

    /// The file named `name` (in any case) beside the file `path`, when `path` is a regular file and that one is too; nil otherwise.
    static func sibling(of path: URL, named name: String) -> URL? {
        guard regularFileSize(path) != nil else { return nil }
        let folder = path.deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.first { $0.lowercased() == name }.map { folder.appendingPathComponent($0) }
            .flatMap { regularFileSize($0) != nil ? $0 : nil }
    }

    /// The size of the regular file at `url` (a link followed), or nil for anything else: missing, a FIFO, a device, a folder.
    static func regularFileSize(_ url: URL) -> Int? {
        var status = stat()
        guard stat(url.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(status.st_size)
    }

    /// The names among `names` of copies of `wanted` (`invitations.csv`) a browser renamed on download, in name order.
    static func downloadCopies(of wanted: String, among names: [String]) -> [String] {
        let stem = String(wanted.dropLast(".csv".count))
        return names.filter { name in
            let lower = name.lowercased()
            return lower.hasPrefix(stem) && lower.hasSuffix(".csv") && isDownloadCopySuffix(lower.dropFirst(stem.count).dropLast(4))
        }.sorted()
    }

    /// Whether `middle` is what a browser or file manager puts between a file's stem and extension for a copy: ` (1)`, `(2)`, `-1`, ` copy`.
    static func isDownloadCopySuffix(_ middle: Substring) -> Bool {
        let trimmed = middle.drop(while: { $0 == " " || $0 == "-" || $0 == "_" })
        guard !trimmed.isEmpty else { return false }
        if trimmed == "copy" { return true }
        let digits = trimmed.hasPrefix("(") && trimmed.hasSuffix(")") ? trimmed.dropFirst().dropLast() : trimmed
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && digits.allSatisfy(\.isNumber)
    }

    /// The folders in `folder` (one level down) that hold an export's files, in name order.
    private static func exportFolders(in folder: URL, names: [String]) -> [String] {
        names.compactMap { name in
            let sub = folder.appendingPathComponent(name)
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: sub.path, isDirectory: &isFolder), isFolder.boolValue,
                  let inside = try? FileManager.default.contentsOfDirectory(atPath: sub.path),
                  inside.contains(where: { [invitationsName, connectionsName].contains($0.lowercased()) }) else { return nil }
            return sub.path
        }
    }

    private static func singleFile(_ file: URL) throws -> (invitations: Found?, connections: Found?) {
        let name = file.lastPathComponent.lowercased()
        if name.hasPrefix("invitations") { return (Found(url: file, text: nil), nil) }
        if name.hasPrefix("connections") { return (nil, Found(url: file, text: nil)) }
        let text = try ExportTextFile.read(file)
        let records = Array(CSVReader(text: text).prefix(TableSpec.headerSearchLimit))
        let invitations = TableSpec.invitations.headerIndex(in: records)
        let connections = TableSpec.connections.headerIndex(in: records)
        let found = Found(url: file, text: text)
        switch (invitations, connections) {
        case (let i?, let c?): return i <= c ? (found, nil) : (nil, found)
        case (_?, nil): return (found, nil)
        case (nil, _?): return (nil, found)
        case (nil, nil):
            let expected = "\(TableSpec.invitations.displayName) (Invitations.csv) or "
                + "\(TableSpec.connections.displayName) (Connections.csv)"
            let problem = TableSpec.invitations.headerProblem(in: records) ?? TableSpec.connections.headerProblem(in: records)
            throw ExportReadError(.noRecognisableHeader(expected: expected, problem: problem), path: file.path)
        }
    }
}
