package io.atoll.shard.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.point.PayloadPaths;
import io.atoll.point.PointStruct;
import io.atoll.point.VectorValue;
import io.atoll.point.PointVectors;
import io.atoll.operation.ShardOperation;
import java.util.HashMap;
import java.util.Map;

/** What the read-modify-write operations do to a point's payload and vectors. Pure; the input is not changed. */
final class PointModifications {
    private PointModifications() {
    }

    /** The point after {@code op}, which must be one of the operations that modify an existing point. */
    static PointStruct apply(PointStruct p, ShardOperation op) {
        return switch (op) {
            case ShardOperation.SetPayload s -> {
                ObjectNode payload = p.payload().deepCopy();
                // a key that is no path (refused by the API since Qdrant's paths; older logs may hold one such as
                // ".") sets at the root, as it did when it was written
                if (s.key() == null || !PayloadPaths.valid(s.key())) {
                    payload.setAll(s.payload().deepCopy());
                } else {
                    PayloadPaths.setAt(payload, s.key(), s.payload());
                }
                yield new PointStruct(p.id(), p.vectors(), payload);
            }
            case ShardOperation.OverwritePayload o -> new PointStruct(p.id(), p.vectors(), o.payload().deepCopy());
            case ShardOperation.DeletePayloadKeys d -> {
                ObjectNode payload = p.payload().deepCopy();
                d.keys().forEach(k -> PayloadPaths.remove(payload, k));
                yield new PointStruct(p.id(), p.vectors(), payload);
            }
            case ShardOperation.ClearPayload c -> new PointStruct(p.id(), p.vectors(), p.payload().objectNode());
            case ShardOperation.UpdateVectors u -> {
                Map<String, VectorValue> vectors = new HashMap<>(p.vectors());
                for (PointVectors pv : u.points()) {
                    if (pv.id().equals(p.id())) {
                        vectors.putAll(pv.vectors());
                    }
                }
                yield new PointStruct(p.id(), vectors, p.payload());
            }
            case ShardOperation.DeleteVectors d -> {
                Map<String, VectorValue> vectors = new HashMap<>(p.vectors());
                d.vectorNames().forEach(vectors::remove);
                yield new PointStruct(p.id(), vectors, p.payload());
            }
            case ShardOperation.Upsert u -> throw new IllegalStateException("not a modification");
            case ShardOperation.Delete d -> throw new IllegalStateException("not a modification");
        };
    }
}
