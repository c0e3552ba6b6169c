import VeloBase

/// Keyed window state for GROUP BY with or without a WINDOW clause.
///
/// Per record, `add` finds (or creates) the group of each window holding the event time, lets the
/// caller fold the record in, and — for EMIT CHANGES — reports every updated group. `advance` fires
/// the windows whose end ≤ watermark (EMIT FINAL), in end order and first-seen group order, and
/// releases their state. `closeAll` fires the rest at the end of a bounded input.
/// Without a window there is one unbounded "window": groups live until `closeAll`.
///
/// A store belongs to one thread (release builds skip its dynamic exclusivity checks: Package.swift, `hotPath`).
/// A group handed to `emit` is valid only during that call: after a window fires, its group objects
/// are reset and reused for the windows that follow (this halves the cost of sparse windows).
public final class WindowStore {
    public enum Outcome: Sendable, Equatable { case accepted, late }

    public let window: WindowSpec?
    package let makeSlots: () -> ContiguousArray<AggregateSlot>

    /// Windows (tumbling/sliding) by start; all have the same size.
    package var windows: [Int64: WindowGroups] = [:]
    /// Starts of open windows, ascending.
    package var openStarts: [Int64] = []
    package var cachedStart: Int64 = .min
    /// Unretained: `windows` owns it, and `advance` clears the cache before a window leaves `windows`.
    package var cachedGroups: Unmanaged<WindowGroups>? = nil
    /// Groups when there is no window.
    package let global = WindowGroups()
    /// Sessions per key, sorted by start; a heap of (end, key) tells which keys may have a due session.
    package var sessions: [GroupKey: SessionList] = [:]
    package var sessionHeap = SessionHeap()

    /// Watermark of the last `advance`: windows ending at or before it are closed.
    public private(set) var closedThrough: Int64 = .min
    public private(set) var lateRecords: Int64 = 0
    public internal(set) var liveGroups = 0
    public private(set) var peakGroups = 0
    public private(set) var peakOpenWindows = 0
    public private(set) var firedWindows: Int64 = 0

    /// Sizing hint for new windows: the group count of the last window created or fired.
    package var groupsPerWindowHint = 0

    /// `'late.data.strategy' = 'update_previous'`: fired windows stay here (by start) until the watermark
    /// passes their end + `allowedLateness`, so late records can still update them (WindowStore+Retained).
    public internal(set) var allowedLateness: Int64? = nil
    package var retained: [Int64: (bounds: WindowBounds, groups: WindowGroups)] = [:]

    public init(window: WindowSpec?, makeSlots: @escaping () -> ContiguousArray<AggregateSlot>) {
        self.window = window
        self.makeSlots = makeSlots
    }

    /// New groups get empty copies of these aggregates: resolve the functions once, then no name
    /// lookups happen per group. COUNT/SUM/AVG/MIN/MAX/FIRST/LAST are kept inline.
    public convenience init(window: WindowSpec?, prototypes: [Accumulator]) {
        let slots = ContiguousArray(prototypes.map(AggregateSlot.init))
        self.init(window: window) { ContiguousArray(slots.map { $0.makeEmpty() }) }
    }

    /// Fired groups kept for reuse, at most `maxPooled`.
    package var pool: [AggregateGroup] = []
    /// The last fired window's (emptied) group table, reused by the next new window.
    package var sparePartition: WindowGroups? = nil
    package let maxPooled = 65_536

    @inline(__always) package func newGroup(_ key: GroupKey) -> AggregateGroup {
        if let g = pool.popLast() {
            g.reset(key: key)
            return g
        }
        return AggregateGroup(key: key, slots: makeSlots())
    }

    @inline(__always) package func recycle(_ g: AggregateGroup) {
        if pool.count < maxPooled { pool.append(g) }
    }

