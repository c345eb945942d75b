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
            data = try contents(of: path)
        } catch let error as ExportReadError {
            throw error
        } catch {
            throw ExportReadError(.unreadable(error.localizedDescription), path: path)
        }
        if zipSignatures.contains(where: { data.starts(with: $0) }) { throw ExportReadError(.zipArchive, path: path) }
        // UTF-16's byte order mark: Excel's "Unicode Text" re-save, said as such (audit 113 D2).
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) { throw ExportReadError(.utf16, path: path) }
        // Without the mark, its ASCII is a NUL beside each letter, valid UTF-8 that no header matched (review 114 R10).
        if let littleEndian = utf16WithoutMark(data) { throw ExportReadError(.utf16WithoutMark(littleEndian: littleEndian), path: path) }
        // Decode with repair, then compare: any replaced byte means the file was not UTF-8.
        let text = String(decoding: data, as: UTF8.self)
        guard text.utf8.elementsEqual(data) else {
            let (line, byte) = firstInvalidByte(in: data)
            throw ExportReadError(.notUTF8(line: line, byte: byte), path: path)
        }
        return text
    }

    /// Whether `data` starts as ASCII written in UTF-16 with no byte order mark, and in which byte order.
    ///
    /// True for little-endian (`F\0r\0`), false for big-endian (`\0F\0r`), nil when it does not.
    ///
    /// Two characters are enough: no CSV or JSON text holds a NUL, let alone two in step.
    static func utf16WithoutMark(_ data: Data) -> Bool? {
        let start = Array(data.prefix(4))
        guard start.count == 4 else { return nil }
        let (even, odd) = ([start[0], start[2]], [start[1], start[3]])
        if odd == [0, 0], even.allSatisfy({ $0 != 0 && $0 < 0x80 }) { return true }
        if even == [0, 0], odd.allSatisfy({ $0 != 0 && $0 < 0x80 }) { return false }
        return nil
    }

    /// The most bytes an export file may hold: 64 MiB, more than five times the largest real one.
    ///
    /// 50,000 invitations with notes take about 12 MB; LinkedIn keeps at most 30,000 connections.
    ///
    /// Something larger is another file, or a ZIP bomb piped in (`<(unzip -p …)`), which took
    /// 80 s and 630 MB per 200 MB before it was refused (audit 49).
    static let largestFile = 64 << 20

    /// The bytes of the file at `path`, read to its end.
    ///
    /// A pipe or a FIFO (`<(unzip -p …)`) too, which can be read only once
    /// (`LinkedInExportReader.read` reads each file once).
    private static func contents(of path: String) throws -> Data {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ExportReadError(.unreadable(String(cString: strerror(errno))), path: path)
        }
        defer { try? handle.close() }
        var data = Data()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            data.append(chunk)
            if data.count > largestFile {
                throw ExportReadError(.unreadable("it holds more than \(largestFile >> 20) MiB, far more than a LinkedIn export file does; is it the right file?"), path: path)
            }
        }
        return data
    }

    /// The first four bytes of a ZIP archive, in each of the three forms it may start with.
    ///
    /// "PK\u{3}\u{4}" before its first file, "PK\u{5}\u{6}" for an empty one (else read as a CSV
    /// without a header), "PK\u{7}\u{8}" for a split one.
    static let zipSignatures: [[UInt8]] = [[0x50, 0x4B, 0x03, 0x04], [0x50, 0x4B, 0x05, 0x06], [0x50, 0x4B, 0x07, 0x08]]

    /// The 1-based line and the value of the first byte that does not start or continue a UTF-8 character.
    static func firstInvalidByte(in data: Data) -> (line: Int, byte: UInt8) {
        let bytes = [UInt8](data)
        var line = 1
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return (line, byte)
            }
            guard index + length <= bytes.count else { return (line, byte) }
            let sequence = bytes[index..<(index + length)]
            if length > 1, String(validating: sequence, as: UTF8.self) == nil { return (line, byte) }
            index += length
        }
        return (line, bytes.last ?? 0)
    }
}
