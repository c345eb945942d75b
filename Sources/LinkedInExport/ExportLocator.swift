import Foundation

/// Finds Invitations.csv and Connections.csv at a user-given path.
enum ExportLocator {
    static let invitationsName = "invitations.csv"
    static let connectionsName = "connections.csv"

    static func locate(_ path: URL) throws -> (invitations: URL?, connections: URL?) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
            throw ExportReadError(.missingFile, path: path.path)
        }
        return isFolder.boolValue ? try inFolder(path) : try singleFile(path)
    }

    private static func inFolder(_ folder: URL) throws -> (invitations: URL?, connections: URL?) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        } catch {
            throw ExportReadError(.unreadable(error.localizedDescription), path: folder.path)
        }
        func find(_ wanted: String) -> URL? {
            names.first { $0.lowercased() == wanted }.map { folder.appendingPathComponent($0) }
        }
        let found = (invitations: find(invitationsName), connections: find(connectionsName))
        guard found.invitations != nil || found.connections != nil else {
            throw ExportReadError(.noExportFiles, path: folder.path)
        }
        return found
    }

    private static func singleFile(_ file: URL) throws -> (invitations: URL?, connections: URL?) {
        let name = file.lastPathComponent.lowercased()
        if name.hasPrefix("invitations") { return (file, nil) }
        if name.hasPrefix("connections") { return (nil, file) }
        let records = Array(CSVReader(text: try ExportTextFile.read(file)).prefix(TableSpec.headerSearchLimit))
        let invitations = TableSpec.invitations.headerIndex(in: records)
        let connections = TableSpec.connections.headerIndex(in: records)
        switch (invitations, connections) {
        case (let i?, let c?): return i <= c ? (file, nil) : (nil, file)
        case (_?, nil): return (file, nil)
        case (nil, _?): return (nil, file)
        case (nil, nil):
            let expected = "\(TableSpec.invitations.displayName) (Invitations.csv) or "
                + "\(TableSpec.connections.displayName) (Connections.csv)"
            throw ExportReadError(.noRecognisableHeader(expected: expected), path: file.path)
        }
    }
}
