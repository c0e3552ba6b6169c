import ArgumentParser
import VeloBase
import VeloCommands

#if canImport(Glibc)
import Glibc
private func terminate(_ code: Int32) -> Never { Glibc.exit(code) }
#elseif canImport(Darwin)
import Darwin
private func terminate(_ code: Int32) -> Never { Darwin.exit(code) }
#endif

extension ParsableCommand {
    /// The entry point of every Velo tool (`static func main() { veloMain(tool: "velo-x") }`): runs the command
    /// and makes usage errors look and exit like Velo's (a diagnostic with a hint, exit 2 — not
    /// ArgumentParser's 64). `--help` and `--version` still print and exit 0.
    public static func veloMain(tool: String, arguments: [String]? = nil) -> Never {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            terminate(0)
        } catch let code as ExitCode {
            terminate(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                terminate(0)
            }
            let (message, hint) = ValidationError.splitHint(message(for: error))
            Console(tool: tool).error(message, hint: hint ?? "\(tool) --help shows every option")
            terminate(VeloExit.usage.rawValue)
        }
    }

    /// Runs a VeloCommands command and ends `run()` with its exit code (`veloMain` exits with it).
    public func perform<Command: VeloToolCommand>(_ command: Command.Type, _ options: Command.Options, console: Console) throws {
        let code = Command.run(options, console: console)
        if code != .ok { throw ExitCode(code.rawValue) }
    }
}

extension ValidationError {
    /// ArgumentParser keeps only a message, so a usage error's hint rides after this marker; `veloMain`
    /// splits it off and prints it as Velo's hint line.
    private static let hintMarker = "\nhint: "

    /// A usage error with a hint, for `validate()` and option transforms (exit 2 through `veloMain`).
    public static func usage(_ message: String, hint: String) -> ValidationError {
        ValidationError(message + hintMarker + hint)
    }

    /// The message and the hint of an error text made by `usage(_:hint:)` (the hint is nil for others).
    static func splitHint(_ text: String) -> (message: String, hint: String?) {
        guard let marker = text.range(of: hintMarker) else { return (text, nil) }
        return (String(text[..<marker.lowerBound]), String(text[marker.upperBound...]))
    }
}
