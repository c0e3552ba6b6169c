import Foundation
import VeloBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Console {
    /// Writes text to stdout, unbuffered (reports are written once, whole).
    package static func writeStdout(_ text: String) {
        var text = text
        if !text.hasSuffix("\n") { text += "\n" }
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                offset += n
            }
        }
    }
}

extension Console {
    /// Writes text to stdout exactly as given (canonical SQL and the JSON check report end their own lines).
    package static func writeStdoutVerbatim(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
