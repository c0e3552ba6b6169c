import VeloBase
import VeloCommands
import VeloGenerate

/// `velo-gen --example NAME [--output-dir DIR]`: a ready schema for a domain, to stdout or as
/// `<name>.schema.yaml` files in DIR (with the schemas it references); `--example list` names them all.
public enum GenExampleCommand: VeloToolCommand {
    public struct Options: Sendable {
        /// An example's name or alias, or "list".
        public var name: String
        public var directory: String?
        public init(name: String, directory: String? = nil) {
            self.name = name
            self.directory = directory
        }
    }

    public static func run(_ options: Options, console: Console) -> VeloExit {
        if options.name == "list" {
            for item in GenExamples.all { print("\(item.name)\t\(item.summary)") }
            return .ok
        }
        do {
            let written = try write(options.name, directory: options.directory)
            for path in written { console.line("velo-gen: wrote \(path)") }
            if options.directory == nil, let item = GenExamples.named(options.name), !item.references.isEmpty {
                console.line(
                    "velo-gen: note: \(item.name) references \(item.references.joined(separator: ", ")); "
                        + "write \(item.references.map { "velo-gen --example \($0) > \($0).schema.yaml" }.joined(separator: "; ")) too")
            }
            return .ok
        } catch {
            return console.report(error: error)
        }
    }

    /// The schema text to stdout, or with a directory, `<name>.schema.yaml` files there (with the schemas
    /// it references). Returns the paths written.
    static func write(_ name: String, directory: String?) throws -> [String] {
        guard let example = GenExamples.named(name) else {
            let hint =
                Suggest.closest(to: name, among: GenExamples.all.flatMap { [$0.name] + $0.aliases })
                .map { "did you mean '\($0)'? " } ?? ""
            throw VeloError(
                "no example named '\(name)'", hint: hint + "examples: " + GenExamples.names.joined(separator: ", "),
                exit: .usage)
        }
        guard let directory else {
            try AtomicFile.write(example.yaml, to: "-")
            return []
        }
        try GenRunner.makeDirectory(directory)
        var paths: [String] = []
        for item in [example] + example.references.compactMap(GenExamples.named) {
            let schemaName = item.yaml.split(separator: "\n").first { $0.hasPrefix("name: ") }.map { String($0.dropFirst(6)) } ?? item.name
            let path = (directory.hasSuffix("/") ? directory : directory + "/") + schemaName + ".schema.yaml"
            try AtomicFile.write(item.yaml, to: path)
            paths.append(path)
        }
        return paths
    }
}