    /// Folds one record in. `update` is called once per window holding the record (sliding windows:
    /// several). `onChange` (EMIT CHANGES) is called after each update with the window and group.
    /// Returns `.late` (and counts it) when every window for `eventTime` is already closed.
    @discardableResult
    public func add(
        eventTime: Int64, key: GroupKey, _ update: (AggregateGroup) throws -> Void,
        onChange: ((WindowBounds?, AggregateGroup) throws -> Void)? = nil
    ) throws -> Outcome {
        guard let window else {
            var created = false
            let g = global.group(key, make: { newGroup(key) }, created: &created)
            if created { noteGroupCreated() }
            g.rows += 1
            try update(g)
            try onChange?(nil, g)
            return .accepted
        }
        guard Timestamps.supportedRange.contains(eventTime) else {
            throw RuntimeError(.badCast, "event time \(eventTime) is out of range (years -9999 to 9999)")
        }
        switch window {
        case .tumbling(let size):
            let start = WindowAssigner.tumblingStart(eventTime, size: size)
            let end = Timestamps.saturatingAdd(start, size)
            if end <= closedThrough { lateRecords += 1; return .late }
            let g = group(start: start, key: key).takeUnretainedValue()
            g.rows += 1
            try update(g)
            try onChange?(WindowBounds(start: start, end: end), g)
            return .accepted
        case .sliding:
            var accepted = false
            try WindowAssigner.forEachWindow(eventTime, window) { bounds in
                guard bounds.end > closedThrough else { return }
                accepted = true
                let g = group(start: bounds.start, key: key).takeUnretainedValue()
                g.rows += 1
                try update(g)
                try onChange?(bounds, g)
            }
            if !accepted { lateRecords += 1; return .late }
            return .accepted
        case .session(let gap):
            let end = eventTime.addingReportingOverflow(gap).partialValue
            // Behind the watermark, a record still counts when it touches a session that is open
            // (merging extends that session past the watermark), as in Flink.
            if end <= closedThrough && !touchesOpenSession(key: key, start: eventTime, end: end) {
                lateRecords += 1
                return .late
            }
            let (bounds, g) = try sessionGroup(key: key, start: eventTime, end: end)
            g.rows += 1
            try update(g)
            try onChange?(bounds, g)
            return .accepted
        }
    }

    /// True when every record lands in exactly one group (no window, or tumbling): `singleGroup` applies.
    public var isSingleWindow: Bool {
        guard let window else { return true }
        if case .tumbling = window { return true }
        return false
    }

    /// The last tumbling window a record fell in, so that the next record of the same window skips the
    /// division that finds its start.
    package var lastTumbling = WindowBounds(start: 1, end: 0)

    /// `add` without closures for `isSingleWindow` stores: the record's group (its row count bumped) and
    /// window, or nil when the record is late (counted). The caller folds the record in. The group is not
    /// retained (reference counting showed in profiles): it is valid until the store fires its window.
    @inline(__always)
    public func singleGroup(eventTime: Int64, key: GroupKey) throws -> (Unmanaged<AggregateGroup>, WindowBounds?)? {
        guard case .tumbling(let size)? = window else {
            let g = groupIn(global, key)
            g._withUnsafeGuaranteedRef { $0.rows += 1 }
            return (g, nil)
        }
        var bounds = lastTumbling
        if eventTime < bounds.start || eventTime >= bounds.end {
            guard Timestamps.supportedRange.contains(eventTime) else {
                throw RuntimeError(.badCast, "event time \(eventTime) is out of range (years -9999 to 9999)")
            }
            let start = WindowAssigner.tumblingStart(eventTime, size: size)
            bounds = WindowBounds(start: start, end: Timestamps.saturatingAdd(start, size))
            lastTumbling = bounds
        }
        if bounds.end <= closedThrough { lateRecords += 1; return nil }
        let g = group(start: bounds.start, key: key)
        g._withUnsafeGuaranteedRef { $0.rows += 1 }
        return (g, bounds)
    }

    @inline(__always) package func group(start: Int64, key: GroupKey) -> Unmanaged<AggregateGroup> {
        // The cached window is used without a retain and release per record.
        if start == cachedStart, let c = cachedGroups {
            return c._withUnsafeGuaranteedRef { groupIn($0, key) }
        }
        let wg: WindowGroups
        if let existing = windows[start] {
            wg = existing
        } else {
            wg = sparePartition ?? WindowGroups(capacity: groupsPerWindowHint)
            sparePartition = nil
            windows[start] = wg
            insertOpenStart(start)
            peakOpenWindows = max(peakOpenWindows, windows.count)
        }
        cachedStart = start
        cachedGroups = Unmanaged.passUnretained(wg)
        return groupIn(wg, key)
    }

