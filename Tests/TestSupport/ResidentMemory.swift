import Foundation

/// The resident KiB of the mappings starting where the given ranges start (`Rss:` in `/proc/self/smaps`).
public func residentKiB(of mappings: [Range<UInt>]) -> Int {
    // Read to its end: `/proc` files say they are empty, and `String(contentsOfFile:)` stops after one read.
    guard let file = FileHandle(forReadingAtPath: "/proc/self/smaps"), let bytes = try? file.readToEnd() else { return -1 }
    try? file.close()
    let smaps = String(decoding: bytes, as: UTF8.self)
    let starts = Set(mappings.map { String($0.lowerBound, radix: 16) })
    var total = 0
    var counting = false
    for line in smaps.split(separator: "\n") {
        if let dash = line.firstIndex(of: "-"), line[..<dash].allSatisfy(\.isHexDigit), line.contains(" ") {
            counting = starts.contains(String(line[..<dash]))
        } else if counting, line.hasPrefix("Rss:") {
            total += Int(line.split(separator: " ")[1]) ?? 0
        }
    }
    return total
}
