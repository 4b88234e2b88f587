package io.atoll.api.grpc;

import static io.atoll.api.grpc.FilterMessages.shardKeys;
import static io.atoll.api.grpc.FilterMessages.unsigned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.qdrant.client.grpc.Points;

/**
 * Qdrant's RecommendPoints and DiscoverPoints messages as the older REST bodies they stand for, so that the REST
 * parser checks and reads them. Stateless.
 */
final class ExampleMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ExampleMessages() {
    }

    static ObjectNode recommend(Points.RecommendPoints r) {
        ObjectNode body = F.objectNode();
        ArrayNode positive = body.putArray("positive");
        r.getPositiveList().forEach(id -> positive.add(PointMessages.id(id)));
        r.getPositiveVectorsList().forEach(v -> positive.add(vector(v)));
        ArrayNode negative = body.putArray("negative");
        r.getNegativeList().forEach(id -> negative.add(PointMessages.id(id)));
        r.getNegativeVectorsList().forEach(v -> negative.add(vector(v)));
        if (r.hasStrategy()) {
            body.put("strategy", switch (r.getStrategy()) {
                case BestScore -> "best_score";
                case SumScores -> "sum_scores";
                default -> "average_vector";
            });
        }
        FilterMessages.filter(body, r.hasFilter(), r.getFilter());
        body.set("limit", unsigned(r.getLimit()));
        if (r.hasOffset()) {
            body.set("offset", unsigned(r.getOffset()));
        }
        common(body, r.hasUsing() ? r.getUsing() : null, r.hasLookupFrom() ? r.getLookupFrom() : null);
        ReadMessages.options(body, r.hasScoreThreshold() ? r.getScoreThreshold() : null,
                r.hasParams() ? r.getParams() : null, r.hasWithPayload() ? r.getWithPayload() : null,
                r.hasWithVectors() ? r.getWithVectors() : null);
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    static ObjectNode discover(Points.DiscoverPoints r) {
        ObjectNode body = F.objectNode();
        if (r.hasTarget() && r.getTarget().hasSingle()) {
            body.set("target", example(r.getTarget().getSingle()));
        }
        ArrayNode context = body.putArray("context");
        for (Points.ContextExamplePair p : r.getContextList()) {
            ObjectNode pair = context.addObject();
            pair.set("positive", example(p.getPositive()));
            pair.set("negative", example(p.getNegative()));
        }
        FilterMessages.filter(body, r.hasFilter(), r.getFilter());
        body.set("limit", unsigned(r.getLimit()));
        if (r.hasOffset()) {
            body.set("offset", unsigned(r.getOffset()));
        }
        common(body, r.hasUsing() ? r.getUsing() : null, r.hasLookupFrom() ? r.getLookupFrom() : null);
        ReadMessages.options(body, null, r.hasParams() ? r.getParams() : null,
                r.hasWithPayload() ? r.getWithPayload() : null, r.hasWithVectors() ? r.getWithVectors() : null);
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    private static void common(ObjectNode body, String using, Points.LookupLocation lookup) {
        if (using != null) {
            body.put("using", using);
        }
        if (lookup != null) {
            body.set("lookup_from", QueryMessages.lookupFrom(lookup));
        }
    }

    private static JsonNode example(Points.VectorExample e) {
        return switch (e.getExampleCase()) {
            case ID -> PointMessages.id(e.getId());
            case VECTOR -> vector(e.getVector());
            default -> throw AtollException.badRequest("Bad request: an example must be a point id or a vector");
        };
    }

    /** A dense vector, in the current or the deprecated form; sparse and multi vectors are refused as in REST. */
    private static JsonNode vector(Points.Vector v) {
        if (v.hasDense()) {
            return ReadMessages.floats(v.getDense().getDataList());
        }
        if (v.getVectorCase() == Points.Vector.VectorCase.VECTOR_NOT_SET && !v.hasIndices()
                && !v.hasVectorsCount()) {
            return ReadMessages.floats(v.getDataList());
        }
        throw AtollException.badRequest("Bad request: only dense vectors are supported as examples by Atoll yet");
    }
}
