import Foundation
import VeloBase

/// Writes a project folder all at once: the files go to a hidden temporary folder beside it, which is then
/// renamed into place. An existing folder is replaced only when asked (`force`), and then by renames too
/// (the old one moved aside, the new one in, the old one removed), so a reader never sees half a project.
package enum ProjectFolder {
    /// Writes the files into a new temporary folder beside `path` and returns it (for a check before `publish`).
    package static func stage(_ files: [ProjectFile], for path: String, force: Bool) throws -> String {
        let fm = FileManager.default
        if fm.fileExists(atPath: path) && !force {
            throw VeloError(
                "'\(path)' already exists", hint: "pass --force to replace it, or --out DIR to save elsewhere", exit: .failed)
        }
        let parent = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let temp = (parent.isEmpty ? "." : parent) + "/.\(base).velo-save-\(getpid())"
        try? fm.removeItem(atPath: temp)
        do {
            try fm.createDirectory(atPath: parent.isEmpty ? "." : parent, withIntermediateDirectories: true)
            for file in files {
                let full = temp + "/" + file.path
                try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try AtomicFile.write(file.text, to: full)
            }
        } catch let error as VeloReportable {
            try? fm.removeItem(atPath: temp)
            throw error
        } catch {
            try? fm.removeItem(atPath: temp)
            throw VeloError("cannot write '\(path)': \(error.localizedDescription)", hint: "check that the folder is writable", exit: .failed)
        }
        return temp
    }

    /// Replaces files of a staged folder (after the spec's calibration changed the spec and README).
    package static func rewrite(_ files: [ProjectFile], in staged: String) throws {
        for file in files { try AtomicFile.write(file.text, to: staged + "/" + file.path) }
    }

    /// Renames the staged folder to `path`, moving an existing one aside first and removing it after.
    package static func publish(_ temp: String, to path: String, force: Bool) throws {
        let fm = FileManager.default
        var aside: String?
        if fm.fileExists(atPath: path) {
            guard force else {
                try? fm.removeItem(atPath: temp)
                throw VeloError("'\(path)' already exists", hint: "pass --force to replace it", exit: .failed)
            }
            let old = temp + ".old"
            guard rename(path, old) == 0 else {
                try? fm.removeItem(atPath: temp)
                throw VeloError("cannot replace '\(path)': \(String(cString: strerror(errno)))", exit: .failed)
            }
            aside = old
        }
        guard rename(temp, path) == 0 else {
            let message = String(cString: strerror(errno))
            if let aside { _ = rename(aside, path) }
            try? fm.removeItem(atPath: temp)
            throw VeloError("cannot write '\(path)': \(message)", exit: .failed)
        }
        if let aside { try? fm.removeItem(atPath: aside) }
    }

    /// Removes a staged folder that will not be published.
    package static func discard(_ temp: String) { try? FileManager.default.removeItem(atPath: temp) }
}
