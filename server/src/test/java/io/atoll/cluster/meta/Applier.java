package io.atoll.cluster.meta;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Applies records in turn to an image, each at the next index, as the state machine does: for the apply tests. */
public final class Applier {
    ClusterImage image = ClusterImage.EMPTY;
    private long index;

    public ApplyResult apply(MetadataRecord r) {
        ApplyResult result = MetadataApply.apply(image, r, ++index);
        image = result.image();
        return result;
    }

    public ClusterImage image() {
        return image;
    }

    /** Applies {@code r}, failing the test when it is refused. */
    public void applied(MetadataRecord r) {
        ApplyResult result = apply(r);
        assertTrue(result.applied(), r + " -> " + result.rejection());
    }

    /** Peers 1 to {@code n}. */
    public void peers(int n) {
        for (long p = 1; p <= n; p++) {
            applied(new MetadataRecord.AddPeer(p, "http://127.0.0.1:" + (6000 + p)));
        }
    }

    public CollectionMeta collection(String name) {
        return image.collections().get(name);
    }
}
