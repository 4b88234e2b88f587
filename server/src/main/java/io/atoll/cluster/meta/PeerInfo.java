package io.atoll.cluster.meta;

/** A member of the cluster: its random positive 63-bit id and its peer URL. */
public record PeerInfo(long id, String uri) {
    public PeerInfo {
        if (id <= 0) {
            throw new IllegalArgumentException("peer ids are positive: " + id);
        }
    }
}
