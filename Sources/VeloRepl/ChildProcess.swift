import VeloBase
import VeloTerminal

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// How a child ended.
package struct ChildResult: Sendable {
    /// The exit code, or 128 + the signal that killed it.
    package var status: Int32
    /// Killed by a signal it did not handle (a crash, unless the REPL sent SIGINT).
    package var signal: Int32?
    /// Ctrl+C reached the child while it ran.
    package var interrupted: Bool
    package var ok: Bool { status == 0 }
}

/// Runs one tool as a child process: stdin from a file (or /dev/null), stdout read line by line as it
/// comes, stderr straight to the terminal (diagnostics and progress bars) or, when asked, line by line too. The child gets a process group
/// of its own, so Ctrl+C reaches the REPL, which forwards exactly one SIGINT to the child and stays up.
package enum ChildProcess {
    /// - Parameter stderrLine: when given, stderr comes through a pipe too, line by line, to it instead of
    ///   the terminal.
    package static func run(
        path: String, arguments: [String], stdinFile: String?, stderrLine: ((String) -> Void)? = nil, onLine: (String) -> Void
    ) throws -> ChildResult {
        let out = try makePipe()
        let err = stderrLine == nil ? nil : try? makePipe()
        let input = open(stdinFile ?? "/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            for fd in out + (err ?? []) { close(fd) }
            throw VeloError("cannot read '\(stdinFile ?? "/dev/null")': \(String(cString: strerror(errno)))")
        }
        let pid: pid_t
        do {
            pid = try spawn(path: path, arguments: arguments, stdin: input, stdout: out[1], stderr: err?[1] ?? 2, newGroup: true)
        } catch {
            for fd in [input] + out + (err ?? []) { close(fd) }
            throw error
        }
        close(input)
        close(out[1])
        if let err { close(err[1]) }
        var interrupted = false
        withoutActuallyEscaping(onLine) { onLine in
            var streams = [LineStream(fd: out[0], onLine: onLine)]
            if let err, let stderrLine {
                streams.append(LineStream(fd: err[0], onLine: stderrLine))
            }
            interrupted = drain(&streams, child: pid)
            for stream in streams { close(stream.fd) }
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { break }
            if Interrupt.take() {
                interrupted = true
                kill(pid, SIGINT)
            }
        }
        if Interrupt.take() { interrupted = true }
        let termination = status & 0x7f
        if termination != 0 {
            return ChildResult(status: 128 + termination, signal: termination, interrupted: interrupted)
        }
        return ChildResult(status: (status >> 8) & 0xff, signal: nil, interrupted: interrupted)
    }

    /// Reads the child's pipes to their ends, forwarding Ctrl+C to it; whether Ctrl+C came.
    private static func drain(_ streams: inout [LineStream], child pid: pid_t) -> Bool {
        var interrupted = false
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while streams.contains(where: { !$0.ended }) {
            if Interrupt.take() {
                interrupted = true
                kill(pid, SIGINT)
            }
            var fds = streams.map { pollfd(fd: $0.ended ? -1 : $0.fd, events: Int16(POLLIN), revents: 0) }
            if poll(&fds, nfds_t(fds.count), 100) <= 0 { continue }
            for i in streams.indices where fds[i].revents != 0 {
                let n = read(streams[i].fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    streams[i].end()
                } else {
                    streams[i].take(buffer[..<n])
                }
            }
        }
        return interrupted
    }

    private static func makePipe() throws -> [Int32] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw VeloError("cannot make a pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return fds
    }

    /// Runs a program on the terminal itself (an editor): same process group, the terminal's stdin and
    /// stdout; Ctrl+C belongs to it while it runs.
    package static func runOnTerminal(path: String, arguments: [String]) throws -> Int32 {
        let pid = try spawn(path: path, arguments: arguments, stdin: 0, stdout: 1, stderr: 2, newGroup: false)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        _ = Interrupt.take()
        return (status & 0x7f) != 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff
    }

    private static func spawn(path: String, arguments: [String], stdin: Int32, stdout: Int32, stderr: Int32, newGroup: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin != 0 { posix_spawn_file_actions_adddup2(&actions, stdin, 0) }
        if stdout != 1 { posix_spawn_file_actions_adddup2(&actions, stdout, 1) }
        if stderr != 2 { posix_spawn_file_actions_adddup2(&actions, stderr, 2) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if newGroup { flags |= Int32(POSIX_SPAWN_SETPGROUP) }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard rc == 0 else { throw VeloError("cannot start \(path): \(String(cString: strerror(rc)))", exit: .unavailable) }
        return pid
    }
}

/// One output pipe of a child, cut into lines as it comes.
private struct LineStream {
    let fd: Int32
    let onLine: (String) -> Void
    var pending: [UInt8] = []
    var ended = false

    init(fd: Int32, onLine: @escaping (String) -> Void) {
        self.fd = fd
        self.onLine = onLine
    }

    mutating func take(_ bytes: ArraySlice<UInt8>) {
        pending += bytes
        while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
            onLine(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
    }

    mutating func end() {
        if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
        pending = []
        ended = true
    }
}
