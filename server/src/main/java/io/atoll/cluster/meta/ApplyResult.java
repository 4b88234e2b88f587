package io.atoll.cluster.meta;

/** The image after a record, and why the record changed nothing when a guard refused it (null when applied). */
public record ApplyResult(ClusterImage image, String rejection) {
    public boolean applied() {
        return rejection == null;
    }
}
