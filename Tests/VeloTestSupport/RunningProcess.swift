import Foundation

/// A child started by `ProcessRunner.start`. Its stdout and stderr are read as they come; `wait()` collects
/// them. A child still running when its handle goes away is killed, so a failing test leaves none behind.
package final class RunningProcess: @unchecked Sendable {
    private let process = Process()
    private let stdout = PipeReader(), stderr = PipeReader()
    private let stdin: Pipe?
    /// Signalled by Foundation's termination handler (which it calls on a thread of its own).
    private let exited = DispatchSemaphore(value: 0)
    /// The command line, for messages.
    package let command: String
    /// Kept from the spawn: Foundation may reset its own copy to -1 at exit, and kill(-1) signals everything.
    package private(set) var processIdentifier: Int32 = 0

    init(
        _ executable: URL, _ arguments: [String], stdin input: ProcessInput, environment: [String: String],
        directory: URL?
    ) throws {
        _ = Self.ignoreSIGPIPE
        command = ([executable.lastPathComponent] + arguments).joined(separator: " ")
        if case .null = input { stdin = nil } else { stdin = Pipe() }
        process.executableURL = executable
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = stdout.pipe
        process.standardError = stderr.pipe
        if let stdin { process.standardInput = stdin } else { process.standardInput = FileHandle.nullDevice }
        process.terminationHandler = { [exited] _ in exited.signal() }
        try Self.withNoSignalsBlocked { try process.run() }
        processIdentifier = process.processIdentifier
        stdout.start()
        stderr.start()
        if case .data(let data) = input, let handle = stdin?.fileHandleForWriting {
            // On a thread of its own: a child may write a pipe-full of output before it reads all its input.
            Thread {
                try? handle.write(contentsOf: data)
                try? handle.close()
            }.start()
        }
    }

    /// posix_spawn gives the child the spawning thread's signal mask, and the threads tests run on (Dispatch's)
    /// block SIGINT and SIGTERM: a child spawned from one could be neither interrupted nor terminated.
    private static func withNoSignalsBlocked(_ body: () throws -> Void) rethrows {
        var none = sigset_t(), saved = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &saved)
        defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
        try body()
    }

    /// A child that exits without reading all its stdin must not kill the test process with SIGPIPE: writes
    /// to it fail with EPIPE instead. (Children inherit the setting; the tools ignore SIGPIPE themselves.)
    private static let ignoreSIGPIPE: Void = { signal(SIGPIPE, SIG_IGN) }()

    deinit {
        if process.isRunning {
            kill()
            process.waitUntilExit()
        }
    }

    package var isRunning: Bool { process.isRunning }

    /// Writes to the child's stdin (started with `.open`; for small writes, on the caller's thread).
    package func write(_ text: String) {
        try? stdin?.fileHandleForWriting.write(contentsOf: Data(text.utf8))
    }

    /// Ends the child's stdin.
    package func closeStdin() {
        try? stdin?.fileHandleForWriting.close()
    }

    /// Ctrl+C.
    package func interrupt() { send(SIGINT) }
    package func terminate() { send(SIGTERM) }
    package func kill() { send(SIGKILL) }

    package func send(_ signal: Int32) {
        if processIdentifier > 0 && process.isRunning { _ = Foundation.kill(processIdentifier, signal) }
    }

    /// What the child has written to stdout so far.
    package var stdoutSoFar: Data { stdout.bytes }

    /// Waits until `condition` holds for the child's stdout so far; false when it ended or `timeout` passed first.
    package func waitForStdout(timeout: TimeInterval, until condition: (Data) -> Bool) -> Bool {
        stdout.wait(until: Date(timeIntervalSinceNow: timeout), for: condition)
    }

    /// Waits for the child to exit, stopping it (SIGTERM, then SIGKILL 2 s later) after `timeout` seconds, and
    /// returns how it ended with all it wrote. Throws `ProcessTimedOut` when it had to be stopped.
    package func wait(timeout: TimeInterval = ProcessRunner.defaultTimeout) throws -> ProcessResult {
        var timedOut = false
        if !waitForExit(seconds: timeout) {
            timedOut = true
            stopAll(SIGTERM)
            _ = waitForExit(seconds: 2)
            stopAll(SIGKILL)
        }
        process.waitUntilExit()
        // The pipes end once the child and anything it started have closed them; a lingering grandchild
        // holding one open must not hang the test, so keep what arrived after a short grace.
        let grace = Date(timeIntervalSinceNow: 5)
        stdout.waitForEnd(until: grace)
        stderr.waitForEnd(until: grace)
        let result = ProcessResult(
            status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
            stdoutData: stdout.bytes, stderrData: stderr.bytes, timedOut: timedOut)
        if timedOut { throw ProcessTimedOut(command: command, timeout: timeout, result: result) }
        return result
    }

    /// Signals the child and its process group (Foundation spawns it in a group of its own), so that anything
    /// it started goes too and lets go of the pipes.
    private func stopAll(_ signal: Int32) {
        guard processIdentifier > 0 else { return } // kill(0) or kill(-0) would signal the tests' own group
        send(signal)
        _ = Foundation.kill(-processIdentifier, signal)
    }

    private func waitForExit(seconds: TimeInterval) -> Bool {
        guard exited.wait(timeout: .now() + seconds) == .success else { return false }
        exited.signal() // stays signalled for a later wait
        return true
    }
}
