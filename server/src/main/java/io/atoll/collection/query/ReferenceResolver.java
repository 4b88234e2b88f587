package io.atoll.collection.query;

import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.error.AtollException;
import io.atoll.point.PayloadSelector;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.LookupFrom;
import io.atoll.query.QueryStage;
import io.atoll.query.StageScoring;
import io.atoll.query.VectorInput;
import io.atoll.routing.ShardSelector;
import io.atoll.point.VectorValue;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns the point ids a query names into their stored vectors before any stage runs, with one retrieval per
 * collection and vector name, at the request's read consistency (as Qdrant does). Ids named on the searched
 * collection itself are also left out of the results; ids looked up elsewhere are not.
 */
final class ReferenceResolver {
    /** Where an id is looked up. {@code lookup} null means the searched collection. */
    record Source(LookupFrom lookup, String vector) {
    }

    private final Collection collection;
    private final Function<String, Collection> collections;
    private final ReadConsistency consistency;
    private final ShardSelector keys;
    private final Map<Source, Map<PointId, VectorValue>> resolved = new HashMap<>();

    ReferenceResolver(Collection collection, Function<String, Collection> collections, ReadConsistency consistency,
                      ShardSelector keys) {
        this.collection = collection;
        this.collections = collections;
        this.consistency = consistency;
        this.keys = keys;
    }

    /** Looks up every id named in {@code root} and its prefetches; returns those named on the searched collection. */
    Set<PointId> resolve(QueryStage root) {
        Map<Source, Set<PointId>> wanted = new LinkedHashMap<>();
        collect(root, wanted);
        wanted.forEach((source, ids) -> resolved.put(source, lookUp(source, List.copyOf(ids))));
        Set<PointId> own = new LinkedHashSet<>();
        wanted.forEach((source, ids) -> {
            if (source.lookup() == null) {
                own.addAll(ids);
            }
        });
        return own;
    }

    /** The dense vector a stage scores examples with; its ids were resolved by {@link #resolve}. */
    float[] vector(QueryStage stage, VectorInput input) {
        return value(stage, input).asDense();
    }

    /** The vector a stage scores with, of any kind; its ids were resolved by {@link #resolve}. */
    VectorValue value(QueryStage stage, VectorInput input) {
        return switch (input) {
            case VectorInput.Given g -> g.vector();
            case VectorInput.Stored s -> resolved.get(source(stage)).get(s.id());
        };
    }

    private static Source source(QueryStage stage) {
        LookupFrom l = stage.lookupFrom();
        String vector = l != null && l.vector() != null ? l.vector() : QueryCoordinator.using(stage);
        return new Source(l, vector);
    }

    private static void collect(QueryStage stage, Map<Source, Set<PointId>> wanted) {
        if (stage.scoring() != null) {
            for (VectorInput input : stage.scoring().inputs()) {
                if (input instanceof VectorInput.Stored(PointId id)) {
                    wanted.computeIfAbsent(source(stage), s -> new LinkedHashSet<>()).add(id);
                }
            }
        }
        stage.prefetches().forEach(p -> collect(p, wanted));
    }

    private Map<PointId, VectorValue> lookUp(Source source, List<PointId> ids) {
        Collection target = source.lookup() == null ? collection : collections.apply(source.lookup().collection());
        ShardSelector where = source.lookup() == null ? keys : source.lookup().keys();
        // retrieve refuses a vector name the collection lacks, with Qdrant's text
        List<ScoredPoint> found = target.retrieve(ids, PayloadSelector.NONE,
                new VectorSelector.Named(List.of(source.vector())), consistency, where);
        Map<PointId, VectorValue> out = new HashMap<>();
        found.forEach(p -> out.put(p.id(), p.vectors().get(source.vector())));
        for (PointId id : ids) {
            if (!out.containsKey(id)) {
                throw AtollException.notFound("No point with id " + id + " found");
            }
            if (out.get(id) == null) {
                throw AtollException.notFound("Vector with name \"" + source.vector() + "\" for point not found");
            }
        }
        return out;
    }
}
