package io.atoll.snapshot;

import io.atoll.operation.UpdateMode;
import java.util.Arrays;

/**
 * Which data wins when a snapshot is recovered into a collection or shard that holds points (Qdrant's
 * {@code priority}). Atoll recovers by writing the snapshot's points through the replicated write path, so every
 * replica follows the recovery as it follows any write and no separate sync follows it: {@code no_sync} therefore
 * recovers as {@code snapshot} does.
 */
public enum SnapshotPriority {
    /** The snapshot's points replace what is held: its points written, points it does not hold deleted. */
    SNAPSHOT("snapshot"),
    /** What is held wins: only the points it lacks are taken from the snapshot. */
    REPLICA("replica"),
    /** As {@link #SNAPSHOT}: there is no sync step to skip. */
    NO_SYNC("no_sync");

    private final String apiName;

    SnapshotPriority(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** How the snapshot's points are written. */
    UpdateMode mode() {
        return this == REPLICA ? UpdateMode.INSERT_ONLY : UpdateMode.UPSERT;
    }

    /** Whether points the snapshot does not hold are deleted. */
    boolean replaces() {
        return this != REPLICA;
    }

    /** The priority Qdrant names {@code name}; null when it names none. */
    public static SnapshotPriority byName(String name) {
        return Arrays.stream(values()).filter(p -> p.apiName.equals(name)).findFirst().orElse(null);
    }

    /** The names, for error messages. */
    public static String names() {
        return "`no_sync`, `snapshot`, `replica`";
    }
}
