package io.atoll.api.grpc;

import static io.atoll.api.grpc.FilterMessages.shardKeys;
import static io.atoll.api.grpc.FilterMessages.unsigned;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.query.DistanceMatrix;
import io.atoll.query.FacetQuery;
import io.qdrant.client.grpc.Points;
import java.util.List;

/**
 * Qdrant's facet and distance-matrix messages: requests as the REST bodies they stand for, answers as Qdrant's
 * FacetHit, SearchMatrixPairs and SearchMatrixOffsets. Stateless.
 */
final class SummaryMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SummaryMessages() {
    }

    static ObjectNode facet(Points.FacetCounts r) {
        ObjectNode body = F.objectNode().put("key", r.getKey());
        FilterMessages.filter(body, r.hasFilter(), r.getFilter());
        if (r.hasLimit()) {
            body.set("limit", unsigned(r.getLimit()));
        }
        UpdateMessages.flag(body, "exact", r.hasExact(), r.getExact());
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    static Points.FacetResponse.Builder hits(List<FacetQuery.Hit> hits) {
        Points.FacetResponse.Builder b = Points.FacetResponse.newBuilder();
        for (FacetQuery.Hit h : hits) {
            Points.FacetValue.Builder v = Points.FacetValue.newBuilder();
            switch (h.value()) {
                case String s -> v.setStringValue(s);
                case Long l -> v.setIntegerValue(l);
                case Boolean bool -> v.setBoolValue(bool);
                default -> throw new IllegalStateException("a facet value is a string, an integer or a bool");
            }
            b.addHits(Points.FacetHit.newBuilder().setValue(v).setCount(h.count()));
        }
        return b;
    }

    static ObjectNode matrix(Points.SearchMatrixPoints r) {
        ObjectNode body = F.objectNode();
        FilterMessages.filter(body, r.hasFilter(), r.getFilter());
        if (r.hasSample()) {
            body.set("sample", unsigned(r.getSample()));
        }
        if (r.hasLimit()) {
            body.set("limit", unsigned(r.getLimit()));
        }
        if (r.hasUsing()) {
            body.put("using", r.getUsing());
        }
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    static Points.SearchMatrixPairs pairs(DistanceMatrix.Result m) {
        Points.SearchMatrixPairs.Builder b = Points.SearchMatrixPairs.newBuilder();
        for (int row = 0; row < m.ids().size(); row++) {
            for (int i = 0; i < m.columns().get(row).length; i++) {
                b.addPairs(Points.SearchMatrixPair.newBuilder().setA(PointMessages.id(m.ids().get(row)))
                        .setB(PointMessages.id(m.ids().get(m.columns().get(row)[i])))
                        .setScore(m.scores().get(row)[i]));
            }
        }
        return b.build();
    }

    static Points.SearchMatrixOffsets offsets(DistanceMatrix.Result m) {
        Points.SearchMatrixOffsets.Builder b = Points.SearchMatrixOffsets.newBuilder();
        for (int row = 0; row < m.ids().size(); row++) {
            for (int i = 0; i < m.columns().get(row).length; i++) {
                b.addOffsetsRow(row).addOffsetsCol(m.columns().get(row)[i]).addScores(m.scores().get(row)[i]);
            }
        }
        m.ids().forEach(id -> b.addIds(PointMessages.id(id)));
        return b.build();
    }
}
