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
    /// ArgumentParser's 64). `--help` and `--version` still print and exit 0. `beforeExit` runs last, whatever
    /// the outcome: a tool that started work on another thread waits for it there.
    public static func veloMain(tool: String, arguments: [String]? = nil, beforeExit: () -> Void = {}) -> Never {
        // On a large stack: deep SQL expressions (generated flat chains) recurse per level (DeepStack).
        let code = DeepStack.run { runMain(tool: tool, arguments: arguments) }
        beforeExit()
        terminate(code)
    }

    private static func runMain(tool: String, arguments: [String]?) -> Int32 {
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            return 0
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            if exitCode(for: error) == .success {
                print(fullMessage(for: error))
                return 0
            }
            var (message, hint) = ValidationError.splitHint(message(for: error))
            if message.hasPrefix("Missing value for"), let negative = negativeValue(arguments ?? Array(CommandLine.arguments.dropFirst())) {
                // ArgumentParser reads `-n -5` as a flag after -n and says the value is missing.
                (message, hint) = ("\(negative.option) takes no negative number (\(negative.value))", "give a positive number")
            }
            Console(tool: tool).error(message, hint: hint ?? "\(tool) --help shows every option")
            return VeloExit.usage.rawValue
        }
    }

    /// The first option followed by a negative number (`-n -5`, `--sample -1`): nil when there is none.
    static func negativeValue(_ arguments: [String]) -> (option: String, value: String)? {
        for (option, value) in zip(arguments, arguments.dropFirst()) where option.hasPrefix("-") && option != "-" {
            guard value.count > 1, value.hasPrefix("-"), Double(value) != nil, Double(option) == nil else { continue }
            return (option, value)
        }
        return nil
    }

    /// Runs a tool's command (`VeloToolCommand`) and ends `run()` with its exit code (`veloMain` exits with it).
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
