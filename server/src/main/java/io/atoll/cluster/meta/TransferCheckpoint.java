package io.atoll.cluster.meta;

/**
 * How far a transfer has durably reached, as its driver last recorded it: its stage, the key of the next point
 * to copy (in id order; null before the first) and the counts for progress reports. A driver that starts again,
 * on the same primary or a new one, resumes from {@code nextKey} instead of from the start. Immutable.
 *
 * @param nextKey     the hex of the next point id's canonical key, null at the start
 * @param pointsDone  points copied so far
 * @param pointsTotal points the source held when the copy started (an estimate: writes go on)
 * @param error       why the transfer is not moving on right now (the target fails to apply what it is sent, or
 *                    does not answer), null while it goes well; it keeps trying
 */
public record TransferCheckpoint(TransferStage stage, String nextKey, long pointsDone, long pointsTotal,
                                 String error) {
    public static final TransferCheckpoint START = new TransferCheckpoint(TransferStage.PROXIFYING, null, 0, 0, null);

    public TransferCheckpoint {
        stage = stage == null ? TransferStage.PROXIFYING : stage;
    }
}
