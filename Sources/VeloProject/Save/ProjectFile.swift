import VeloSession

/// One file of a project as it will be written: its path inside the project folder, its kind (the
/// manifest's word: sql, schema, spec, config, makefile, readme) and its text.
package struct ProjectFile: Sendable, Equatable {
    package var path: String
    package var kind: String
    package var text: String

    package init(path: String, kind: String, text: String) {
        self.path = path
        self.kind = kind
        self.text = text
    }

    package var saved: SavedFile { SavedFile(path: path, kind: kind, bytes: text.utf8.count) }
}
