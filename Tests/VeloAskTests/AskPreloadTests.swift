import Testing
import VeloAskCommands

/// The guess velo-ask makes before ArgumentParser reads its arguments: load libcurl early when a model will be
/// asked (docs/BENCHMARKS.md, "velo-ask request path, third round"). `run` still decides from the parsed options.
@Suite struct AskPreloadTests {
    static let key = ["ANTHROPIC_API_KEY": "sk-test"]

    @Test(arguments: [
        (["--prompt", "x"], key, true),
        (["--prompt", "x"], [:], false),
        (["--prompt", "x"], ["ANTHROPIC_API_KEY": ""], false),
        (["--prompt", "x", "--provider", "anthropic"], key, true),
        (["--prompt", "x", "--provider=anthropic"], [:], false),
        (["--prompt", "x", "--provider", "openai", "--model", "m"], [:], true),
        (["--provider=openai"], [:], true),
        (["--prompt", "x", "--provider", "offline"], key, false),
        (["--prompt", "x", "--provider=offline"], key, false),
        (["--print-prompt", "--prompt", "x"], key, false),
        (["--help"], key, false),
        (["-h"], key, false),
        (["--version"], key, false),
        (["--generate-completion-script", "bash"], key, false),
        ([], key, true)
    ])
    func asksModelOnlyWhenTheWordsSaySo(arguments: [String], environment: [String: String], expected: Bool) {
        #expect(AskCommand.asksModel(arguments: arguments, environment: environment) == expected)
    }
}
