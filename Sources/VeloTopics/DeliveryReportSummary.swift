import VeloBase

/// How a finished producer's report reads to a person, and the exit code it leads to.
extension DeliveryReport {
    /// `delivered 1,000, failed 3 (Local: Message timed out: 3)`.
    public var summary: String {
        var text = "delivered \(HumanFormat.grouped(delivered))"
        if failed > 0 {
            let reasons = failures.sorted { $0.value > $1.value }.map { "\($0.key): \(HumanFormat.grouped($0.value))" }
            text += ", failed \(HumanFormat.grouped(failed)) (\(reasons.joined(separator: "; ")))"
        }
        return text
    }

    /// 0 when everything was delivered, 5 (partial) when anything failed.
    public var exitCode: VeloExit { failed > 0 ? .partial : .ok }
}
