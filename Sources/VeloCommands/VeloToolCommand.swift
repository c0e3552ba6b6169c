import VeloBase

/// The one shape of every tool's command: options in, exit code out. A command reports its own problems
/// on `console` (diagnostics, warnings, summaries) and never throws, so an executable only parses its
/// arguments into `Options` and ends with the returned code (VeloCLI's `perform`).
public protocol VeloToolCommand {
    associatedtype Options
    static func run(_ options: Options, console: Console) -> VeloExit
}