    /// Finds or creates the group without a closure (capturing the key cost a retain and release per record).
    @inline(__always) package func groupIn(_ wg: WindowGroups, _ key: GroupKey) -> Unmanaged<AggregateGroup> {
        if let g = wg.find(key) { return g }
        let g = newGroup(key)
        wg.insert(g)
        noteGroupCreated()
        return Unmanaged.passUnretained(g)
    }

    @inline(__always) package func noteGroupCreated() {
        liveGroups += 1
        if liveGroups > peakGroups { peakGroups = liveGroups }
    }

    package func insertOpenStart(_ start: Int64) {
        if let last = openStarts.last, start < last {
            var lo = 0, hi = openStarts.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if openStarts[mid] < start { lo = mid + 1 } else { hi = mid }
            }
            openStarts.insert(start, at: lo)
        } else {
            openStarts.append(start)
        }
    }

    /// Fires and releases every window with end ≤ `watermark`.
    public func advance(watermark: Int64, emit: (WindowBounds, AggregateGroup) throws -> Void) rethrows {
        guard watermark > closedThrough, let window else { return }
        closedThrough = watermark
        switch window {
        case .tumbling(let size), .sliding(let size, _):
            var fired = 0
            while fired < openStarts.count, Timestamps.saturatingAdd(openStarts[fired], size) <= watermark {
                let start = openStarts[fired]
                let bounds = WindowBounds(start: start, end: Timestamps.saturatingAdd(start, size))
                if cachedStart == start { cachedStart = .min; cachedGroups = nil } // before it leaves `windows`
                if let wg = windows.removeValue(forKey: start) {
                    groupsPerWindowHint = wg.groups.count
                    firedWindows += 1
                    if allowedLateness != nil {
                        // Kept groups stay live (metrics, memory) until `releaseRetained`.
                        for g in wg.groups { try emit(bounds, g) }
                        retained[start] = (bounds, wg)
                    } else {
                        liveGroups -= wg.groups.count
                        for g in wg.groups {
                            try emit(bounds, g)
                            recycle(g)
                        }
                        wg.clear()
                        sparePartition = wg
                    }
                }
                fired += 1
            }
            if fired > 0 { openStarts.removeFirst(fired) }
            if allowedLateness != nil { releaseRetained(through: watermark) }
        case .session:
            try fireSessions(through: watermark, emit: emit)
        }
    }

    /// End of input: fires every open window (in end order), or every group when there is no window.
    public func closeAll(emit: (WindowBounds?, AggregateGroup) throws -> Void) rethrows {
        guard window != nil else {
            for g in global.groups { try emit(nil, g) }
            liveGroups -= global.groups.count
            global.clear()
            return
        }
        try advance(watermark: .max) { try emit($0, $1) }
        retained.removeAll()
        pool.removeAll()
        sparePartition = nil
    }

    // MARK: sessions

    package final class Session {
        package var bounds: WindowBounds
        package let group: AggregateGroup
        package init(_ bounds: WindowBounds, _ group: AggregateGroup) { self.bounds = bounds; self.group = group }
    }

    package final class SessionList {
        package var sessions: [Session] = []
        /// The end this key is scheduled at in the heap (its earliest session end when scheduled).
        package var scheduled: Int64 = .max
        package var earliestEnd: Int64 { sessions.reduce(Int64.max) { min($0, $1.bounds.end) } }
    }

    package func touchesOpenSession(key: GroupKey, start: Int64, end: Int64) -> Bool {
        sessions[key]?.sessions.contains { $0.bounds.start <= end && $0.bounds.end >= start } ?? false
    }

    /// Finds or creates the session for [start, end), merging every session it touches (Flink's rule:
    /// windows that overlap or meet merge, so records `gap` apart share a session).
    package func sessionGroup(key: GroupKey, start: Int64, end: Int64) throws -> (WindowBounds, AggregateGroup) {
        let list: SessionList
        if let l = sessions[key] { list = l } else { list = SessionList(); sessions[key] = list }
        var touching: [Int] = []
        for (i, s) in list.sessions.enumerated() where s.bounds.start <= end && s.bounds.end >= start {
            touching.append(i)
        }
        let session: Session
        if touching.isEmpty {
            session = Session(WindowBounds(start: start, end: end), newGroup(key))
            var at = list.sessions.count
            while at > 0 && list.sessions[at - 1].bounds.start > start { at -= 1 }
            list.sessions.insert(session, at: at)
            noteGroupCreated()
            peakOpenWindows = max(peakOpenWindows, liveGroups) // one group per session
        } else {
            session = list.sessions[touching[0]]
            session.bounds.start = min(session.bounds.start, start)
            session.bounds.end = max(session.bounds.end, end)
            for i in touching.dropFirst() {
                let other = list.sessions[i]
                try session.group.merge(other.group)
                session.bounds.start = min(session.bounds.start, other.bounds.start)
                session.bounds.end = max(session.bounds.end, other.bounds.end)
                liveGroups -= 1
            }
            for i in touching.dropFirst().reversed() { list.sessions.remove(at: i) }
        }
        let earliest = list.earliestEnd
        if earliest < list.scheduled {
            list.scheduled = earliest
            sessionHeap.push(end: earliest, key: key)
        }
        return (session.bounds, session.group)
    }

    package func fireSessions(through watermark: Int64, emit: (WindowBounds, AggregateGroup) throws -> Void) rethrows {
        while let top = sessionHeap.peek, top.end <= watermark {
            sessionHeap.pop()
            guard let list = sessions[top.key], list.scheduled == top.end else { continue }
            var due: [Session] = []
            list.sessions.removeAll { s in
                if s.bounds.end <= watermark { due.append(s); return true }
                return false
            }
            due.sort { $0.bounds < $1.bounds }
            for s in due {
                liveGroups -= 1
                firedWindows += 1
                try emit(s.bounds, s.group)
                recycle(s.group)
            }
            if list.sessions.isEmpty {
                sessions.removeValue(forKey: top.key)
            } else {
                list.scheduled = list.earliestEnd
                sessionHeap.push(end: list.scheduled, key: top.key)
            }
        }
    }

    // MARK: metrics

    /// Windows currently open (sessions count one each).
    public var openWindows: Int {
        guard let window else { return global.groups.isEmpty ? 0 : 1 }
        if case .session = window { return sessions.values.reduce(0) { $0 + $1.sessions.count } }
        return windows.count
    }

    /// Approximate bytes of all window state (walks every group: call it for snapshots, not per record).
    public func estimatedBytes() -> Int {
        var total = 0
        for g in global.groups { total += g.estimatedBytes + 48 }
        for wg in windows.values {
            total += 96
            for g in wg.groups { total += g.estimatedBytes + 48 }
        }
        for list in sessions.values {
            total += 96
            for s in list.sessions { total += s.group.estimatedBytes + 64 }
        }
        for kept in retained.values {
            total += 96
            for g in kept.groups.groups { total += g.estimatedBytes + 48 }
        }
        return total
    }
}

/// A binary min-heap of (end, sequence, key); the sequence keeps firing order deterministic.
package struct SessionHeap {
    package struct Entry { package var end: Int64; package var seq: Int64; package var key: GroupKey }
    package var items: [Entry] = []
    package var nextSeq: Int64 = 0

    package var peek: Entry? { items.first }

    package static func less(_ a: Entry, _ b: Entry) -> Bool { a.end != b.end ? a.end < b.end : a.seq < b.seq }

    package mutating func push(end: Int64, key: GroupKey) {
        items.append(Entry(end: end, seq: nextSeq, key: key))
        nextSeq += 1
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard SessionHeap.less(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    package mutating func pop() {
        guard !items.isEmpty else { return }
        items.swapAt(0, items.count - 1)
        items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count && SessionHeap.less(items[l], items[m]) { m = l }
            if r < items.count && SessionHeap.less(items[r], items[m]) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
    }
}
