/// Server-sent events from bytes as they arrive: `event:` and `data:` lines up to a blank line make one
/// event; `:` lines are comments. Lines end in CRLF, LF or a bare CR, as the SSE specification allows (a CR
/// that ends one chunk may have its LF at the start of the next). Fed from libcurl's write callback, so an
/// event is handled the moment its blank line arrives.
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
    /// The last chunk ended a line with CR, so an LF that starts the next chunk belongs to it.
    private var skipLF = false

    package init() {}

    /// Whether part of an event arrived without its ending blank line (a truncated stream).
    package var hasPartialEvent: Bool { !data.isEmpty || name != nil || !pending.isEmpty }

    package mutating func feed(_ bytes: [UInt8]) -> [Event] {
        var events: [Event] = []
        pending += bytes
        var start = 0
        if skipLF, !pending.isEmpty {
            if pending[0] == UInt8(ascii: "\n") { start = 1 }
            skipLF = false
        }
        while let end = pending[start...].firstIndex(where: { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
            let line = String(decoding: pending[start..<end], as: UTF8.self)
            start = end + 1
            if pending[end] == UInt8(ascii: "\r") {
                if start < pending.count {
                    if pending[start] == UInt8(ascii: "\n") { start += 1 }
                } else {
                    skipLF = true
                }
            }
            take(line, into: &events)
        }
        pending.removeFirst(start)
        return events
    }

    private mutating func take(_ line: String, into events: inout [Event]) {
        if line.isEmpty {
            if !data.isEmpty || name != nil { events.append(Event(name: name, data: data.joined(separator: "\n"))) }
            name = nil
            data = []
        } else if !line.hasPrefix(":") {
            let (field, value) = Self.split(line)
            if field == "event" { name = value } else if field == "data" { data.append(value) }
        }
    }

    static func split(_ line: String) -> (String, String) {
        guard let colon = line.firstIndex(of: ":") else { return (line, "") }
        var value = line[line.index(after: colon)...]
        if value.first == " " { value = value.dropFirst() }
        return (String(line[..<colon]), String(value))
    }
}
