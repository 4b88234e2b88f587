package io.atoll.transfer;

import java.time.Duration;

/**
 * How transfers run on this node.
 *
 * @param batchPoints        points per copied batch
 * @param checkpointInterval the least time between two recorded checkpoints (each is a Raft record)
 * @param copyTimeout        how long one batch may take before it is sent again (the target applies and commits)
 */
public record TransferSettings(int batchPoints, Duration checkpointInterval, Duration copyTimeout) {
    public static final TransferSettings DEFAULT = new TransferSettings(256, Duration.ofSeconds(2),
            Duration.ofSeconds(60));
}
