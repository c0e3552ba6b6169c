import Foundation
import VeloBase
import VeloJSON

/// Sends a provider's request with the retries the official SDKs make (3 attempts; 408, 409, 429, 5xx and
/// 529; connection failures and timeouts) and turns what still fails into a clear error, exit 4. A retry
/// waits `retry-after` (seconds, when 0 < d ≤ 60), else 0.5 s doubling up to 8 s. Nothing is retried once
/// streamed text has been written, so stdout never repeats itself.
package struct ProviderTransport: Sendable {
    package var client: CurlClient
    /// "Anthropic", "the OpenAI-compatible server".
    package var label: String
    /// Where the key comes from, for 401/403 hints (never the key itself).
    package var keyHint: String
    /// Values to scrub from any message (the key).
    package var secrets: [String]
    package var attempts = 3
    package var sleep: @Sendable (Double) -> Void = { seconds in Thread.sleep(forTimeInterval: seconds) }

    package init(client: CurlClient, label: String, keyHint: String, secrets: [String]) {
        self.client = client
        self.label = label
        self.keyHint = keyHint
        self.secrets = secrets.filter { !$0.isEmpty }
    }

    /// - Parameter amend: for a 400, the request to send once instead (a server that names a field it does not
    ///   take and the one it wants); nil to fail as usual. Not counted as an attempt.
    package func send(
        _ request: HTTPRequest, onData: (([UInt8]) throws -> Void)?, emitted: () -> Bool, amend: ((HTTPResponse) -> HTTPRequest?)? = nil
    ) throws -> HTTPResponse {
        var request = request
        var amend = amend
        var attempt = 0
        while true {
            attempt += 1
            let canRetry = attempt < attempts && !emitted()
            do {
                let response = try client.post(request, onData: onData)
                if (200..<300).contains(response.status) { return response }
                if response.status == 400, let amended = amend?(response) {
                    request = amended
                    amend = nil
                    attempt -= 1
                    continue
                }
                if canRetry, Self.retryable(response) {
                    sleep(Self.delay(response.headers, attempt: attempt))
                    continue
                }
                throw statusError(response, attempts: attempt)
            } catch let failure as HTTPFailure {
                switch failure {
                case .cannotConnect(let reason):
                    if canRetry { sleep(Self.delay([:], attempt: attempt)); continue }
                    throw VeloError(
                        scrub("cannot reach \(label) at \(Self.origin(request.url)): \(reason)"),
                        hint: "check the network, or the URL (ANTHROPIC_BASE_URL / --base-url); --provider offline works without one",
                        exit: .unavailable)
                case .timedOut(let reason):
                    if canRetry { sleep(Self.delay([:], attempt: attempt)); continue }
                    throw VeloError(
                        scrub("\(label) did not answer in time (\(reason)) after \(attempt) attempt\(attempt == 1 ? "" : "s")"),
                        hint: "try again later, or raise --timeout", exit: .unavailable)
                case .transfer(let reason):
                    throw VeloError(scrub("the exchange with \(label) failed: \(reason)"), hint: "try again", exit: .unavailable)
                }
            }
        }
    }

    static func retryable(_ response: HTTPResponse) -> Bool {
        if let should = response.headers["x-should-retry"] { return should == "true" }
        return [408, 409, 429].contains(response.status) || response.status >= 500
    }

    static func delay(_ headers: [String: String], attempt: Int) -> Double {
        if let ms = headers["retry-after-ms"].flatMap(Double.init), ms > 0, ms <= 60_000 { return ms / 1000 }
        if let s = headers["retry-after"].flatMap(Double.init), s > 0, s <= 60 { return s }
        return min(0.5 * pow(2, Double(attempt - 1)), 8) * Double.random(in: 0.75...1)
    }

    static func origin(_ url: String) -> String {
        guard let u = URL(string: url), let host = u.host else { return url }
        return "\(u.scheme ?? "https")://\(host)\(u.port.map { ":\($0)" } ?? "")"
    }

    func scrub(_ text: String) -> String { Secrets.scrub(text, secrets: secrets) }

    /// The API's own words for a failed status: `error.message` in an object, else a top-level message, else the body.
    func statusError(_ response: HTTPResponse, attempts: Int) -> VeloError {
        let text = String(decoding: response.body, as: UTF8.self)
        var detail = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var type = ""
        if let json = try? JSONParser.parse(text) {
            if let error = json["error"], case .object = error {
                detail = error["message"]?.stringValue ?? detail
                type = error["type"]?.stringValue ?? ""
            } else if let message = json["message"]?.stringValue {
                detail = message
            }
        }
        if detail.count > 300 { detail = String(detail.prefix(300)) + "…" }
        let what = "\(label) answered \(response.status)\(type.isEmpty ? "" : " \(type)"): \(detail)"
        let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
        let hint: String
        switch response.status {
        case 401: hint = "the key was refused: set a valid key in \(keyHint); velo-ask never prints it"
        case 403: hint = "the key may not use this model or endpoint: check its permissions (\(keyHint))"
        case 429: hint = "rate limited: wait\(response.headers["retry-after"].map { " \($0) s" } ?? "") and try again"
        case 529: hint = "the API is overloaded: try again in a minute"
        case 404: hint = "check --model and the endpoint URL"
        case 400, 413, 422: hint = "the request was refused as sent; --print-prompt shows it"
        default: hint = response.status >= 500 ? "the service failed: try again later" : "see the message above"
        }
        return VeloError(scrub(what + tries), hint: hint, exit: .unavailable)
    }
}
