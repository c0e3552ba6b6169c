import Foundation

#if canImport(Glibc)
import Glibc
#endif

struct MockRequest {
    var method: String
    var path: String
    /// Lowercased names.
    var headers: [String: String]
    var body: [UInt8]
}

/// A listening socket on 127.0.0.1 (a free port picked by the kernel).
final class MockListener {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func accept(timeout: Double) -> MockConnection? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) > 0 else { return nil }
        let client = Glibc.accept(fd, nil, nil)
        return client >= 0 ? MockConnection(fd: client) : nil
    }
}

final class MockConnection {
    let fd: Int32
    private(set) var closed = false
    init(fd: Int32) { self.fd = fd }

    func close() {
        guard !closed else { return }
        closed = true
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }

    /// Reads the head and a Content-Length body (5 s at most).
    func readRequest() -> MockRequest? {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        let deadline = Date().addingTimeInterval(5)
        var headEnd: Int?
        var needed = Int.max
        while Date() < deadline {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 200) > 0 else { continue }
            let n = read(fd, &buffer, buffer.count)
            if n <= 0 { break }
            data += buffer[0..<n]
            if headEnd == nil, let range = find(data, Array("\r\n\r\n".utf8)) {
                headEnd = range
                let head = String(decoding: data[0..<range], as: UTF8.self)
                let length =
                    head.split(separator: "\r\n").first { $0.lowercased().hasPrefix("content-length:") }
                    .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                needed = range + 4 + length
            }
            if data.count >= needed { break }
        }
        guard let end = headEnd else { return nil }
        let lines = String(decoding: data[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let first = lines[0].split(separator: " ")
        guard first.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return MockRequest(method: String(first[0]), path: String(first[1]), headers: headers, body: Array(data[(end + 4)...]))
    }

    private func find(_ data: [UInt8], _ needle: [UInt8]) -> Int? {
        guard data.count >= needle.count else { return nil }
        for i in 0...(data.count - needle.count) where data[i] == needle[0] && Array(data[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    @discardableResult
    func write(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        let count = bytes.count
        var offset = 0
        while offset < count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// A whole response with a Content-Length body.
    func respond(status: Int, headers: [(String, String)] = [], body: String) {
        var head =
            "HTTP/1.1 \(status) \(Self.reason(status))\r\ncontent-type: application/json\r\ncontent-length: \(body.utf8.count)\r\nconnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        write(head + "\r\n" + body)
    }

    /// The head of an event stream; the body ends when the connection closes.
    func startStream(headers: [(String, String)] = []) {
        var head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-cache\r\nconnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        write(head + "\r\n")
    }

    static func reason(_ status: Int) -> String {
        [
            200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests",
            500: "Internal Server Error", 503: "Service Unavailable", 529: "Overloaded"
        ][status] ?? "Status"
    }
}
