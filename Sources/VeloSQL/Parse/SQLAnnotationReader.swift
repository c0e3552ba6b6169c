/// Attaches `-- @key: value` comments to the script (app level) and to statements (job level).
///
/// Rule (docs/sql-reference.md, "Annotations"): annotations between two statements belong to the second. Before the first statement the
/// header mixes both: everything from the first job-starting annotation (`@name`, `@job_name`, `@metric`) on is
/// the first job's; what comes before it is the app's. With no job-starting annotation there, the block is the
/// app's when it has an app-only key (`@app`, `@version`, …), else the first job's.
package enum SQLAnnotationReader {
    package static let jobStartKeys: Set<String> = ["name", "job_name", "metric"]
    package static let appOnlyKeys: Set<String> = [
        "app", "application", "version", "phase", "depends_on", "data_retention",
        "compliance"
    ]
    package static let appOnlyPrefixes = ["deployment.", "sla.", "data."]

    package static func isAppOnly(_ key: String) -> Bool {
        appOnlyKeys.contains(key) || appOnlyPrefixes.contains { key.hasPrefix($0) }
    }

    /// Parses one line comment's text (after `--`) as an annotation.
    package static func annotation(_ comment: SQLComment) -> SQLAnnotation? {
        guard comment.isLine else { return nil }
        // Most comments are ASCII: read their bytes (the Character path below costs ~10x as much, which was a
        // sixth of `velo-save --list` on a 1 MB app). The two paths agree on ASCII text.
        var text = comment.text
        if let read = text.withUTF8({ asciiAnnotation($0) }) {
            guard let (key, value) = read else { return nil }
            return SQLAnnotation(key: key, value: value, span: comment.span)
        }
        return unicodeAnnotation(comment)
    }

    /// nil when the text is not all ASCII; else the key and value, or nil inside when it is no annotation.
    static func asciiAnnotation(_ b: UnsafeBufferPointer<UInt8>) -> (String, String)?? {
        for byte in b where byte >= 0x80 { return nil }
        func isBlank(_ c: UInt8) -> Bool { c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") }
        var i = 0
        while i < b.count, isBlank(b[i]) { i += 1 }
        guard i < b.count, b[i] == UInt8(ascii: "@") else { return .some(nil) }
        i += 1
        let keyStart = i
        while i < b.count {
            let c = b[i] | 0x20 // lowercase for letters
            let letter = c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")
            let digit = b[i] >= UInt8(ascii: "0") && b[i] <= UInt8(ascii: "9")
            guard letter || digit || b[i] == UInt8(ascii: "_") || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "-") else { break }
            i += 1
        }
        guard i > keyStart else { return .some(nil) }
        let key = String(decoding: UnsafeBufferPointer(rebasing: b[keyStart..<i]), as: UTF8.self)
        while i < b.count, isBlank(b[i]) { i += 1 }
        if i < b.count, b[i] == UInt8(ascii: ":") { i += 1 }
        while i < b.count, isBlank(b[i]) { i += 1 }
        var end = b.count
        while end > i, isBlank(b[end - 1]) || b[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return .some((key, String(decoding: UnsafeBufferPointer(rebasing: b[i..<end]), as: UTF8.self)))
    }

    static func unicodeAnnotation(_ comment: SQLComment) -> SQLAnnotation? {
        let text = comment.text.drop { $0 == " " || $0 == "\t" }
        guard text.first == "@" else { return nil }
        let body = text.dropFirst()
        let keyEnd = body.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") } ?? body.endIndex
        let key = body[..<keyEnd]
        guard !key.isEmpty else { return nil }
        var rest = body[keyEnd...].drop { $0 == " " || $0 == "\t" }
        if rest.first == ":" { rest = rest.dropFirst() }
        let value = rest.sqlTrimmed
        return SQLAnnotation(key: String(key), value: value, span: comment.span)
    }

    package static func attach(_ comments: [SQLComment], regions: [SQLSpan], to script: inout SQLScript) {
        var index = 0
        for (n, region) in regions.enumerated() {
            var found: [SQLAnnotation] = []
            while index < comments.count, comments[index].span.start < region.end {
                let comment = comments[index]
                index += 1
                guard comment.span.start >= region.start else { continue }
                if n == 0, script.applicationHeader == nil, let name = applicationHeader(comment) {
                    script.applicationHeader = name
                } else if let a = annotation(comment) {
                    found.append(a)
                }
            }
            if n == 0 {
                if let split = found.firstIndex(where: { jobStartKeys.contains($0.key) }) {
                    script.annotations = Array(found[..<split])
                    found = Array(found[split...])
                } else if found.contains(where: { isAppOnly($0.key) }) {
                    script.annotations = found
                    found = []
                }
            }
            script.statements[n].annotations = found
            if let first = found.first {
                script.statements[n].extent = SQLSpan(first.span.start, script.statements[n].extent.end)
            }
        }
        // A file with no statement may still carry app-level annotations.
        if regions.isEmpty {
            for comment in comments {
                if script.applicationHeader == nil, let name = applicationHeader(comment) {
                    script.applicationHeader = name
                } else if let a = annotation(comment) {
                    script.annotations.append(a)
                }
            }
        }
    }

    /// `-- SQL Application: <name>`
    package static func applicationHeader(_ comment: SQLComment) -> String? {
        guard comment.isLine else { return nil }
        let text = comment.text.sqlTrimmed
        let prefix = "SQL Application:"
        guard text.hasPrefix(prefix) else { return nil }
        return String(text.dropFirst(prefix.count)).sqlTrimmed
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    package var sqlTrimmed: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
