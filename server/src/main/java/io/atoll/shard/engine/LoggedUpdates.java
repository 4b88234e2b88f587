package io.atoll.shard.engine;

import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which point states a logged operation (or a transfer's copies) writes. Only points the record is newer than are
 * touched, so a record applied again (replay after a crash, catch-up over copies) changes nothing; a modification
 * (payload, vectors) touches only points that exist.
 */
final class LoggedUpdates {
    /** The state written for a deleted point: a tombstone. Compared by identity. */
    static final PointStruct DELETED = new PointStruct(PointId.of(0), Map.of(), null);

    /** A point's newest state, or null when it is missing or deleted. */
    interface Current {
        PointStruct of(PointId id) throws IOException;
    }

    private LoggedUpdates() {
    }

    static Map<PointId, PointStruct> of(ShardOperation op, long seq, VersionMap versions, Current current)
            throws IOException {
        Map<PointId, PointStruct> updates = new LinkedHashMap<>();
        switch (op) {
            case ShardOperation.Upsert u -> {
                for (PointStruct point : u.points()) {
                    if (versions.isNewer(point.id(), seq)) {
                        updates.put(point.id(), point);
                    }
                }
            }
            case ShardOperation.Delete d -> {
                for (PointId id : d.ids()) {
                    if (versions.isNewer(id, seq)) {
                        updates.put(id, DELETED);
                    }
                }
            }
            default -> {
                for (PointId id : op.ids()) {
                    PointStruct now = versions.isNewer(id, seq) ? current.of(id) : null;
                    if (now != null) {
                        updates.put(id, PointModifications.apply(now, op));
                    }
                }
            }
        }
        return updates;
    }

    /**
     * The copies a transfer sent that are newer than what the shard holds (and than any other copy of the same point
     * in the batch), each with its version put in {@code versionOf}: a copy carries its point's version, not a log
     * position.
     */
    static Map<PointId, PointStruct> ofCopies(List<ScoredPoint> copies, VersionMap versions,
                                              Map<PointId, Long> versionOf) {
        Map<PointId, PointStruct> updates = new LinkedHashMap<>();
        for (ScoredPoint c : copies) {
            // a batch may name a point twice: the newest copy wins, whatever its place in the batch
            Long earlier = versionOf.get(c.id());
            if (earlier == null ? versions.isNewer(c.id(), c.version()) : c.version() > earlier) {
                updates.put(c.id(), new PointStruct(c.id(), c.vectors(), c.payload()));
                versionOf.put(c.id(), c.version());
            }
        }
        return updates;
    }
}
