import VeloBase

/// `'late.data.strategy' = 'update_previous'`: a late record still updates its window when that window
/// fired no longer ago than the allowed lateness. Fired windows of tumbling and sliding stores are kept
/// (their groups are not recycled) until the watermark passes end + allowed lateness; sessions are not
/// kept (a late record cannot re-open a merged session), so there the strategy behaves as drop.
extension WindowStore {
    /// Keeps fired windows for `lateness` ms (tumbling and sliding windows only; ignored otherwise).
    public func retainFiredWindows(for lateness: Int64) {
        switch window {
        case .tumbling?, .sliding?: allowedLateness = max(0, lateness)
        default: allowedLateness = nil
        }
    }

    /// Calls `update` with the group for `key` in each already fired, still kept window holding
    /// `eventTime`, creating the group there if the key is new to that window.
    /// Returns how many windows took the record.
    @discardableResult
    public func updateFired(
        eventTime: Int64, key: GroupKey,
        _ update: (WindowBounds, AggregateGroup) throws -> Void
    ) throws -> Int {
        guard let window, allowedLateness != nil, !retained.isEmpty, eventTime < closedThrough else { return 0 }
        var updated = 0
        try WindowAssigner.forEachWindow(eventTime, window) { bounds in
            guard bounds.end <= closedThrough, let kept = retained[bounds.start] else { return }
            var created = false
            let g = kept.groups.group(key, make: { newGroup(key) }, created: &created)
            if created { noteGroupCreated() }
            g.rows += 1
            try update(kept.bounds, g)
            updated += 1
        }
        return updated
    }

    /// Releases kept windows whose end + allowed lateness ≤ `watermark` (their groups go back to the pool).
    package func releaseRetained(through watermark: Int64) {
        guard let lateness = allowedLateness, !retained.isEmpty else { return }
        for (start, kept) in retained where Timestamps.saturatingAdd(kept.bounds.end, lateness) <= watermark {
            liveGroups -= kept.groups.groups.count
            for g in kept.groups.groups { recycle(g) }
            kept.groups.clear()
            sparePartition = kept.groups
            retained.removeValue(forKey: start)
        }
    }
}
