import Foundation

/// Reads one of a child's output pipes to its end on a thread of its own, so the test can wait on the child
/// (or on the other pipe) without either pipe filling up, and can look at what has arrived so far.
final class PipeReader: @unchecked Sendable {
    let pipe = Pipe()
    private let changed = NSCondition() // guards `data` and `ended`
    private var data = Data()
    private var ended = false

    /// Starts reading; call once the child has been spawned.
    func start() {
        let fd = pipe.fileHandleForReading.fileDescriptor
        // A Thread, not Dispatch: blocked tests can starve Dispatch's pool.
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while true {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if n < 0 && errno == EINTR { continue }
                changed.lock()
                if n > 0 { data.append(contentsOf: buffer[..<n]) } else { ended = true }
                changed.broadcast()
                changed.unlock()
                if n <= 0 { return }
            }
        }.start()
    }

    /// Everything read so far.
    var bytes: Data {
        changed.lock()
        defer { changed.unlock() }
        return data
    }

    /// Waits until `condition` holds for what has been read, the pipe ends, or `deadline` passes; returns
    /// whether `condition` held.
    func wait(until deadline: Date, for condition: (Data) -> Bool) -> Bool {
        changed.lock()
        defer { changed.unlock() }
        while !condition(data) && !ended && changed.wait(until: deadline) {}
        return condition(data)
    }

    /// Waits for the end of the pipe (every writer closed it) until `deadline`; returns whether it ended.
    @discardableResult
    func waitForEnd(until deadline: Date) -> Bool {
        changed.lock()
        defer { changed.unlock() }
        while !ended && changed.wait(until: deadline) {}
        return ended
    }
}
