/// A small open-addressing map from nonzero 64-bit keys to slot numbers, probed linearly. Keys are already
/// well mixed (hashes), so it skips Swift's per-lookup SipHash, which dominated distinct counting.
package struct HashSlots: Sendable {
    private var keys: [UInt64]
    private var slots: [Int32]
    package private(set) var count = 0

    package init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        slots = [Int32](repeating: 0, count: size)
    }

    /// The slot stored for `key`, or nil. `key` must not be 0.
    @inline(__always) package func find(_ key: UInt64) -> Int32? {
        keys.withUnsafeBufferPointer { k in
            let mask = k.count - 1
            var i = Int(truncatingIfNeeded: key) & mask
            while true {
                let here = k[i]
                if here == key { return slots[i] }
                if here == 0 { return nil }
                i = (i + 1) & mask
            }
        }
    }

    /// Stores `slot` for a key not yet present. `key` must not be 0.
    package mutating func insert(_ key: UInt64, _ slot: Int32) {
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: key) & mask
        while keys[i] != 0 { i = (i + 1) & mask }
        keys[i] = key
        slots[i] = slot
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldSlots = slots
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        slots = [Int32](repeating: 0, count: oldKeys.count * 2)
        count = 0
        for i in oldKeys.indices where oldKeys[i] != 0 { insert(oldKeys[i], oldSlots[i]) }
    }
}
