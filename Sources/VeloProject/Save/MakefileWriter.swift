/// `Makefile`: `check`, `gen` (test records into each input topic), `run` and `test`, with the Velo tools
/// (their paths overridable: `make test VELO_RUN=/path/velo-run`).
package enum MakefileWriter {
    /// `inputs` are (topic, schema file) pairs: the sources no job of the app produces.
    package static func text(app: String, inputs: [(topic: String, schema: String)], tests: Bool, schemas: Bool = true) -> String {
        var lines = [
            "# Written by velo-save for \(app). Kafka: export VELO_KAFKA=host:port (unset: the local topic store).",
            "VELO_RUN ?= velo-run",
            "VELO_GEN ?= velo-gen",
            "SQL := sql/\(app).sql",
            schemas ? "SCHEMAS := --schemas schemas" : "SCHEMAS :=",
            "RECORDS ?= 1000",
            "SEED ?= 42",
            "",
            ".PHONY: all check gen run\(tests ? " test" : "")",
            "all: check\(tests ? " test" : "")",
            "",
            "check:",
            "\t$(VELO_RUN) --check $(SQL) $(SCHEMAS)",
            "",
            "gen:"
        ]
        if inputs.isEmpty { lines.append("\t@echo 'every source is made by a job of the app: nothing to generate'") }
        for input in inputs {
            lines.append("\t$(VELO_GEN) \(input.schema) -n $(RECORDS) --seed $(SEED) --topic \(input.topic)")
        }
        lines += ["", "run:", "\t$(VELO_RUN) $(SQL) $(SCHEMAS)"]
        if tests {
            lines += ["", "test:", "\t$(VELO_RUN) --spec test_spec.yaml $(SQL) $(SCHEMAS) --seed $(SEED)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
