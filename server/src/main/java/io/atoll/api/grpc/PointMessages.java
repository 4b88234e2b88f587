package io.atoll.api.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.ReadConsistency;
import io.atoll.error.AtollException;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorValue;
import io.atoll.schema.CollectionParams;
import io.qdrant.client.grpc.Common;
import io.qdrant.client.grpc.Points;
import io.qdrant.client.grpc.Points.RetrievedPoint;
import io.qdrant.client.grpc.Points.VectorOutput;
import io.qdrant.client.grpc.Points.VectorsOutput;
import java.util.List;
import java.util.Map;

/**
 * Qdrant's point messages both ways. A request becomes the REST body it stands for, so that the REST parser checks
 * and reads it; fields Atoll cannot take through gRPC yet are refused by name rather than dropped. Stateless.
 */
final class PointMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PointMessages() {
    }

    static void refuse(String field, boolean given) {
        if (given) {
            throw AtollException.badRequest("Bad request: `" + field + "` is not supported through Atoll's gRPC API "
                    + "yet; use REST");
        }
    }

    /** The REST body of a retrieve. */
    static ObjectNode retrieveBody(Points.GetPoints r) {
        ObjectNode body = F.objectNode();
        ArrayNode ids = body.putArray("ids");
        r.getIdsList().forEach(id -> ids.add(id(id)));
        if (r.hasWithPayload()) {
            body.set("with_payload", withPayload(r.getWithPayload()));
        }
        if (r.hasWithVectors()) {
            body.set("with_vector", withVectors(r.getWithVectors()));
        }
        FilterMessages.shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    static JsonNode withVectors(Points.WithVectorsSelector w) {
        return w.hasInclude() ? strings(w.getInclude().getNamesList()) : F.booleanNode(w.getEnable());
    }

    static JsonNode withPayload(Points.WithPayloadSelector w) {
        return switch (w.getSelectorOptionsCase()) {
            case INCLUDE -> F.objectNode().set("include", strings(w.getInclude().getFieldsList()));
            case EXCLUDE -> F.objectNode().set("exclude", strings(w.getExclude().getFieldsList()));
            case ENABLE, SELECTOROPTIONS_NOT_SET -> F.booleanNode(w.getEnable());
        };
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    /** Qdrant's read consistency message as the REST parameter reads it. */
    static ReadConsistency consistency(boolean given, Points.ReadConsistency c) {
        if (!given) {
            return ReadConsistency.ONE;
        }
        return ReadConsistency.parse(c.hasFactor() ? Long.toUnsignedString(c.getFactor())
                : c.getType().name().toLowerCase(java.util.Locale.ROOT));
    }

    static JsonNode id(Common.PointId id) {
        return switch (id.getPointIdOptionsCase()) {
            // a u64 in a long: only the top half needs a BigInteger
            case NUM -> id.getNum() >= 0 ? F.numberNode(id.getNum())
                    : F.numberNode(new java.math.BigInteger(Long.toUnsignedString(id.getNum())));
            case UUID -> F.textNode(id.getUuid());
            case POINTIDOPTIONS_NOT_SET -> F.nullNode();
        };
    }

    static JsonNode vectors(Points.Vectors v) {
        return switch (v.getVectorsOptionsCase()) {
            case VECTOR -> {
                if (v.getVector().hasSparse() || v.getVector().hasIndices()) {
                    throw AtollException.badRequest("Bad request: Sparse vector must be named");
                }
                yield vector(v.getVector(), "vector");
            }
            case VECTORS -> {
                ObjectNode named = F.objectNode();
                for (Map.Entry<String, Points.Vector> e : v.getVectors().getVectorsMap().entrySet()) {
                    named.set(e.getKey(), vector(e.getValue(), "vectors." + e.getKey()));
                }
                yield named;
            }
            case VECTORSOPTIONS_NOT_SET -> F.nullNode();
        };
    }

    /**
     * A vector as REST gives it: dense, sparse ({@code {indices, values}}) or multi (an array of arrays), from the
     * oneof or from the deprecated flat form ({@code data} with {@code indices} or {@code vectors_count}).
     */
    private static JsonNode vector(Points.Vector v, String where) {
        return switch (v.getVectorCase()) {
            case DENSE -> floats(v.getDense().getDataList());
            case SPARSE -> sparse(v.getSparse().getIndicesList(), v.getSparse().getValuesList());
            case MULTI_DENSE -> {
                ArrayNode a = F.arrayNode();
                v.getMultiDense().getVectorsList().forEach(d -> a.add(floats(d.getDataList())));
                yield a;
            }
            case VECTOR_NOT_SET -> v.hasIndices() ? sparse(v.getIndices().getDataList(), v.getDataList())
                    : v.hasVectorsCount() ? flatMulti(v.getDataList(), v.getVectorsCount()) : floats(v.getDataList());
            default -> throw AtollException.badRequest("Bad request: " + where + " is a "
                    + v.getVectorCase().name().toLowerCase(java.util.Locale.ROOT)
                    + " to embed (inference), which Atoll does not support yet; send the vector itself");
        };
    }

    private static ArrayNode floats(List<Float> data) {
        ArrayNode a = F.arrayNode(data.size());
        data.forEach(a::add);
        return a;
    }

    /** A sparse vector as REST gives it: indices (u32, sent as an int's bits) and values. */
    static ObjectNode sparse(List<Integer> indices, List<Float> values) {
        ObjectNode o = F.objectNode();
        ArrayNode in = o.putArray("indices");
        indices.forEach(i -> in.add(Integer.toUnsignedLong(i)));
        o.set("values", floats(values));
        return o;
    }

    /** The deprecated multivector form: {@code count} vectors of equal length, one after another in {@code data}. */
    private static ArrayNode flatMulti(List<Float> data, int count) {
        if (count == 0 || data.isEmpty()) {
            throw AtollException.badRequest("Validation failed: Empty multi-vector data with vectors count: "
                    + Integer.toUnsignedLong(count));
        }
        if (data.size() % count != 0) {
            throw AtollException.badRequest("Validation failed: Data length is not divisible by vectors count. "
                    + "Data length: " + data.size() + ", vectors count: " + count);
        }
        ArrayNode a = F.arrayNode(count);
        int dim = data.size() / count;
        for (int i = 0; i < count; i++) {
            a.add(floats(data.subList(i * dim, (i + 1) * dim)));
        }
        return a;
    }

    /** A point read back, as Qdrant's RetrievedPoint. */
    static RetrievedPoint retrieved(ScoredPoint p, CollectionParams params) {
        RetrievedPoint.Builder b = RetrievedPoint.newBuilder().setId(id(p.id()));
        if (p.payload() != null) {
            b.putAllPayload(Values.fields(p.payload()));
        }
        if (!p.vectors().isEmpty()) {
            b.setVectors(vectors(p.vectors(), params));
        }
        if (p.shardKey() != null) {
            b.setShardKey(shardKey(p.shardKey()));
        }
        if (p.orderValue() != null) {
            b.setOrderValue(orderValue(p.orderValue()));
        }
        return b.build();
    }

    /** A point found by a search or query, as Qdrant's ScoredPoint. */
    static Points.ScoredPoint scored(ScoredPoint p, CollectionParams params) {
        Points.ScoredPoint.Builder b = Points.ScoredPoint.newBuilder().setId(id(p.id())).setVersion(p.version())
                .setScore(p.score() == null ? 0f : p.score());
        if (p.payload() != null) {
            b.putAllPayload(Values.fields(p.payload()));
        }
        if (!p.vectors().isEmpty()) {
            b.setVectors(vectors(p.vectors(), params));
        }
        if (p.shardKey() != null) {
            b.setShardKey(shardKey(p.shardKey()));
        }
        if (p.orderValue() != null) {
            b.setOrderValue(orderValue(p.orderValue()));
        }
        return b.build();
    }

    /** The value a point was ordered by (order_by): an integer (Long) or a float (Double). */
    private static Points.OrderValue orderValue(Object v) {
        return v instanceof Long l ? Points.OrderValue.newBuilder().setInt(l).build()
                : Points.OrderValue.newBuilder().setFloat((Double) v).build();
    }

    static io.qdrant.client.grpc.Collections.ShardKey shardKey(io.atoll.point.ShardKey k) {
        var b = io.qdrant.client.grpc.Collections.ShardKey.newBuilder();
        return (k.keyword() != null ? b.setKeyword(k.keyword()) : b.setNumber(k.number())).build();
    }

    static Common.PointId id(PointId id) {
        return switch (id) {
            case PointId.Num n -> Common.PointId.newBuilder().setNum(n.value()).build();
            case PointId.Uuid u -> Common.PointId.newBuilder().setUuid(u.value().toString()).build();
        };
    }

    private static VectorsOutput vectors(Map<String, VectorValue> vectors, CollectionParams params) {
        // bare only when the unnamed vector is all there is to show (sparse vectors beside it are named), as REST
        if (!params.namedVectors() && vectors.size() == 1 && vectors.containsKey(PointStruct.DEFAULT_VECTOR)) {
            return VectorsOutput.newBuilder().setVector(output(vectors.get(PointStruct.DEFAULT_VECTOR))).build();
        }
        Points.NamedVectorsOutput.Builder named = Points.NamedVectorsOutput.newBuilder();
        vectors.forEach((name, v) -> named.putVectors(name, output(v)));
        return VectorsOutput.newBuilder().setVectors(named).build();
    }

    /**
     * A dense vector in both the dense form and the older flat {@code data}, which clients before the dense form
     * read; sparse and multivectors only in their own forms, as Qdrant 1.19 writes them.
     */
    private static VectorOutput output(VectorValue value) {
        VectorOutput.Builder b = VectorOutput.newBuilder();
        switch (value) {
            case VectorValue.Dense d -> {
                Points.DenseVector.Builder dense = Points.DenseVector.newBuilder();
                for (float x : d.values()) {
                    b.addData(x);
                    dense.addData(x);
                }
                b.setDense(dense);
            }
            case VectorValue.Sparse s -> {
                Points.SparseVector.Builder sparse = Points.SparseVector.newBuilder();
                for (int i = 0; i < s.indices().length; i++) {
                    sparse.addIndices(s.indices()[i]).addValues(s.values()[i]);
                }
                b.setSparse(sparse);
            }
            case VectorValue.Multi m -> {
                Points.MultiDenseVector.Builder multi = Points.MultiDenseVector.newBuilder();
                for (float[] inner : m.vectors()) {
                    Points.DenseVector.Builder dense = Points.DenseVector.newBuilder();
                    for (float x : inner) {
                        dense.addData(x);
                    }
                    multi.addVectors(dense);
                }
                b.setMultiDense(multi);
            }
        }
        return b.build();
    }
}
