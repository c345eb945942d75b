import Foundation

/// Reads an export file from disk as UTF-8 text.
enum ExportTextFile {
    /// The file's text, with any UTF-8 byte order mark left for the CSV reader to skip.
    static func read(_ url: URL) throws -> String {
        let path = url.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ExportReadError(.missingFile, path: path)
        }
        if isFolder.boolValue {
            throw ExportReadError(.unreadable("it is a folder"), path: path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw ExportReadError(.unreadable(error.localizedDescription), path: path)
        }
        // Decode with repair, then compare: any replaced byte means the file was not UTF-8.
        let text = String(decoding: data, as: UTF8.self)
        guard text.utf8.elementsEqual(data) else {
            throw ExportReadError(.notUTF8, path: path)
        }
        return text
    }
}
