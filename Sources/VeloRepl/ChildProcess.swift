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
/// comes, stderr straight to the terminal (diagnostics and progress bars). The child gets a process group
/// of its own, so Ctrl+C reaches the REPL, which forwards exactly one SIGINT to the child and stays up.
package enum ChildProcess {
    package static func run(
        path: String, arguments: [String], stdinFile: String?, onLine: (String) -> Void
    ) throws -> ChildResult {
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw VeloError("cannot make a pipe: \(String(cString: strerror(errno)))") }
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let input = open(stdinFile ?? "/dev/null", O_RDONLY | O_CLOEXEC)
        guard input >= 0 else {
            close(pipeFDs[0]); close(pipeFDs[1])
            throw VeloError("cannot read '\(stdinFile ?? "/dev/null")': \(String(cString: strerror(errno)))")
        }
        let pid: pid_t
        do {
            pid = try spawn(path: path, arguments: arguments, stdin: input, stdout: pipeFDs[1], newGroup: true)
        } catch {
            close(input); close(pipeFDs[0]); close(pipeFDs[1])
            throw error
        }
        close(input)
        close(pipeFDs[1])
        defer { close(pipeFDs[0]) }
        var interrupted = false
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if Interrupt.take() {
                interrupted = true
                kill(pid, SIGINT)
            }
            var fds = pollfd(fd: pipeFDs[0], events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, 100)
            if ready <= 0 { continue }
            let n = read(pipeFDs[0], &buffer, buffer.count)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { break }
            pending += buffer[..<n]
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                onLine(String(decoding: pending[..<newline], as: UTF8.self))
                pending.removeSubrange(...newline)
            }
        }
        if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
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

    /// Runs a program on the terminal itself (an editor): same process group, the terminal's stdin and
    /// stdout; Ctrl+C belongs to it while it runs.
    package static func runOnTerminal(path: String, arguments: [String]) throws -> Int32 {
        let pid = try spawn(path: path, arguments: arguments, stdin: 0, stdout: 1, newGroup: false)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        _ = Interrupt.take()
        return (status & 0x7f) != 0 ? 128 + (status & 0x7f) : (status >> 8) & 0xff
    }

    private static func spawn(path: String, arguments: [String], stdin: Int32, stdout: Int32, newGroup: Bool) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if stdin != 0 { posix_spawn_file_actions_adddup2(&actions, stdin, 0) }
        if stdout != 1 { posix_spawn_file_actions_adddup2(&actions, stdout, 1) }
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
