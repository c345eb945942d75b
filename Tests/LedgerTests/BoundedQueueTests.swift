import Foundation
@testable import Ledger
import Testing

/// The hand-over between two threads keeps order, holds at most its capacity, and lets either side stop the other.
struct BoundedQueueTests {
    struct ReadFailed: Error, Equatable {}

    @Test func itemsArriveInOrderAndThePutWaitsWhileTheQueueIsFull() throws {
        let queue = BoundedQueue<Int>(capacity: 3)
        let producer = Thread {
            for item in 0..<1_000 { _ = queue.put(item) }
            queue.close()
        }
        producer.start()
        // The producer fills the queue and then waits: nothing is lost or reordered however the threads interleave.
        Thread.sleep(forTimeInterval: 0.05)
        var taken: [Int] = []
        while let item = try queue.take() { taken.append(item) }
        #expect(taken == Array(0..<1_000))
    }

    @Test func aFullQueueHoldsTheProducerUntilAnItemIsTaken() throws {
        let queue = BoundedQueue<Int>(capacity: 2)
        #expect(queue.put(1) && queue.put(2))
        let third = DispatchSemaphore(value: 0)
        Thread { _ = queue.put(3); third.signal() }.start()
        #expect(third.wait(timeout: .now() + 0.2) == .timedOut, "a third item went into a queue of two")
        #expect(try queue.take() == 1)
        #expect(third.wait(timeout: .now() + 5) == .success)
        #expect(try queue.take() == 2)
        #expect(try queue.take() == 3)
    }

    @Test func theProducersFailureComesAfterTheItemsBeforeIt() throws {
        let queue = BoundedQueue<Int>(capacity: 4)
        #expect(queue.put(7))
        queue.close(failure: ReadFailed())
        #expect(try queue.take() == 7)
        #expect(throws: ReadFailed.self) { try queue.take() }
    }

    @Test func cancellingDropsWhatWaitsAndReleasesBothSides() throws {
        let queue = BoundedQueue<Int>(capacity: 1)
        #expect(queue.put(1))
        let refused = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var accepted = true
        Thread {
            accepted = queue.put(2)  // waits: the queue is full
            queue.close()            // as a reader that noticed it was stopped
            refused.signal()
        }.start()
        Thread.sleep(forTimeInterval: 0.05)
        queue.cancel()
        queue.waitUntilClosed()
        #expect(refused.wait(timeout: .now() + 5) == .success)
        #expect(!accepted)
        #expect(try queue.take() == nil, "the queued item was dropped")
        #expect(!queue.put(3))
    }
}
