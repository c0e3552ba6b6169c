import Foundation
import Testing
import VeloTestSupport

/// The binary tests' process runner: large output on either pipe, large input, and a child that hangs.
@Suite struct ProcessRunnerTests {
    static let sh = URL(fileURLWithPath: "/bin/sh")
    static let cat = URL(fileURLWithPath: "/bin/cat")

    /// A runner that read stdout to its end before stderr would hang here: the child blocks on a full stderr pipe.
    @Test func moreThanAPipeBufferOnStderrCompletes() throws {
        let r = try ProcessRunner.run(Self.sh, ["-c", "head -c 1000000 /dev/zero >&2; echo ok"], timeout: 20)
        #expect(r.status == 0 && !r.signalled && !r.timedOut)
        #expect(r.stdout == "ok\n")
        #expect(r.stderrData.count == 1_000_000)
    }

    @Test func largeOutputOnBothPipesAtOnce() throws {
        let r = try ProcessRunner.run(
            Self.sh, ["-c", "head -c 300000 /dev/zero >&2; head -c 700000 /dev/zero; head -c 300000 /dev/zero >&2"],
            timeout: 20)
        #expect(r.status == 0)
        #expect(r.stdoutData.count == 700_000 && r.stderrData.count == 600_000)
    }

    /// Several MB in while `cat` writes them back: the input is written while the output is read.
    @Test func megabytesOfStdinRoundTripThroughCat() throws {
        let input = Data((0..<5_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) })
        let r = try ProcessRunner.run(Self.cat, stdin: .data(input), timeout: 20)
        #expect(r.status == 0)
        #expect(r.stdoutData == input)
    }

    @Test func aChildPastItsTimeoutIsStoppedAndReported() throws {
        let started = Date()
        let error = #expect(throws: ProcessTimedOut.self) {
            try ProcessRunner.run(Self.sh, ["-c", "echo started >&2; exec sleep 30"], timeout: 0.5)
        }
        #expect(Date().timeIntervalSince(started) < 10, "stopped soon after the timeout, not when sleep ended")
        #expect(error?.result.timedOut == true)
        #expect(error?.result.signalled == true && error?.result.status == SIGTERM)
        #expect(error?.result.stderr == "started\n", "what it wrote before the timeout is kept")
        #expect(error?.description.contains("did not exit within 0.5 s") == true)
    }

    /// A child that ignores SIGTERM gets SIGKILL.
    @Test func aChildIgnoringSIGTERMIsKilled() throws {
        let error = #expect(throws: ProcessTimedOut.self) {
            try ProcessRunner.run(Self.sh, ["-c", "trap '' TERM; echo ready; while :; do sleep 1; done"], timeout: 0.5)
        }
        #expect(error?.result.signalled == true && error?.result.status == SIGKILL)
    }

    @Test func environmentOverridesDirectoryAndExitStatus() throws {
        let dir = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        let r = try ProcessRunner.run(
            Self.sh, ["-c", "echo \"$VELO_RUNNER_TEST:$(pwd)\"; exit 3"],
            environment: ["VELO_RUNNER_TEST": "set"], directory: dir)
        #expect(r.status == 3 && !r.signalled)
        #expect(r.stdout == "set:\(dir.path)\n")
    }

    /// The handle: watch stdout as it comes, send Ctrl+C, then collect the rest.
    @Test func startedChildIsInterruptedAndCollected() throws {
        let child = try ProcessRunner.start(
            Self.sh, ["-c", "trap 'echo bye; exit 130' INT; echo up; while :; do sleep 0.1; done"],
            stdin: .open)
        #expect(child.waitForStdout(timeout: 10) { $0.contains(UInt8(ascii: "\n")) })
        #expect(child.isRunning)
        child.interrupt()
        let r = try child.wait(timeout: 10)
        #expect(r.status == 130)
        #expect(r.stdout == "up\nbye\n")
    }
}
