import Testing
import VeloAsk
import VeloSQL
import VeloSession

/// The drafter's parts, and requests it must refuse rather than guess.
@Suite struct OfflineDrafterTests {
    static let catalog = AskCatalog(session: AskTestData.session(["sensors", "orders", "customers", "clicks", "trades"]))

    static func draft(_ prompt: String) -> AskDraft {
        let service = AskService(provider: nil, catalog: catalog, validator: DraftValidator(catalog: catalog))
        return (try? service.draft(AskRequest(prompt: prompt, session: AskTestData.session(["sensors", "orders", "customers", "clicks", "trades"]))))
            ?? AskDraft(kind: .sql, provider: "none")
    }

    @Test(arguments: [
        ("average pressure per device", "'pressure'"),
        ("sum of revenue by region", "'region'"),
        ("trades on NASDAQ", "'NASDAQ'"),
        ("average per device", "AVG of which field"),
        ("hello there", "names no source"),
        ("average status per device", "needs numbers")
    ])
    func requestsItCannotServeGetAnHonestAnswer(prompt: String, words: String) {
        let draft = Self.draft(prompt)
        #expect(draft.sql == nil)
        #expect(draft.explanation.hasPrefix("No SQL:"))
        #expect(draft.explanation.contains(words), "\(draft.explanation)")
        #expect(draft.explanation.contains("Hint:"))
    }

    @Test func everyColumnOfADraftExists() {
        // Requests phrased unlike the table's, each over a field named loosely.
        let prompts = [
            "what is the highest humidity at each site, hourly", "sensors with a battery under 3 volts",
            "mean order value per buyer", "how many scrolls per page every 30s", "most recent status of every device",
            "sum of volumes for NVDA per 2 minutes", "orders of customers from gold tier joined with customers",
            "quantity over 10 for PAID orders", "duration per user in sessions of 45 seconds"
        ]
        for prompt in prompts {
            let draft = Self.draft(prompt)
            guard let sql = draft.sql else {
                Issue.record("no SQL for '\(prompt)': \(draft.explanation)")
                continue
            }
            #expect(draft.validation?.valid == true, "\(prompt): \(draft.validation?.diagnostics ?? [])")
            // The analyzer reports any column no schema has as an error.
            let result = SQLFrontEnd.check(sql, schemas: Self.catalog.provider)
            #expect(!result.hasErrors, "\(prompt)")
            #expect(result.jobs.first?.columns?.isEmpty == false, "\(prompt): output columns unknown")
        }
    }

    @Test func wordsMapToFieldsBySynonymPluralAndTypo() {
        let sensors = Self.catalog.source(named: "sensors")!.schema
        let matcher = FieldMatcher(fields: sensors.fields)
        func field(_ text: String) -> String? { matcher.match(PromptWords.tokens(text), at: 0)?.field.name }
        #expect(field("temperatures") == "temperature_c")
        #expect(field("temp") == "temperature_c")
        #expect(field("temprature") == "temperature_c")
        #expect(field("sensor") == "device_id")
        #expect(field("device id") == "device_id")
        #expect(field("device_id") == "device_id")
        #expect(field("voltage") == "battery_v")
        #expect(field("humidty") == "humidity_pct")
        #expect(field("pressure") == nil)
        #expect(field("the") == nil)
    }

    @Test func durationsAreReadFromWords() {
        func duration(_ text: String) -> String? { DurationWords.read(PromptWords.tokens(text), at: 0, bareUnit: true)?.0.sql }
        #expect(duration("5 minutes") == "INTERVAL '5' MINUTE")
        #expect(duration("5m") == "INTERVAL '5' MINUTE")
        #expect(duration("30-second") == "INTERVAL '30' SECOND")
        #expect(duration("hourly") == "INTERVAL '1' HOUR")
        #expect(duration("half hour") == "INTERVAL '30' MINUTE")
        #expect(duration("minute") == "INTERVAL '1' MINUTE")
        #expect(duration("ten seconds") == "INTERVAL '10' SECOND")
        #expect(duration("device") == nil)
    }

    @Test func aGivenNameIsTheJobName() {
        let draft = Self.draft("count FAULT readings per device every minute, call it fault_counts")
        #expect(draft.jobName == "fault_counts", "\(draft.explanation)")
        #expect(draft.sql?.contains("CREATE TABLE fault_counts AS") == true)
    }
}

@Suite struct AskCatalogTests {
    @Test func aDraftMayReadTheOutputOfASessionJob() {
        var session = AskTestData.session(["sensors"])
        session.jobs = [
            SessionJob(name: "hot", sql: "CREATE STREAM hot AS SELECT device_id, temperature_c FROM sensors WHERE temperature_c > 30;")
        ]
        let catalog = AskCatalog(session: session)
        let validator = DraftValidator(catalog: catalog)
        #expect(validator.check("SELECT device_id, MAX(temperature_c) FROM hot GROUP BY device_id").valid)
        let wrong = validator.check("SELECT humidity_pct FROM hot")
        #expect(!wrong.valid)
        #expect(wrong.diagnostics.first?.contains("humidity_pct") == true)
    }

    @Test func aSchemaThatDoesNotLoadIsReportedNotUsed() {
        let session = Session(schemas: [SessionSchema(name: "broken", yaml: "name: broken\nfields: 12\n")])
        let catalog = AskCatalog(session: session)
        #expect(catalog.sources.isEmpty)
        #expect(catalog.problems.first?.hasPrefix("broken:") == true)
    }
}

@Suite struct OfflineWordingTests {
    @Test(arguments: [
        ("What's the average order amount by status?", "AVG(amount)"),
        ("all orders for customer C3", "WHERE customer_id = 'C3'"),
        ("orders of customer X-17", "WHERE customer_id = 'X-17'"),
        ("count clicks by page type every minute", "GROUP BY page"),
        ("paid orders with quantity over 5", "WHERE status = 'PAID' AND quantity > 5")
    ])
    func phrasingsOutsideTheTable(prompt: String, expected: String) {
        let draft = OfflineDrafterTests.draft(prompt)
        #expect(draft.sql?.contains(expected) == true, "\(draft.sql ?? draft.explanation)")
        #expect(draft.validation?.valid == true)
    }
}
