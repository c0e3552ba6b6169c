import VeloEngine
import VeloTopics

/// The topics of velo-save's calibration run: all in its scratch local store, never on Kafka. A spec run
/// opens no topic (its sources are the spec's records, its sinks are files), so this only fills the place
/// `ExecApp` keeps for a resolver, and it keeps librdkafka out of velo-save (velo-run's `ExecTopics` links it).
final class ScratchTopics: TopicResolver {
    private let store: LocalTopicStore

    init(directory: String) { store = LocalTopicStore(directory: directory) }

    func backend(for endpoint: ExecBinding.Endpoint, role: TopicRole) throws -> any TopicBackend { store }
}
