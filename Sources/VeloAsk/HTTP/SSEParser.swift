/// Server-sent events from bytes as they arrive: `event:` and `data:` lines up to a blank line make one
/// event; `:` lines are comments; CRLF or LF. Fed from libcurl's write callback, so an event is handled the
/// moment its blank line arrives.
package struct SSEParser: Sendable {
    package struct Event: Sendable, Equatable {
        package var name: String?
        package var data: String
        package init(name: String?, data: String) {
            self.name = name
            self.data = data
        }
    }

    private var pending: [UInt8] = []
    private var name: String?
    private var data: [String] = []

    package init() {}

    /// Whether part of an event arrived without its ending blank line (a truncated stream).
    package var hasPartialEvent: Bool { !data.isEmpty || name != nil || !pending.isEmpty }

    package mutating func feed(_ bytes: [UInt8]) -> [Event] {
        var events: [Event] = []
        pending += bytes
        var start = 0
        while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
            var end = newline
            if end > start, pending[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            let line = String(decoding: pending[start..<end], as: UTF8.self)
            start = newline + 1
            if line.isEmpty {
                if !data.isEmpty || name != nil { events.append(Event(name: name, data: data.joined(separator: "\n"))) }
                name = nil
                data = []
            } else if line.hasPrefix(":") {
                continue
            } else {
                let (field, value) = Self.split(line)
                if field == "event" { name = value } else if field == "data" { data.append(value) }
            }
        }
        pending.removeFirst(start)
        return events
    }

    static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
