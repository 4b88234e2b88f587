package io.atoll.cluster.meta;

/** The image after a record, and why the record changed nothing when a guard refused it (null when applied). */
public record ApplyResult(ClusterImage image, Rejection rejection) {
    public boolean applied() {
        return rejection == null;
    }

    /** Whether the record was refused for this reason. */
    public boolean rejectedFor(Rejection.Reason reason) {
        return rejection != null && rejection.reason() == reason;
    }
}
