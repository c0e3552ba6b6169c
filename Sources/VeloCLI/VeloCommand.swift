import ArgumentParser
#if canImport(Glibc)
import Glibc
import VeloBase
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
            Console(tool: tool).error(message(for: error), hint: "\(tool) --help shows every option")
            terminate(VeloExit.usage.rawValue)
        }
    }
}
