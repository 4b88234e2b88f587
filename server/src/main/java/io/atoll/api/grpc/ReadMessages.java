package io.atoll.api.grpc;

import static io.atoll.api.grpc.FilterMessages.shardKeys;
import static io.atoll.api.grpc.FilterMessages.unsigned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.qdrant.client.grpc.Points;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Qdrant's read messages (search, scroll, count) as the REST bodies they stand for, so that the REST parser
 * checks and reads them: the same defaults, limits and messages in both APIs. Stateless.
 */
final class ReadMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ReadMessages() {
    }

    static ObjectNode search(Points.SearchPoints r) {
        ObjectNode body = F.objectNode();
        // the older sparse form: the values in vector, their indices beside them (a name is then required)
        JsonNode vector = r.hasSparseIndices() ? PointMessages.sparse(r.getSparseIndices().getDataList(),
                r.getVectorList()) : floats(r.getVectorList());
        if (r.hasVectorName()) {
            body.putObject("vector").put("name", r.getVectorName()).set("vector", vector);
        } else {
            body.set("vector", vector);
        }
        FilterMessages.filter(body, r.hasFilter(), r.getFilter());
        body.set("limit", unsigned(r.getLimit()));
        if (r.hasOffset()) {
            body.set("offset", unsigned(r.getOffset()));
        }
        options(body, r.hasScoreThreshold() ? r.getScoreThreshold() : null, r.hasParams() ? r.getParams() : null,
                r.hasWithPayload() ? r.getWithPayload() : null, r.hasWithVectors() ? r.getWithVectors() : null);
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    /** What searches and queries share: the score threshold, search hints and what to return with each point. */
    static void options(ObjectNode body, Float scoreThreshold, Points.SearchParams params,
                                Points.WithPayloadSelector payload, Points.WithVectorsSelector vectors) {
        if (scoreThreshold != null) {
            body.put("score_threshold", scoreThreshold);
        }
        if (params != null) {
            body.set("params", params(params));
        }
        if (payload != null) {
            body.set("with_payload", PointMessages.withPayload(payload));
        }
        if (vectors != null) {
            body.set("with_vector", PointMessages.withVectors(vectors));
        }
    }

    /**
     * Qdrant's search hints: ef, exactness, quantization and ACORN, and the indexed-only hint that REST accepts and
     * has no use for (Atoll searches every segment).
     */
    static ObjectNode params(Points.SearchParams p) {
        ObjectNode o = F.objectNode();
        if (p.hasHnswEf()) {
            o.set("hnsw_ef", unsigned(p.getHnswEf()));
        }
        UpdateMessages.flag(o, "exact", p.hasExact(), p.getExact());
        UpdateMessages.flag(o, "indexed_only", p.hasIndexedOnly(), p.getIndexedOnly());
        if (p.hasQuantization()) {
            Points.QuantizationSearchParams q = p.getQuantization();
            ObjectNode qo = o.putObject("quantization");
            UpdateMessages.flag(qo, "ignore", q.hasIgnore(), q.getIgnore());
            UpdateMessages.flag(qo, "rescore", q.hasRescore(), q.getRescore());
            if (q.hasOversampling()) {
                qo.put("oversampling", q.getOversampling());
            }
        }
        if (p.hasAcorn()) {
            Points.AcornSearchParams a = p.getAcorn();
            ObjectNode ao = o.putObject("acorn");
            UpdateMessages.flag(ao, "enable", a.hasEnable(), a.getEnable());
            if (a.hasMaxSelectivity()) {
                ao.put("max_selectivity", a.getMaxSelectivity());
            }
        }
        return o;
    }

    static ObjectNode scroll(Points.ScrollPoints r) {
        ObjectNode body = F.objectNode();
        FilterMessages.filter(body, r.hasFilter(), r.getFilter());
        if (r.hasOffset()) {
            body.set("offset", PointMessages.id(r.getOffset()));
        }
        if (r.hasLimit()) {
            body.put("limit", Integer.toUnsignedLong(r.getLimit()));
        }
        if (r.hasWithPayload()) {
            body.set("with_payload", PointMessages.withPayload(r.getWithPayload()));
        }
        if (r.hasWithVectors()) {
            body.set("with_vector", PointMessages.withVectors(r.getWithVectors()));
        }
        if (r.hasOrderBy()) {
            body.set("order_by", orderBy(r.getOrderBy()));
        }
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    static ObjectNode orderBy(Points.OrderBy o) {
        ObjectNode out = F.objectNode().put("key", o.getKey());
        if (o.hasDirection()) {
            out.put("direction", o.getDirection() == Points.Direction.Desc ? "desc" : "asc");
        }
        if (o.hasStartFrom()) {
            Points.StartFrom s = o.getStartFrom();
            switch (s.getValueCase()) {
                case FLOAT -> out.put("start_from", s.getFloat());
                case INTEGER -> out.put("start_from", s.getInteger());
                case TIMESTAMP -> out.put("start_from", Instant.ofEpochSecond(s.getTimestamp().getSeconds(),
                        s.getTimestamp().getNanos()).toString());
                case DATETIME -> out.put("start_from", s.getDatetime());
                default -> {
                    // no value given: from the first
                }
            }
        }
        return out;
    }

    static ObjectNode count(Points.CountPoints r) {
        ObjectNode body = F.objectNode();
        FilterMessages.filter(body, r.hasFilter(), r.getFilter());
        UpdateMessages.flag(body, "exact", r.hasExact(), r.getExact());
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    static ArrayNode floats(List<Float> values) {
        ArrayNode a = F.arrayNode(values.size());
        values.forEach(a::add);
        return a;
    }
}
