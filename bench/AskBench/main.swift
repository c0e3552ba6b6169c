import Foundation
import VeloAsk
import VeloSession

// In-process figures for velo-ask (bench/ask.sh runs it): the offline drafter's time per draft, and the
// request path's own time per request against ai-mock-server (prompt, body, libcurl exchange, SSE,
// validation) with process start left out.
//
//   AskBench SESSION.json [MOCK_URL] [N]

let arguments = CommandLine.arguments
guard arguments.count >= 2, let data = FileManager.default.contents(atPath: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: AskBench SESSION.json [MOCK_URL] [N]\n".utf8))
    exit(2)
}
let session = try Session.load(from: data, source: arguments[1])
let n = arguments.count > 3 ? Int(arguments[3]) ?? 200 : 200
let catalog = AskCatalog(session: session)
let validator = DraftValidator(catalog: catalog)

func measure(_ label: String, _ runs: Int, _ body: () throws -> Void) rethrows {
    var times: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    times.sort()
    let line =
        "\(label.padding(toLength: 44, withPad: " ", startingAt: 0)) best \(String(format: "%6.2f", times[0])) ms   median \(String(format: "%6.2f", times[times.count / 2])) ms"
    print(line)
}

let prompts = [
    "average temperature per device every 5 minutes", "FAULT readings with battery below 3.1",
    "top 3 devices by max temperature per hour", "average pressure per device"
]
print("in-process, \(n) runs each:")
let offline = AskService(provider: nil, catalog: catalog, validator: validator)
for prompt in prompts {
    try measure("  offline: \(prompt)", n) { _ = try offline.draft(AskRequest(prompt: prompt, session: session)) }
}
try measure("  catalog from the session (schema YAML loads)", n) { _ = AskCatalog(session: session) }

if arguments.count > 2 {
    let provider = AnthropicProvider(model: nil, baseURL: arguments[2], key: "bench-key", client: CurlClient())
    let service = AskService(provider: provider, catalog: catalog, validator: validator)
    let request = AskRequest(prompt: prompts[0], session: session)
    try measure("  anthropic via ai-mock-server, whole draft", n) { _ = try service.draft(request) }
    try measure("  anthropic via ai-mock-server, streamed", n) { _ = try service.draft(request) { _ in } }
}
