package io.atoll.cluster.meta;

/**
 * A member of the cluster: its random positive id below 2^53, its peer URL, and its name (configured, or the id in
 * decimal), which Weaviate's API uses for nodes. Immutable.
 */
public record PeerInfo(long id, String uri, String name) {
    public PeerInfo {
        if (id <= 0) {
            throw new IllegalArgumentException("peer ids are positive: " + id);
        }
        name = name == null || name.isEmpty() ? Long.toString(id) : name;
    }

    public PeerInfo(long id, String uri) {
        this(id, uri, null);
    }
}
