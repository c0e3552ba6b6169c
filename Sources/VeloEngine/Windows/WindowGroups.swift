import VeloBase

/// The groups of one window, in first-seen order so that emitted rows come out deterministically, found by
/// key through an open-addressing table with a fast non-cryptographic hash (`GroupHash`): Swift's seeded
/// SipHash and Dictionary cost a tenth of the time of a windowed GROUP BY.
package final class WindowGroups {
    package var groups: [AggregateGroup] = []
    /// Linear probing; each entry packs the key hash's high 32 bits and the group's index + 1 (0: empty).
    private var table: UnsafeMutablePointer<UInt64>
    private var mask: Int
    /// Per group, its key's bytes as two words when it is one short string (`GroupHash.shortWords`, the usual
    /// symbol or id), else `GroupHash.notShort`: a lookup then compares words and reads no group or key.
    private var shortKeys: [SIMD2<UInt64>] = []
    /// `GroupHash.seed`, read once (a static is checked for initialisation on every read).
    private let seed = GroupHash.seed
    /// `SmallASCII.available`, read once.
    private let smallStrings = SmallASCII.available

    package init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        table = .allocate(capacity: size)
        table.initialize(repeating: 0, count: size)
        mask = size - 1
        groups.reserveCapacity(capacity)
        shortKeys.reserveCapacity(capacity)
    }

    deinit { table.deallocate() }

    /// Where the last `find` that missed stopped: `insert` puts the new group there.
    private var freeSlot = 0
    private var freeTag: UInt64 = 0
    private var freeShort = GroupHash.notShort

    /// The group for `key` (unretained: the table owns it), or nil (then `insert` adds the key's group, with
    /// no other change in between).
    @inline(__always) package func find(_ key: GroupKey) -> Unmanaged<AggregateGroup>? {
        let short = GroupHash.shortWords(key, inline: smallStrings)
        let h = hash(key, short)
        let tag = h & 0xFFFF_FFFF_0000_0000
        var i = Int(truncatingIfNeeded: h) & mask
        while true {
            let e = table[i]
            if e == 0 { break }
            if e & 0xFFFF_FFFF_0000_0000 == tag {
                let index = Int(truncatingIfNeeded: e & 0xFFFF_FFFF) &- 1
                if short != GroupHash.notShort {
                    if shortKeys[index] == short { return Unmanaged.passUnretained(groups[index]) }
                } else if GroupHash.same(groups[index].key, key) {
                    return Unmanaged.passUnretained(groups[index])
                }
            }
            i = (i &+ 1) & mask
        }
        freeSlot = i
        freeTag = tag
        freeShort = short
        return nil
    }

    /// A short key hashes by its words, any other by its values.
    @inline(__always) private func hash(_ key: GroupKey, _ short: SIMD2<UInt64>) -> UInt64 {
        short == GroupHash.notShort ? GroupHash.key(key, seed: seed) : GroupHash.words(short, seed: seed)
    }

    /// Adds the group of the key the last `find` missed.
    @inline(__always) package func insert(_ g: AggregateGroup) {
        groups.append(g)
        shortKeys.append(freeShort)
        table[freeSlot] = freeTag | UInt64(groups.count)
        if groups.count * 2 > mask { grow() }
    }

    @inline(__always) package func group(_ key: GroupKey, make: () -> AggregateGroup, created: inout Bool) -> AggregateGroup {
        if let g = find(key) { return g.takeUnretainedValue() }
        let g = make()
        insert(g)
        created = true
        return g
    }

    /// Doubles the table (at half full) and re-inserts every group.
    private func grow() {
        let size = (mask + 1) * 2
        table.deallocate()
        table = .allocate(capacity: size)
        table.initialize(repeating: 0, count: size)
        mask = size - 1
        for (n, g) in groups.enumerated() {
            let h = hash(g.key, shortKeys[n])
            var i = Int(truncatingIfNeeded: h) & mask
            while table[i] != 0 { i = (i &+ 1) & mask }
            table[i] = (h & 0xFFFF_FFFF_0000_0000) | UInt64(n + 1)
        }
    }

    /// Empties for reuse by a later window, keeping the allocated capacity.
    package func clear() {
        table.update(repeating: 0, count: mask + 1)
        groups.removeAll(keepingCapacity: true)
        shortKeys.removeAll(keepingCapacity: true)
    }
}

