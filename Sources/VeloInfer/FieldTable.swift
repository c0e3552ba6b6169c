/// Maps the keys met while scanning to field numbers, flattening nested objects into dotted names
/// (`customer.id`). Records of a stream almost always repeat the same keys in the same order, so each
/// field remembers which field followed it last time and a lookup is usually one byte comparison.
public struct FieldTable {
    package struct Key: Hashable {
        package var parent: Int32
        package var bytes: [UInt8]
    }

    public private(set) var names: [String] = []
    public private(set) var parents: [Int32] = []
    package var keys: [[UInt8]] = []
    package var index: [Key: Int32] = [:]
    /// predictedNext[f] = the sibling that followed field f last time.
    package var predictedNext: [Int32] = []
    /// predictedFirst[parent + 1] = the first key of that object last time (slot 0 is the record itself).
    package var predictedFirst: [Int32] = [-1]
    public let maxFields: Int
    /// Keys not tracked because `maxFields` was reached.
    public private(set) var ignoredKeys = 0

    public init(maxFields: Int) { self.maxFields = maxFields }

    public var count: Int { names.count }

    /// The field for `key` (raw bytes between the quotes) inside `parent` (-1 = the record), after sibling
    /// `previous` (-1 = first key). Returns -1 when the table is full.
    @inline(__always)
    package mutating func field(parent: Int32, previous: Int32, key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let guess = previous >= 0 ? predictedNext[Int(previous)] : predictedFirst[Int(parent) + 1]
        if guess >= 0 && FieldTable.same(keys[Int(guess)], key) { return guess }
        let found = slowField(parent: parent, key: key)
        if found >= 0 {
            if previous >= 0 { predictedNext[Int(previous)] = found } else { predictedFirst[Int(parent) + 1] = found }
        }
        return found
    }

    @inline(__always) package static func same(_ a: [UInt8], _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }
    }

    package mutating func slowField(parent: Int32, key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let k = Key(parent: parent, bytes: Array(key))
        if let found = index[k] { return found }
        guard names.count < maxFields else { ignoredKeys += 1; return -1 }
        let id = Int32(names.count)
        let name = JSONScanner.decodeKey(key)
        names.append(parent >= 0 ? names[Int(parent)] + "." + name : name)
        parents.append(parent)
        keys.append(k.bytes)
        predictedNext.append(-1)
        predictedFirst.append(-1)
        index[k] = id
        return id
    }

    /// Registers a plain top-level name (CSV headers).
    public mutating func topLevel(_ name: String) -> Int32 {
        var bytes = Array(name.utf8)
        return bytes.withUnsafeMutableBufferPointer { slowField(parent: -1, key: UnsafeBufferPointer($0)) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
