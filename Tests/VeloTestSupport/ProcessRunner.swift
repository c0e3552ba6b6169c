import Foundation

/// The one way tests run a child process. Its stdout and stderr are read at the same time (so a child that
/// fills one pipe while the test waits on the other cannot hang), its stdin is written on a thread of its own,
/// and a child that outlives the timeout is stopped (SIGTERM, then SIGKILL) and reported as a thrown error.
///
///     let r = try ProcessRunner.run(BuiltProducts.url("velo-run"), ["-q", "q.sql"], stdin: .text("{}\n"))
///
/// Tests that stop a child mid-way (Ctrl+C, a killed broker) use `start`, act on the handle, then `wait()`.
package enum ProcessRunner {
    /// Runs `executable` to its end, or until `timeout` seconds pass.
    package static func run(
        _ executable: URL, _ arguments: [String] = [], stdin: ProcessInput = .data(Data()),
        environment: [String: String] = [:], directory: URL? = nil,
        timeout: TimeInterval = defaultTimeout
    ) throws -> ProcessResult {
        try start(executable, arguments, stdin: stdin, environment: environment, directory: directory).wait(timeout: timeout)
    }

    /// Starts `executable` and returns at once; its output is collected until `wait()`.
    /// `environment` overrides entries of this process's environment, which the child otherwise inherits.
    package static func start(
        _ executable: URL, _ arguments: [String] = [], stdin: ProcessInput = .data(Data()),
        environment: [String: String] = [:], directory: URL? = nil
    ) throws -> RunningProcess {
        try RunningProcess(executable, arguments, stdin: stdin, environment: environment, directory: directory)
    }

    /// Long enough for the slowest binary test on a busy 2-core machine, short enough to end a hung one.
    package static let defaultTimeout: TimeInterval = 120
}

/// What a child reads on stdin.
package enum ProcessInput {
    /// These bytes, then end of file (an empty pipe for no bytes). Written on a thread of its own.
    case data(Data)
    /// A pipe that stays open: write with `RunningProcess.write`, end with `closeStdin()`.
    case open
    /// /dev/null.
    case null

    package static func text(_ text: String) -> ProcessInput { .data(Data(text.utf8)) }
}

/// How a child ended and everything it wrote.
package struct ProcessResult: Sendable {
    /// The exit code, or the signal's number when `signalled`.
    package var status: Int32
    /// Whether a signal ended the child (SIGKILL, an uncaught SIGTERM, …) rather than exit().
    package var signalled: Bool
    package var stdoutData: Data
    package var stderrData: Data
    /// Whether the child outlived its timeout and was stopped (then `run` and `wait` throw `ProcessTimedOut`).
    package var timedOut: Bool

    package var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
    package var stderr: String { String(decoding: stderrData, as: UTF8.self) }
}

/// Thrown when a child outlives its timeout; it has been stopped, and `result` holds what it wrote until then.
package struct ProcessTimedOut: Error, CustomStringConvertible {
    package var command: String
    package var timeout: TimeInterval
    package var result: ProcessResult

    package var description: String {
        "\(command) did not exit within \(timeout) s and was stopped (SIGTERM, then SIGKILL); its stderr so far:\n"
            + result.stderr.suffix(2000)
    }
}
