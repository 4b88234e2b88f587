package io.atoll.cluster.meta;

/** The image after a record, and why the record changed nothing when a guard refused it (null when applied). */
public record ApplyResult(ClusterImage image, Rejection rejection) {
    static ApplyResult ok(ClusterImage image) {
        return new ApplyResult(image, null);
    }

    /** The record is refused: {@code image} unchanged, and why. */
    static ApplyResult refused(ClusterImage image, Rejection.Reason reason, String why) {
        return new ApplyResult(image, Rejection.of(reason, why));
    }

    public boolean applied() {
        return rejection == null;
    }

    /** Whether the record was refused for this reason. */
    public boolean rejectedFor(Rejection.Reason reason) {
        return rejection != null && rejection.reason() == reason;
    }
}
