/// Everything observed about one (flattened) field over the whole input.
public struct FieldAccumulator: Sendable {
    public let name: String
    public let parent: Int32
    /// Records in which the field appeared (null included).
    public internal(set) var present = 0
    public internal(set) var nulls = 0
    public internal(set) var bools = 0
    public internal(set) var trues = 0
    public internal(set) var objects = 0
    public internal(set) var arrays = 0
    public internal(set) var arrayMinLength = Int.max
    public internal(set) var arrayMaxLength = 0
    /// Element kinds seen inside arrays (bit `1 << ScanEvent.Kind.rawValue`).
    public internal(set) var arrayElementKinds = 0
    /// Text lengths of number and boolean values, for the length of a field widened to string.
    public internal(set) var scalarTextMin = Int.max
    public internal(set) var scalarTextMax = 0
    public var numbers: NumericStats
    public var strings: StringStats
    package var lastRecord = -1

    package init(name: String, parent: Int32, options: InferOptions, index: Int) {
        self.name = name
        self.parent = parent
        let seed = options.seed &+ UInt64(index) &* 0x9E37_79B9
        numbers = NumericStats(reservoirSize: options.reservoirSize, seed: seed, distinctCap: options.distinctCap * 10)
        strings = StringStats(distinctCap: options.distinctCap, reservoirSize: options.reservoirSize, seed: seed)
    }

    @inline(__always)
    package mutating func observe(_ event: ScanEvent, record: Int, buffer: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8]) {
        if lastRecord != record { present += 1; lastRecord = record }
        switch event.kind {
        case .null: nulls += 1
        case .bool:
            bools += 1
            if event.small != 0 { trues += 1 }
            noteText(event)
        case .integer:
            numbers.addInteger(event.integer)
            noteText(event)
        case .float:
            numbers.addFloat(event.float, places: event.small < 0 ? nil : Int(event.small))
            noteText(event)
        case .string:
            strings.add(UnsafeBufferPointer(rebasing: buffer[Int(event.start)..<Int(event.end)]))
        case .escapedString:
            JSONScanner.unescape(UnsafeBufferPointer(rebasing: buffer[Int(event.start)..<Int(event.end)]), into: &scratch)
            scratch.withUnsafeBufferPointer { strings.add($0) }
        case .object: objects += 1
        case .array:
            arrays += 1
            arrayMinLength = min(arrayMinLength, Int(event.integer))
            arrayMaxLength = max(arrayMaxLength, Int(event.integer))
            arrayElementKinds |= Int(event.float)
        }
    }

    @inline(__always) package mutating func noteText(_ event: ScanEvent) {
        let length = Int(event.end - event.start)
        if length < scalarTextMin { scalarTextMin = length }
        if length > scalarTextMax { scalarTextMax = length }
    }

    public var integers: Int { numbers.integers }
    public var floats: Int { numbers.count - numbers.integers }
}
