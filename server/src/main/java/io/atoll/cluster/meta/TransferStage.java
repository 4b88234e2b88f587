package io.atoll.cluster.meta;

/** Where a transfer stands, with the names Qdrant's progress reports use. */
public enum TransferStage {
    /** The source starts forwarding live writes to the target and takes its cutoff. */
    PROXIFYING("proxifying"),
    /** snapshot: the source keeps a commit of its index and the log after it. */
    CREATING_SNAPSHOT("creating snapshot"),
    /** Points are being copied (stream_records) or the snapshot's files sent (snapshot). */
    TRANSFERRING("transferring"),
    /**
     * The target receives the records its log lacks (wal_delta, and snapshot once the files are installed: a
     * snapshot's target opens its replica from this stage on).
     */
    RECOVERING("recovering"),
    /** The target is caught up and counts for acknowledgements; its activation is being committed. */
    WAITING_CONSENSUS("waiting consensus"),
    FINALIZING("finalizing");

    private final String apiName;

    TransferStage(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
