import Testing
import VeloBase

@testable import VeloProject

@Suite struct AppNameTests {
    @Test(arguments: ["shop", "iot_monitoring", "trade-alerts", "App2"])
    func plainNamesAreKept(_ name: String) throws {
        #expect(try AppName.validate(name) == name)
    }

    @Test(arguments: ["../etc", "..", ".", "a/b", "/tmp/x", "a\\b", "", "con", "NUL", "Makefile", "1app", "my app", "é"])
    func pathsReservedAndOddNamesAreRefused(_ name: String) {
        #expect(throws: VeloError.self) { try AppName.validate(name) }
        do { _ = try AppName.validate(name) } catch let error as VeloError { #expect(error.exitCode == .invalidInput) } catch {}
    }
}
