import VeloBase

#if canImport(Glibc)
import Glibc
#endif

extension Repl {
    func export(to path: String) throws {
        guard !history.isEmpty else { throw ReplError("nothing to export yet", hint: "export writes the tools the session ran; run something first") }
        if fileExists(path), reader.isInteractive {
            guard askUser("\(path) exists. Overwrite it? [y/n]: ")?.lowercased().hasPrefix("y") == true else {
                throw ReplError("not exported", hint: "export OTHER_FILE")
            }
        }
        let exporter = Exporter(commands: history, files: scratch.files, scratchDir: scratch.dir)
        let makefile = path.hasSuffix(".mk") || path.hasSuffix("Makefile")
        try AtomicFile.write(makefile ? exporter.makefile() : exporter.shellScript(), to: path)
        if !makefile { chmod(path, 0o755) }
        done("exported \(history.count) command\(history.count == 1 ? "" : "s") to \(path)" + (makefile ? " (make -f \(path))" : " (sh \(path))"))
    }
}
