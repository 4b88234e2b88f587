package io.atoll.cluster.meta;

/**
 * Which replica a node holds: the collection (by name and by the uuid that tells it from an earlier one of the same
 * name), the shard, and the replica's incarnation. Two replicas a node ever held never have the same id, so one id
 * names one set of files. Immutable.
 */
public record ReplicaId(String collection, String collectionUuid, int shard, long incarnation) {
    @Override
    public String toString() {
        return collection + "/" + shard + "#" + incarnation;
    }
}
