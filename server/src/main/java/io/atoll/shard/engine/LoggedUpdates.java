package io.atoll.shard.engine;

import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which point states a logged operation writes. Only points the record is newer than are touched, so a record
 * applied again (replay after a crash, catch-up over copies) changes nothing; a modification (payload, vectors)
 * touches only points that exist.
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
}
