import CCurl
import Foundation

/// One HTTP request as the providers make it.
package struct HTTPRequest: Sendable {
    package var url: String
    /// Header lines as (name, value); secret values are never logged or printed.
    package var headers: [(String, String)]
    package var body: [UInt8]
    package init(url: String, headers: [(String, String)], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

package struct HTTPResponse: Sendable {
    package var status: Int
    /// Header names lowercased; the last value of a repeated header.
    package var headers: [String: String]
    /// The body, unless it went to the streaming handler.
    package var body: [UInt8]
}

/// What went wrong below HTTP: no connection, a timeout, or the handler stopping the transfer.
package enum HTTPFailure: Error, Sendable {
    case cannotConnect(String)
    case timedOut(String)
    case transfer(String)
}

/// POSTs over libcurl. A 2xx body goes to `onData` piece by piece as it arrives (so streamed text reaches
/// stdout at once); any other status's body is collected for the error message.
package struct CurlClient: Sendable {
    /// Seconds to wait for the connection.
    package var connectTimeout: Int = 10
    /// Seconds without a byte before the transfer counts as stalled.
    package var idleTimeout: Int = 60
    /// Seconds for the whole exchange.
    package var totalTimeout: Int = 600

    package init(idleTimeout: Int = 60) { self.idleTimeout = idleTimeout }

    /// libcurl, opened on the first request (CCurl loads it at run time): nil when ready, else why not.
    private static let unavailable: String? = {
        var error = [CChar](repeating: 0, count: 256)
        guard velo_curl_load(&error, error.count) != 0 else { return nil }
        return String(cString: error)
    }()

    /// Starts opening libcurl on a thread of its own, for a caller that knows a request will follow: the
    /// loading (about a third of a request's instructions) overlaps the caller's work until then. A caller
    /// that preloads calls `finishLoading()` before it exits, whatever happened.
    package static func preload() { velo_curl_preload() }

    /// Waits for the loading to end. Exiting while another thread is still inside `dlopen` or
    /// `curl_global_init` would run libcrypto's exit handlers under it.
    package static func finishLoading() { _ = unavailable }

    /// Holds the transfer's state for the C callbacks.
    private final class Transfer {
        var status = 0
        var headers: [String: String] = [:]
        var body: [UInt8] = []
        var onData: (([UInt8]) throws -> Void)?
        var handlerError: Error?
        /// When a byte last arrived (or the transfer started): the idle timeout counts from here.
        var lastActivity = Date()
        var idleLimit: TimeInterval = 60
        var stalled = false
    }

    package func post(_ request: HTTPRequest, onData: (([UInt8]) throws -> Void)?) throws -> HTTPResponse {
        if let reason = Self.unavailable {
            throw HTTPFailure.transfer("libcurl could not be loaded (\(reason)); install it: apt-get install libcurl4")
        }
        guard let curl = velo_curl_easy_init() else { throw HTTPFailure.transfer("libcurl could not start a transfer") }
        defer { velo_curl_easy_cleanup(curl) }
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for (name, value) in request.headers { list = velo_curl_slist_append(list, "\(name): \(value)") }
        list = velo_curl_slist_append(list, "Expect:") // no 100-continue round trip
        defer { velo_curl_slist_free_all(list) }

        let transfer = Transfer()
        transfer.onData = onData
        transfer.idleLimit = TimeInterval(idleTimeout)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        _ = velo_curl_set_string(curl, CURLOPT_URL, request.url)
        _ = velo_curl_set_long(curl, CURLOPT_POST, 1)
        _ = velo_curl_set_headers(curl, list)
        _ = request.body.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { velo_curl_set_body(curl, $0, buffer.count) }
        }
        _ = velo_curl_set_long(curl, CURLOPT_NOSIGNAL, 1)
        _ = velo_curl_set_long(curl, CURLOPT_CONNECTTIMEOUT, connectTimeout)
        _ = velo_curl_set_long(curl, CURLOPT_TIMEOUT, totalTimeout)
        _ = velo_curl_set_progress(
            curl,
            { context, _, _, _, _ in
                let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                guard Date().timeIntervalSince(transfer.lastActivity) > transfer.idleLimit else { return 0 }
                transfer.stalled = true
                return 1
            }, context)
        _ = velo_curl_set_long(curl, CURLOPT_TCP_NODELAY, 1)
        _ = velo_curl_set_callback(
            curl, CURLOPT_HEADERFUNCTION,
            { data, size, count, context in
                let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                let n = size * count
                let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
                if line.hasPrefix("HTTP/") {
                    transfer.status = Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
                    transfer.headers = [:]
                } else if let colon = line.firstIndex(of: ":") {
                    transfer.headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                }
                return n
            })
        _ = velo_curl_set_pointer(curl, CURLOPT_HEADERDATA, context)
        _ = velo_curl_set_callback(
            curl, CURLOPT_WRITEFUNCTION,
            { data, size, count, context in
                let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
                let n = size * count
                let bytes = [UInt8](UnsafeRawBufferPointer(start: data, count: n))
                if (200..<300).contains(transfer.status), let onData = transfer.onData {
                    do {
                        try onData(bytes)
                    } catch {
                        transfer.handlerError = error
                        return velo_curl_abort()
                    }
                } else {
                    transfer.body += bytes
                }
                return n
            })
        _ = velo_curl_set_pointer(curl, CURLOPT_WRITEDATA, context)

        let code = velo_curl_easy_perform(curl)
        if let error = transfer.handlerError { throw error }
        if transfer.stalled { throw HTTPFailure.timedOut("no data for \(idleTimeout) s") }
        guard code == CURLE_OK else {
            let reason = String(cString: velo_curl_easy_strerror(code))
            switch code {
            case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_SSL_CONNECT_ERROR:
                throw HTTPFailure.cannotConnect(reason)
            case CURLE_OPERATION_TIMEDOUT:
                throw HTTPFailure.timedOut(reason)
            default:
                throw HTTPFailure.transfer(reason)
            }
        }
        return HTTPResponse(status: transfer.status, headers: transfer.headers, body: transfer.body)
    }
}
