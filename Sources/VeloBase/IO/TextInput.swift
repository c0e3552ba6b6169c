import Foundation

/// A whole text input named on a command line: a file, or `-` for stdin.
public enum TextInput {
    /// The text of `path` (`-` reads stdin to its end); a missing or unreadable file is a usage error.
    public static func read(_ path: String) throws -> String {
        if path == "-" {
            return try UTF8Text.decode(FileHandle.standardInput.readDataToEndOfFile(), file: "<stdin>")
        }
        guard let data = readWholeFile(path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw VeloError(
                exists ? "cannot read '\(path)'" : "no such file '\(path)'",
                hint: exists ? "check the file's permissions" : "give the path of a .sql file, or - for stdin",
                exit: .usage)
        }
        return try UTF8Text.decode(Data(data), file: path)
    }
}
