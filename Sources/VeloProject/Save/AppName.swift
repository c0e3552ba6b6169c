import VeloBase

/// The app name of a saved project: it names the folder and the SQL file, so it must be one plain path
/// component that every file system, Make and Kafka accept.
package enum AppName {
    /// Names Windows refuses as files, and names that mean something to a shell or Make.
    package static let reserved: Set<String> = [
        "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
        "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "makefile", "readme"
    ]
    package static let maxLength = 100

    /// The name unchanged when it is valid; else an invalid-input error saying what is wrong.
    package static func validate(_ name: String) throws -> String {
        func bad(_ why: String) -> VeloError {
            VeloError(
                "app name '\(name)' \(why)", hint: "use letters, digits and '_' or '-', starting with a letter (e.g. iot_monitoring)",
                exit: .invalidInput)
        }
        if name.isEmpty {
            throw VeloError("the session has no app name", hint: "set app.name in the session (save asks for it)", exit: .invalidInput)
        }
        if name.hasPrefix("/") { throw bad("is an absolute path") }
        if name.contains("/") || name.contains("\\") || name == "." || name == ".." || name.contains("..") {
            throw bad("is a path, not a name (no '/', '\\' or '..')")
        }
        if name.utf8.count > maxLength { throw bad("is longer than \(maxLength) bytes") }
        guard let first = name.unicodeScalars.first, first.isASCIILetter else { throw bad("must start with a letter") }
        if let other = name.unicodeScalars.first(where: { !($0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }) {
            throw bad("holds '\(other)'")
        }
        if reserved.contains(name.lowercased()) { throw bad("is a reserved name") }
        return name
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
