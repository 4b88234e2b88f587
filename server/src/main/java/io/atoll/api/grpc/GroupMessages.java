package io.atoll.api.grpc;


import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.query.GroupedQuery;
import io.atoll.schema.CollectionParams;
import io.qdrant.client.grpc.Points;
import java.util.List;

/**
 * Qdrant's SearchPointGroups, RecommendPointGroups and QueryPointGroups as the REST bodies they stand for (the
 * group fields added to the search, recommend or query body), and groups as Qdrant's GroupsResult. Stateless.
 */
final class GroupMessages {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private GroupMessages() {
    }

    static ObjectNode search(Points.SearchPointGroups r) {
        Points.SearchPoints.Builder s = Points.SearchPoints.newBuilder().setCollectionName(r.getCollectionName())
                .addAllVector(r.getVectorList()).setLimit(Integer.toUnsignedLong(r.getLimit()));
        if (r.hasSparseIndices()) {
            s.setSparseIndices(r.getSparseIndices());
        }
        if (r.hasFilter()) {
            s.setFilter(r.getFilter());
        }
        if (r.hasWithPayload()) {
            s.setWithPayload(r.getWithPayload());
        }
        if (r.hasParams()) {
            s.setParams(r.getParams());
        }
        if (r.hasScoreThreshold()) {
            s.setScoreThreshold(r.getScoreThreshold());
        }
        if (r.hasVectorName()) {
            s.setVectorName(r.getVectorName());
        }
        if (r.hasWithVectors()) {
            s.setWithVectors(r.getWithVectors());
        }
        if (r.hasShardKeySelector()) {
            s.setShardKeySelector(r.getShardKeySelector());
        }
        return groups(ReadMessages.search(s.build()), r.getGroupBy(), Integer.toUnsignedLong(r.getGroupSize()),
                r.hasWithLookup() ? r.getWithLookup() : null);
    }

    static ObjectNode recommend(Points.RecommendPointGroups r) {
        Points.RecommendPoints.Builder p = Points.RecommendPoints.newBuilder().setCollectionName(r.getCollectionName())
                .addAllPositive(r.getPositiveList()).addAllNegative(r.getNegativeList())
                .addAllPositiveVectors(r.getPositiveVectorsList()).addAllNegativeVectors(r.getNegativeVectorsList())
                .setLimit(Integer.toUnsignedLong(r.getLimit()));
        if (r.hasFilter()) {
            p.setFilter(r.getFilter());
        }
        if (r.hasWithPayload()) {
            p.setWithPayload(r.getWithPayload());
        }
        if (r.hasParams()) {
            p.setParams(r.getParams());
        }
        if (r.hasScoreThreshold()) {
            p.setScoreThreshold(r.getScoreThreshold());
        }
        if (r.hasUsing()) {
            p.setUsing(r.getUsing());
        }
        if (r.hasWithVectors()) {
            p.setWithVectors(r.getWithVectors());
        }
        if (r.hasLookupFrom()) {
            p.setLookupFrom(r.getLookupFrom());
        }
        if (r.hasStrategy()) {
            p.setStrategy(r.getStrategy());
        }
        if (r.hasShardKeySelector()) {
            p.setShardKeySelector(r.getShardKeySelector());
        }
        return groups(ExampleMessages.recommend(p.build()), r.getGroupBy(), Integer.toUnsignedLong(r.getGroupSize()),
                r.hasWithLookup() ? r.getWithLookup() : null);
    }

    static ObjectNode query(Points.QueryPointGroups r) {
        Points.QueryPoints.Builder q = Points.QueryPoints.newBuilder().setCollectionName(r.getCollectionName())
                .addAllPrefetch(r.getPrefetchList());
        if (r.hasQuery()) {
            q.setQuery(r.getQuery());
        }
        if (r.hasUsing()) {
            q.setUsing(r.getUsing());
        }
        if (r.hasFilter()) {
            q.setFilter(r.getFilter());
        }
        if (r.hasParams()) {
            q.setParams(r.getParams());
        }
        if (r.hasScoreThreshold()) {
            q.setScoreThreshold(r.getScoreThreshold());
        }
        if (r.hasWithPayload()) {
            q.setWithPayload(r.getWithPayload());
        }
        if (r.hasWithVectors()) {
            q.setWithVectors(r.getWithVectors());
        }
        if (r.hasLookupFrom()) {
            q.setLookupFrom(r.getLookupFrom());
        }
        if (r.hasLimit()) {
            q.setLimit(r.getLimit());
        }
        if (r.hasShardKeySelector()) {
            q.setShardKeySelector(r.getShardKeySelector());
        }
        return groups(QueryMessages.query(q.build()), r.getGroupBy(), r.hasGroupSize() ? r.getGroupSize() : null,
                r.hasWithLookup() ? r.getWithLookup() : null);
    }

    /** The group fields on a translated body; {@code groupSize} null when not given. */
    private static ObjectNode groups(ObjectNode body, String groupBy, Long groupSize, Points.WithLookup lookup) {
        body.put("group_by", groupBy);
        if (groupSize != null) {
            body.set("group_size", FilterMessages.unsigned(groupSize));
        }
        if (lookup != null) {
            ObjectNode l = body.putObject("with_lookup").put("collection", lookup.getCollection());
            if (lookup.hasWithPayload()) {
                l.set("with_payload", PointMessages.withPayload(lookup.getWithPayload()));
            }
            if (lookup.hasWithVectors()) {
                l.set("with_vectors", PointMessages.withVectors(lookup.getWithVectors()));
            }
        }
        return body;
    }

    static Points.GroupsResult result(List<GroupedQuery.Group> groups, CollectionParams params,
                                      CollectionParams lookupParams) {
        Points.GroupsResult.Builder out = Points.GroupsResult.newBuilder();
        for (GroupedQuery.Group g : groups) {
            Points.PointGroup.Builder b = Points.PointGroup.newBuilder();
            b.setId(g.id() instanceof Long l ? Points.GroupId.newBuilder().setIntegerValue(l).build()
                    : Points.GroupId.newBuilder().setStringValue((String) g.id()).build());
            g.hits().forEach(p -> b.addHits(PointMessages.scored(p, params)));
            if (g.lookup() != null) {
                b.setLookup(PointMessages.retrieved(g.lookup(), lookupParams));
            }
            out.addGroups(b);
        }
        return out.build();
    }
}
