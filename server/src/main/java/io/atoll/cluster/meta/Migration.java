package io.atoll.cluster.meta;

/**
 * One source-to-target copy of a resharding: the points of shard {@code from} that the new ring puts on shard
 * {@code to}. Scaling up, every old shard migrates to the new one; scaling down, the last shard migrates to each
 * of the others. Its progress is what the source's primary last recorded. Immutable.
 *
 * @param syncedTerm the source's primary term in which the copy completed with forwarding in place (0 while it
 *                   has not): from then on every write the source acknowledges for those points is in the
 *                   target too. A new source primary must sync again (its term differs), since forwarding lived
 *                   in the old one.
 * @param copied     points copied so far
 * @param total      points to copy, as estimated when the copy started
 * @param lastError  why the copy is not moving on right now, null while it goes well
 */
public record Migration(int from, int to, long syncedTerm, long copied, long total, String lastError) {

    public static Migration start(int from, int to) {
        return new Migration(from, to, 0, 0, 0, null);
    }

    /** Whether the copy completed under the source's current primary {@code term}. */
    public boolean syncedIn(long term) {
        return syncedTerm != 0 && syncedTerm == term;
    }

    Migration progressed(long term, long copiedNow, long totalNow, boolean synced, String error) {
        return new Migration(from, to, synced ? term : 0, copiedNow, totalNow, error);
    }
}
