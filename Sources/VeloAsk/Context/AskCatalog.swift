import VeloBase
import VeloSQL
import VeloSchema
import VeloSession

/// The sources a request may read, learned from its session: each schema is a source of its own name, and
/// each topic that names a schema is a source of the topic's name with that schema's fields. Drafts are
/// validated against `provider` (which also knows the output columns of the session's jobs), so a column
/// that no schema has is an error, never a silent guess.
package struct AskCatalog: Sendable {
    package struct Source: Sendable {
        /// The name SQL reads (`FROM name`): a topic, or the schema's record name.
        package var name: String
        /// The Kafka topic when one is known (bindings in WITH name it).
        package var topic: String?
        package var schema: Schema
        package var count: Int?
    }

    package var sources: [Source]
    /// The output columns of the session's jobs, by job name: a draft may read a job's output.
    package var jobOutputs: [String: [SQLField]] = [:]
    /// Schemas of the session that did not load, as `name: problem` lines (the prompt and drafts mention them).
    package var problems: [String]

    package init(sources: [Source], problems: [String] = []) {
        self.sources = sources
        self.problems = problems
    }

    package init(session: Session) {
        var schemas: [Schema] = []
        var problems: [String] = []
        for entry in session.schemas {
            do {
                schemas.append(try SchemaLoader.load(yaml: entry.yaml, file: entry.path ?? "\(entry.name).schema.yaml").schema)
            } catch {
                problems.append("\(entry.name): \(String(describing: error).split(separator: "\n").first ?? "")")
            }
        }
        var sources: [Source] = []
        for topic in session.topics {
            guard let name = topic.schema, let schema = schemas.first(where: { $0.name == name }) else { continue }
            sources.append(Source(name: topic.name, topic: topic.name, schema: schema, count: topic.count))
        }
        for schema in schemas where !sources.contains(where: { $0.name == schema.name }) {
            let topic = session.topics.first { $0.name == schema.name }
            sources.append(Source(name: schema.name, topic: topic?.name, schema: schema, count: topic?.count))
        }
        self.init(sources: sources, problems: problems)
        for job in session.jobs {
            let checked = SQLFrontEnd.check(job.sql, schemas: SQLSchemaSet(jobOutputs.merging(provider.sources) { a, _ in a }))
            for analyzed in checked.jobs { if let columns = analyzed.columns { jobOutputs[analyzed.name] = columns } }
        }
    }

    /// The analyzer's view of the sources.
    package var provider: SQLSchemaSet {
        var fields: [String: [SQLField]] = [:]
        for source in sources {
            fields[source.name] = source.schema.fields.map { SQLField($0.name, SQLDataType(fieldType: $0.type)) }
        }
        for (name, columns) in jobOutputs where fields[name] == nil { fields[name] = columns }
        return SQLSchemaSet(fields)
    }

    package func source(named name: String) -> Source? { sources.first { $0.name == name } }
}
