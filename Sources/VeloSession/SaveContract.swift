/// What velo-save prints after writing a project: the app, its folder, and each file written.
package struct SaveManifest: Codable, Sendable, Equatable {
    package var version: Int = 1
    package var app: String
    package var path: String
    package var files: [SavedFile]
    package init(app: String, path: String, files: [SavedFile]) {
        self.app = app
        self.path = path
        self.files = files
    }
}

package struct SavedFile: Codable, Sendable, Equatable {
    /// Path relative to the project folder.
    package var path: String
    /// "sql", "schema", "spec", "config", "makefile" or "readme".
    package var kind: String
    package var bytes: Int
    package init(path: String, kind: String, bytes: Int) {
        self.path = path
        self.kind = kind
        self.bytes = bytes
    }
}

/// One job of an SQL file as `velo-save --list` prints it (numbered from 1, in file order).
package struct SQLJobEntry: Codable, Sendable, Equatable {
    package var number: Int
    package var name: String
    /// "create_stream", "create_table", "insert", "select", …
    package var kind: String
    package var annotations: [String: String]
    /// First and last line of the job's text in the file (1-based, annotations included).
    package var firstLine: Int
    package var lastLine: Int
    package init(number: Int, name: String, kind: String, annotations: [String: String], firstLine: Int, lastLine: Int) {
        self.number = number
        self.name = name
        self.kind = kind
        self.annotations = annotations
        self.firstLine = firstLine
        self.lastLine = lastLine
    }
    enum CodingKeys: String, CodingKey {
        case number, name, kind, annotations
        case firstLine = "first_line"
        case lastLine = "last_line"
    }
}
