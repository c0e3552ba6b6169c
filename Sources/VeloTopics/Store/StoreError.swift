import VeloBase

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors of the local topic store, each naming the file, topic or byte position it concerns.
package enum StoreError {
    package static func io(_ what: String, path: String, errno code: Int32) -> VeloError {
        let reason = String(cString: strerror(code))
        var hint: String?
        switch code {
        case EACCES, EPERM: hint = "check the permissions of the store directory (set VELO_HOME to use another one)"
        case ENOSPC: hint = "the disk is full; free space and retry"
        default: hint = nil
        }
        return VeloError("\(what) \(path): \(reason)", hint: hint, exit: .failed)
    }

    package static func corrupt(path: String, byte: Int, reason: String) -> VeloError {
        VeloError(
            "\(path): byte \(byte): corrupt topic log: \(reason)",
            hint: "the log was changed by something other than Velo; move the file away to recover the rest",
            exit: .invalidInput)
    }

    package static func badName(_ name: String, reason: String) -> VeloError {
        VeloError(
            "invalid topic name '\(name)': \(reason)",
            hint: "use 1 to 249 characters among a-z A-Z 0-9 . _ - (as Kafka does), not '.' or '..'",
            exit: .usage)
    }

    package static func noTopic(_ name: String, root: String, known: [String]) -> VeloError {
        let list = known.isEmpty ? "the store has no topics yet" : "topics: " + known.joined(separator: ", ")
        return VeloError(
            "no topic '\(name)' in \(root)",
            hint: "\(list); create one by producing to it (velo-gen --topic \(name))",
            exit: .invalidInput)
    }
}
