/// The order in which `ExecRuntime.fold` folds a record into a group's aggregates, so that a record one of
/// them refuses (SUM overflows, a string in AVG, MIN over mixed kinds) is folded into none: it is reported as
/// failed, so `COUNT(*)` must not count it either.
///
/// The aggregates that can refuse go first, those that cannot (COUNT, FIRST, LAST) after them. With one that
/// can refuse, that is all. With several, the states of the SUMs/AVGs folded before the last one that can
/// refuse are kept before the record is folded in (plain values: a bitwise copy) and put back if it is refused;
/// MIN, MAX and boxed aggregates other than the last one check the record before anything is folded, and fold it
/// after the last one, where nothing can refuse it any more. A check costs a second pass over its value, a kept
/// state a 32-byte copy, so the common SUM+AVG+COUNT query pays one copy (checking every aggregate first cost
/// +6.6% on GROUP BY).
package struct FoldPlan {
    package struct Step {
        package let slot: Int
        /// The first argument's index in `ExecRuntime.argumentValues`, and how many (0, 1 or 2).
        package let argument: Int
        package let arguments: Int
    }

    /// Every aggregate, in the order `fold` folds them.
    package let steps: UnsafeMutableBufferPointer<Step>
    /// The aggregates that check the record before any folds it in.
    package let checks: UnsafeMutableBufferPointer<Step>
    /// The SUM/AVG slots whose states are kept before the record is folded in (all at once, so that putting
    /// them all back is right wherever the record was refused).
    package let keptSlots: UnsafeMutableBufferPointer<Int>
    /// One slot's room per kept slot (raw memory: what is kept holds no references).
    private let kept: UnsafeMutableRawPointer

    package init(prototypes: [AggregateSlot], argumentCounts: ContiguousArray<Int>) {
        var first = [Int](repeating: 0, count: argumentCounts.count)
        for i in argumentCounts.indices.dropFirst() { first[i] = first[i - 1] + argumentCounts[i - 1] }
        func step(_ i: Int) -> Step { Step(slot: i, argument: first[i], arguments: argumentCounts[i]) }
        let refusing = prototypes.indices.filter { prototypes[$0].canRefuse }
        let others = prototypes.indices.filter { !prototypes[$0].canRefuse }
        var order: [Step] = []
        var checked: [Step] = []
        var keptSlots: [Int] = []
        if refusing.count <= 1 {
            order = (refusing + others).map { step($0) }
        } else {
            let trivial = refusing.filter { prototypes[$0].isTrivial }
            let boxed = refusing.filter { !prototypes[$0].isTrivial }
            let last = boxed.last ?? trivial.last!
            keptSlots = trivial.filter { $0 != last }
            order = keptSlots.map { step($0) } + [step(last)]
            checked = boxed.filter { $0 != last }.map { step($0) }
            order += checked + others.map { step($0) }
        }
        steps = .allocate(capacity: order.count)
        _ = steps.initialize(from: order)
        checks = .allocate(capacity: checked.count)
        _ = checks.initialize(from: checked)
        self.keptSlots = .allocate(capacity: keptSlots.count)
        _ = self.keptSlots.initialize(from: keptSlots)
        kept = .allocate(
            byteCount: max(1, keptSlots.count) * MemoryLayout<AggregateSlot>.stride,
            alignment: MemoryLayout<AggregateSlot>.alignment)
    }

    package func deallocate() {
        steps.deallocate()
        checks.deallocate()
        keptSlots.deallocate()
        kept.deallocate()
    }

    /// Keeps the states of `keptSlots` (SUM/AVG: no references, so a bitwise copy is a copy).
    @inline(__always) package func keep(_ g: AggregateGroup) {
        for m in 0..<keptSlots.count {
            Self.copy(from: UnsafeRawPointer(g.slots.baseAddress! + keptSlots[m]), to: kept + m &* MemoryLayout<AggregateSlot>.stride)
        }
    }

    /// Puts the kept states back: the record was refused.
    package func restore(_ g: AggregateGroup) {
        for m in 0..<keptSlots.count {
            Self.copy(from: kept + m * MemoryLayout<AggregateSlot>.stride, to: UnsafeMutableRawPointer(g.slots.baseAddress! + keptSlots[m]))
        }
    }

    /// One slot's bytes, padding included, in words (`copyMemory` called memcpy for the odd size).
    @inline(__always) private static func copy(from: UnsafeRawPointer, to: UnsafeMutableRawPointer) {
        for w in 0..<(MemoryLayout<AggregateSlot>.stride / 8) {
            to.storeBytes(of: from.load(fromByteOffset: w &* 8, as: UInt64.self), toByteOffset: w &* 8, as: UInt64.self)
        }
    }
}
