import Foundation
import VeloBase
import VeloJSON
import VeloSession
import VeloTerminal

extension Repl {
    /// `save`: edited SQL files are written back (their other bytes kept by velo-save's edits); jobs made
    /// in the session become a project through velo-save (app name and description asked first).
    /// `save DIR` puts the project in DIR; `save FILE.json` saves the session.
    func save(to target: String?) throws {
        if let target, target.hasSuffix(".json") {
            try saveSession(to: target)
            return
        }
        var wrote = false
        var notWritten: [String] = []
        for file in openFiles where session.files.first(where: { $0.path == file.path })?.modified == true {
            do {
                try writeBack(file)
                wrote = true
            } catch {
                report(error) // and the other files are still written
                notWritten.append(file.path)
            }
        }
        // A file left unwritten keeps the session unsaved (a quit still asks).
        guard notWritten.isEmpty else { return }
        let newJobs = session.jobs.filter { $0.file == nil }
        if !newJobs.isEmpty || (!wrote && openFiles.isEmpty) {
            guard !session.jobs.isEmpty || !session.schemas.isEmpty else {
                throw ReplError("nothing to save yet", hint: "load schemas, describe a query and run it; then save")
            }
            try saveProject(into: target ?? ".")
            wrote = true
        }
        // SQL files hold no schemas: one made or edited here is kept only by a project or a session file.
        // (A project is written above when there is no file, or jobs of the session's own.)
        if !schemasToSave.isEmpty {
            let names = schemasToSave.sorted().joined(separator: ", ")
            note("schema \(names) is in no SQL file: save session FILE keeps it (still unsaved)")
            return
        }
        if !wrote { note("nothing changed since the last save") }
        unsaved = false
    }

    /// Writes a loaded file's working copy over it, asking first if the file changed on disk since `load`.
    private func writeBack(_ file: OpenFile) throws {
        let onDisk = try? TextInput.read(file.path)
        if onDisk != file.original {
            let answer = askUser("\(file.path) changed on disk since it was loaded. Overwrite it? [y/n]: ")
            guard answer?.lowercased().hasPrefix("y") == true else {
                throw ReplError(
                    "\(file.path) not written", hint: "save session FILE.json keeps your edits; load the file again to start from the new version")
            }
        }
        let text = try TextInput.read(file.workingCopy)
        try AtomicFile.write(text, to: file.path)
        if let i = openFiles.firstIndex(where: { $0.path == file.path }) { openFiles[i].original = text }
        if let i = session.files.firstIndex(where: { $0.path == file.path }) { session.files[i].modified = false }
        let jobs = session.jobs.filter { $0.file == file.path }.count
        done("wrote \(file.path) (\(jobs) job\(jobs == 1 ? "" : "s"))")
    }

    private func saveProject(into dir: String) throws {
        let suggested = session.app?.name ?? session.jobs.first?.name ?? "streaming_app"
        // Ctrl+C (or the end of a script) at a question cancels the save; an empty answer takes the default.
        guard let nameAnswer = askUser("App name [\(suggested)]: "), let descriptionAnswer = askUser("Description: ") else {
            throw ReplError("not saved", hint: "save asks the app name and a description")
        }
        let name = nameAnswer.isEmpty ? suggested : nameAnswer
        let description = descriptionAnswer.isEmpty ? session.app?.description : descriptionAnswer
        session.app = SessionApp(name: name, description: description)
        let folder = dir == "." ? name : dir + "/" + name
        var args = ["--out", dir]
        if fileExists(folder) {
            guard askUser("\(folder) exists. Overwrite its files? [y/n]: ")?.lowercased().hasPrefix("y") == true else {
                throw ReplError("not saved: \(folder) exists", hint: "save OTHER_DIR, or answer y to overwrite")
            }
            args.append("--force")
        }
        runNumber += 1
        let sessionFile = try scratch.write("session-\(runNumber).json", String(decoding: try session.encoded(), as: UTF8.self))
        let output = try toolOutput("velo-save", [sessionFile] + args)
        guard let manifest = try? JSONDecoder().decode(SaveManifest.self, from: Data(output.utf8)) else {
            throw ReplError("velo-save wrote a manifest velo-repl cannot read", hint: "is velo-save from the same build as velo-repl?")
        }
        // velo-save names the folder under --out (./app); the shell names it as the person would type it.
        let saved = manifest.path.hasPrefix("./") ? String(manifest.path.dropFirst(2)) : manifest.path
        done("saved \(manifest.app) to \(saved)/")
        schemasToSave.removeAll()
        for file in manifest.files { say("  • \(file.path) " + style.dim("(\(file.kind), \(HumanFormat.bytes(file.bytes)))")) }
        // From now on the jobs live in the saved SQL file: later edits go there (through velo-save).
        if let sql = manifest.files.first(where: { $0.kind == "sql" }) {
            let path = saved + "/" + sql.path
            let previous = session.jobs
            session.jobs.removeAll { $0.file == nil }
            do {
                try loadFile(path)
            } catch {
                session.jobs = previous
                console.warning("could not load \(path) back: \(error)")
            }
        }
    }

    /// `save session FILE`: the whole session as JSON, so `--resume FILE` continues tomorrow.
    func saveSession(to path: String) throws {
        if fileExists(path), reader.isInteractive {
            guard askUser("\(path) exists. Overwrite it? [y/n]: ")?.lowercased().hasPrefix("y") == true else {
                throw ReplError("session not saved", hint: "save session OTHER.json")
            }
        }
        try AtomicFile.write(String(decoding: try session.encoded(), as: UTF8.self) + "\n", to: path)
        unsaved = false
        schemasToSave.removeAll()
        done("session saved to \(path) (velo-repl --resume \(path) continues it)")
    }

    /// `--resume FILE` or `load FILE.json`: the session back, and its SQL files loaded again from disk.
    func resume(from path: String) throws {
        let data = try TextInput.read(path)
        let loaded = try Session.load(from: Data(data.utf8), source: path)
        let files = loaded.files
        session = loaded
        session.backend = options.kafka.bootstrap ?? "local"
        current = loaded.lastDraft
        // `n` asks the last question again, as it would have before the session was saved.
        lastQuestion = loaded.conversation.last { $0.role == "user" && !$0.text.isEmpty }?.text
        openFiles = []
        for file in files {
            if file.modified { console.warning("\(file.path) had edits that were not saved; its jobs are read from the file again") }
            do { try loadFile(file.path) } catch { console.warning("\(file.path): \(error)") }
        }
        unsaved = false
        schemasToSave = []
        done(
            "resumed \(path): \(session.schemas.count) schemas, \(session.jobs.count) jobs, \(session.conversation.count) turns"
                + (current != nil ? "; r runs the last draft" : ""))
    }
}