/// A 64-bit hash of group keys consistent with `GroupKey`'s grouping equality (numbers by value, as
/// `StableHash`), with strings hashed a word at a time (wyhash's multiply-fold). Seeded once per process.
package enum GroupHash {
    package static let seed = UInt64.random(in: 1 ... .max)

    @inline(__always) package static func key(_ key: GroupKey, seed: UInt64) -> UInt64 {
        switch key {
        case .none: return seed
        case .one(let v): return value(v, seed: seed)
        case .many(let vs):
            var h = seed
            for v in vs { h = fold(h ^ value(v, seed: seed), 0x9E37_79B9_7F4A_7C15) }
            return h
        }
    }

    @inline(__always) package static func value(_ v: SQLValue, seed: UInt64) -> UInt64 {
        switch v {
        case .string(let s):
            if let h = s.utf8.withContiguousStorageIfAvailable({ bytes(UnsafeRawBufferPointer($0), seed: seed) }) { return h }
            return bytes(Array(s.utf8), seed: seed)
        case .json(let j): return fold(UInt64(bitPattern: Int64(j.hashValue)), seed)
        default: return StableHash.hash(v) ^ seed
        }
    }

    /// A key that is one string of at most 15 UTF-8 bytes, as those bytes (zero-padded) with the length in
    /// the last byte; `notShort` for every other key. Equal words ⇔ equal bytes.
    package static var notShort: SIMD2<UInt64> { SIMD2(0, 0xFF << 56) }

    /// `inline`: `SmallASCII.available`, so a string stored inline is read as its two words (no copy, no call).
    @inline(__always) package static func shortWords(_ key: GroupKey, inline: Bool) -> SIMD2<UInt64> {
        guard case .one(.string(let s)) = key else { return notShort }
        if inline, let w = SmallASCII.words(s) { return w }
        // A string without contiguous UTF-8 (bridged) takes a copy, so equal strings always get equal words.
        return s.utf8.withContiguousStorageIfAvailable(shortWords) ?? Array(s.utf8).withUnsafeBufferPointer(shortWords)
    }

    @inline(__always) package static func shortWords(_ bytes: UnsafeBufferPointer<UInt8>) -> SIMD2<UInt64> {
        guard bytes.count <= 15 else { return notShort }
        var w = SIMD2<UInt64>(0, 0)
        withUnsafeMutableBytes(of: &w) { words in
            if let from = bytes.baseAddress { words.baseAddress!.copyMemory(from: from, byteCount: bytes.count) }
            words[15] = UInt8(truncatingIfNeeded: bytes.count)
        }
        return w
    }

    @inline(__always) package static func words(_ w: SIMD2<UInt64>, seed: UInt64) -> UInt64 {
        fold(w.x ^ seed, w.y ^ 0xE703_7ED1_A0B4_28DB)
    }

    /// Grouping equality, with the common single-string key compared directly.
    @inline(__always) package static func same(_ a: GroupKey, _ b: GroupKey) -> Bool {
        if case .one(.string(let x)) = a, case .one(.string(let y)) = b { return x == y }
        return a == b
    }

    @inline(__always) package static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    package static func bytes(_ buffer: [UInt8], seed: UInt64) -> UInt64 {
        buffer.withUnsafeBytes { bytes($0, seed: seed) }
    }

    @inline(__always) package static func bytes(_ buffer: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let n = buffer.count
        var h = seed ^ (UInt64(n) &* 0xA076_1D64_78BD_642F)
        guard let p = buffer.baseAddress, n > 0 else { return fold(h, 0xE703_7ED1_A0B4_28DB) }
        if n < 4 {
            let w =
                UInt64(p.load(as: UInt8.self)) << 16 | UInt64(p.load(fromByteOffset: n >> 1, as: UInt8.self)) << 8
                | UInt64(p.load(fromByteOffset: n - 1, as: UInt8.self))
            return fold(h ^ w, 0xE703_7ED1_A0B4_28DB)
        }
        if n <= 8 {
            let w = UInt64(p.loadUnaligned(as: UInt32.self)) << 32 | UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))
            return fold(h ^ w, 0xE703_7ED1_A0B4_28DB)
        }
        var i = 0
        while i + 8 < n {
            h = fold(h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self), 0xE703_7ED1_A0B4_28DB)
            i += 8
        }
        // The last 8 bytes (overlapping what came before).
        return fold(h ^ p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self), 0x8EBC_6AF0_9C88_C6E3)
    }
}
