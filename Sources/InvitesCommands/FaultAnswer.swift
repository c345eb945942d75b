import Foundation

/// An answer laid out before a check starts, with room for a position, that a signal handler writes with `write(2)` alone.
///
/// A fault handler may not allocate: the fault can come while the allocator holds its lock (a
/// damaged page met during a copy), and the process would hang instead of answering (audit 99 F7).
/// So the answer is rendered once, ahead of time, at a sentinel position (`UInt64.max`, whose 20
/// digits no answer holds otherwise), into memory that is never freed; the handler copies the text
/// around the sentinel's places and writes the real position's digits into a buffer of its own.
struct FaultAnswer {
    /// The answer rendered at the sentinel position.
    private let text: UnsafeMutableBufferPointer<UInt8>
    /// Where the sentinel's digits start in `text`, in order.
    private let places: UnsafeMutableBufferPointer<Int>
    /// Room for a position's digits, filled from the end.
    private let digits: UnsafeMutableBufferPointer<UInt8>
    /// How many bytes the sentinel takes at each of `places`: a stored width, so the handler reads no static array.
    private let width: Int

    private static let sentinel = Array(String(UInt64.max).utf8)

    /// Renders `answer` at the sentinel position and keeps its bytes for `write(position:to:)`.
    init(_ answer: (_ position: UInt64) -> String) {
        let rendered = Array(answer(UInt64.max).utf8)
        let width = Self.sentinel.count
        var found: [Int] = []
        var index = 0
        while index + width <= rendered.count {
            if rendered[index..<index + width].elementsEqual(Self.sentinel) {
                found.append(index)
                index += width
            } else {
                index += 1
            }
        }
        text = .allocate(capacity: rendered.count)
        _ = text.initialize(from: rendered)
        places = .allocate(capacity: found.count)
        _ = places.initialize(from: found)
        digits = .allocate(capacity: width)
        digits.initialize(repeating: 0)
        self.width = width
    }

    /// Writes the answer for `position` to the file descriptor `fd`: only `write(2)`, no allocation, no lock.
    func write(position: UInt64, to fd: Int32) {
        guard let base = text.baseAddress, let digitBase = digits.baseAddress else { return }
        var start = digits.count
        var rest = position
        repeat {
            start -= 1
            digitBase[start] = UInt8(ascii: "0") + UInt8(rest % 10)
            rest /= 10
        } while rest > 0
        var copied = 0
        for place in places {
            _ = Foundation.write(fd, base + copied, place - copied)
            _ = Foundation.write(fd, digitBase + start, digits.count - start)
            copied = place + width
        }
        _ = Foundation.write(fd, base + copied, text.count - copied)
    }
}
