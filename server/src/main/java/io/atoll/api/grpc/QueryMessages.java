package io.atoll.api.grpc;

import static io.atoll.api.grpc.FilterMessages.shardKeys;
import static io.atoll.api.grpc.FilterMessages.unsigned;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.error.AtollException;
import io.qdrant.client.grpc.Points;
import java.util.List;
import java.util.Locale;

/**
 * Qdrant's QueryPoints message as the POST /points/query body it stands for (prefetches nested, lookup_from, and
 * the query kinds Atoll builds), so that the REST parser checks and reads it. Stateless.
 */
final class QueryMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private QueryMessages() {
    }

    static ObjectNode query(Points.QueryPoints r) {
        ObjectNode body = F.objectNode();
        prefetches(body, r.getPrefetchList());
        if (r.hasQuery()) {
            body.set("query", query(r.getQuery()));
        }
        if (r.hasUsing()) {
            body.put("using", r.getUsing());
        }
        FilterMessages.filter(body, r.hasFilter(), r.getFilter());
        if (r.hasLimit()) {
            body.set("limit", unsigned(r.getLimit()));
        }
        if (r.hasOffset()) {
            body.set("offset", unsigned(r.getOffset()));
        }
        ReadMessages.options(body, r.hasScoreThreshold() ? r.getScoreThreshold() : null,
                r.hasParams() ? r.getParams() : null, r.hasWithPayload() ? r.getWithPayload() : null,
                r.hasWithVectors() ? r.getWithVectors() : null);
        if (r.hasLookupFrom()) {
            body.set("lookup_from", lookupFrom(r.getLookupFrom()));
        }
        shardKeys(body, r.hasShardKeySelector(), r.getShardKeySelector());
        return body;
    }

    private static void prefetches(ObjectNode body, List<Points.PrefetchQuery> list) {
        if (list.isEmpty()) {
            return;
        }
        ArrayNode out = body.putArray("prefetch");
        for (Points.PrefetchQuery p : list) {
            ObjectNode o = out.addObject();
            prefetches(o, p.getPrefetchList());
            if (p.hasQuery()) {
                o.set("query", query(p.getQuery()));
            }
            if (p.hasUsing()) {
                o.put("using", p.getUsing());
            }
            FilterMessages.filter(o, p.hasFilter(), p.getFilter());
            if (p.hasParams()) {
                o.set("params", ReadMessages.params(p.getParams()));
            }
            if (p.hasScoreThreshold()) {
                o.put("score_threshold", p.getScoreThreshold());
            }
            if (p.hasLimit()) {
                o.set("limit", unsigned(p.getLimit()));
            }
            if (p.hasLookupFrom()) {
                o.set("lookup_from", lookupFrom(p.getLookupFrom()));
            }
        }
    }

    static ObjectNode lookupFrom(Points.LookupLocation l) {
        ObjectNode o = F.objectNode().put("collection", l.getCollectionName());
        if (l.hasVectorName()) {
            o.put("vector", l.getVectorName());
        }
        shardKeys(o, l.hasShardKeySelector(), l.getShardKeySelector());
        return o;
    }

    /** The query kinds Atoll builds; every other kind is refused by name, as REST refuses it. */
    private static JsonNode query(Points.Query q) {
        return switch (q.getVariantCase()) {
            case NEAREST -> vectorInput(q.getNearest());
            case NEAREST_WITH_MMR -> {
                ObjectNode o = F.objectNode();
                o.set("nearest", vectorInput(q.getNearestWithMmr().getNearest()));
                Points.Mmr mmr = q.getNearestWithMmr().getMmr();
                ObjectNode m = o.putObject("mmr");
                if (mmr.hasDiversity()) {
                    m.put("diversity", mmr.getDiversity());
                }
                if (mmr.hasCandidatesLimit()) {
                    m.put("candidates_limit", Integer.toUnsignedLong(mmr.getCandidatesLimit()));
                }
                yield o;
            }
            case FUSION -> F.objectNode().put("fusion", q.getFusion() == Points.Fusion.DBSF ? "dbsf" : "rrf");
            case RRF -> {
                ObjectNode rrf = F.objectNode();
                if (q.getRrf().hasK()) {
                    rrf.put("k", Integer.toUnsignedLong(q.getRrf().getK()));
                }
                // a repeated field cannot say "not given": an empty list of weights stands for none
                if (q.getRrf().getWeightsCount() > 0) {
                    rrf.set("weights", ReadMessages.floats(q.getRrf().getWeightsList()));
                }
                yield F.objectNode().set("rrf", rrf);
            }
            case RECOMMEND -> F.objectNode().set("recommend", recommend(q.getRecommend()));
            case DISCOVER -> {
                ObjectNode d = F.objectNode();
                d.set("target", vectorInput(q.getDiscover().getTarget()));
                d.set("context", pairs(q.getDiscover().getContext()));
                yield F.objectNode().set("discover", d);
            }
            case CONTEXT -> F.objectNode().set("context", pairs(q.getContext()));
            case SAMPLE -> F.objectNode().put("sample", "random");
            case ORDER_BY -> F.objectNode().set("order_by", ReadMessages.orderBy(q.getOrderBy()));
            case FORMULA -> FormulaMessages.formula(q.getFormula());
            case RELEVANCE_FEEDBACK -> F.objectNode().set("relevance_feedback", feedback(q.getRelevanceFeedback()));
            default -> throw AtollException.badRequest("Bad request: query `"
                    + q.getVariantCase().name().toLowerCase(Locale.ROOT) + "` is not supported by Atoll yet; give a "
                    + "vector, a point id, or one of nearest, fusion, rrf, recommend, discover, context, sample, "
                    + "relevance_feedback, formula, order_by");
        };
    }

    private static ObjectNode recommend(Points.RecommendInput r) {
        ObjectNode o = F.objectNode();
        ArrayNode positive = o.putArray("positive");
        r.getPositiveList().forEach(v -> positive.add(vectorInput(v)));
        ArrayNode negative = o.putArray("negative");
        r.getNegativeList().forEach(v -> negative.add(vectorInput(v)));
        if (r.hasStrategy()) {
            o.put("strategy", switch (r.getStrategy()) {
                case BestScore -> "best_score";
                case SumScores -> "sum_scores";
                default -> "average_vector";
            });
        }
        return o;
    }

    private static ObjectNode feedback(Points.RelevanceFeedbackInput f) {
        ObjectNode o = F.objectNode();
        o.set("target", vectorInput(f.getTarget()));
        ArrayNode items = o.putArray("feedback");
        for (Points.FeedbackItem item : f.getFeedbackList()) {
            ObjectNode i = items.addObject();
            i.set("example", vectorInput(item.getExample()));
            i.put("score", item.getScore());
        }
        if (f.getStrategy().hasNaive()) {
            Points.NaiveFeedbackStrategy n = f.getStrategy().getNaive();
            o.putObject("strategy").putObject("naive").put("a", n.getA()).put("b", n.getB()).put("c", n.getC());
        }
        return o;
    }

    private static ArrayNode pairs(Points.ContextInput c) {
        ArrayNode out = F.arrayNode();
        for (Points.ContextInputPair p : c.getPairsList()) {
            ObjectNode pair = out.addObject();
            pair.set("positive", vectorInput(p.getPositive()));
            pair.set("negative", vectorInput(p.getNegative()));
        }
        return out;
    }

    private static JsonNode vectorInput(Points.VectorInput v) {
        return switch (v.getVariantCase()) {
            case ID -> PointMessages.id(v.getId());
            case DENSE -> ReadMessages.floats(v.getDense().getDataList());
            case SPARSE -> PointMessages.sparse(v.getSparse().getIndicesList(), v.getSparse().getValuesList());
            case MULTI_DENSE -> {
                com.fasterxml.jackson.databind.node.ArrayNode multi = F.arrayNode();
                v.getMultiDense().getVectorsList().forEach(d -> multi.add(ReadMessages.floats(d.getDataList())));
                yield multi;
            }
            default -> throw AtollException.badRequest("Bad request: a "
                    + v.getVariantCase().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                    + " query is not supported by Atoll yet; give a vector or a point id");
        };
    }
}
