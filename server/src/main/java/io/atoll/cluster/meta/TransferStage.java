package io.atoll.cluster.meta;

/** Where a transfer stands, with the names Qdrant's progress reports use. */
public enum TransferStage {
    /** The source starts forwarding live writes to the target and takes its cutoff. */
    PROXIFYING("proxifying"),
    /** Points are being copied (stream_records) or the log sent (wal_delta). */
    TRANSFERRING("transferring"),
    /** The target receives the records its log lacks. */
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
