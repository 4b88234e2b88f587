package io.atoll.cluster.meta;

/**
 * How far a transfer has durably reached, as its driver last recorded it: its stage, the key of the next point
 * to copy (in id order; null before the first) and the counts for progress reports. A driver that starts again,
 * on the same primary or a new one, resumes from {@code nextKey} instead of from the start (a snapshot transfer
 * resumes from the files its target already holds). Immutable.
 *
 * @param nextKey     the hex of the next point id's canonical key, null at the start
 * @param pointsDone  points copied so far
 * @param pointsTotal points the source held when the copy started (an estimate: writes go on)
 * @param bytesDone   snapshot transfers: bytes of the snapshot's files the target holds
 * @param bytesTotal  snapshot transfers: bytes of the snapshot's files
 * @param error       why the transfer is not moving on right now (the target fails to apply what it is sent, or
 *                    does not answer), null while it goes well; it keeps trying
 */
public record TransferCheckpoint(TransferStage stage, String nextKey, long pointsDone, long pointsTotal,
                                 long bytesDone, long bytesTotal, String error) {
    public static final TransferCheckpoint START = new TransferCheckpoint(TransferStage.PROXIFYING, null, 0, 0, null);

    public TransferCheckpoint {
        stage = stage == null ? TransferStage.PROXIFYING : stage;
    }

    /** A checkpoint of a copy of points. */
    public TransferCheckpoint(TransferStage stage, String nextKey, long pointsDone, long pointsTotal, String error) {
        this(stage, nextKey, pointsDone, pointsTotal, 0, 0, error);
    }

    public TransferCheckpoint withStage(TransferStage s) {
        return new TransferCheckpoint(s, nextKey, pointsDone, pointsTotal, bytesDone, bytesTotal, error);
    }

    public TransferCheckpoint withError(String e) {
        return new TransferCheckpoint(stage, nextKey, pointsDone, pointsTotal, bytesDone, bytesTotal, e);
    }

    public TransferCheckpoint withBytes(long done, long total) {
        return new TransferCheckpoint(stage, nextKey, pointsDone, pointsTotal, done, total, error);
    }
}
