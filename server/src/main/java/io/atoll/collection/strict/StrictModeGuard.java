package io.atoll.collection.strict;

import java.util.Map;
import io.atoll.point.VectorValue;
import io.atoll.error.AtollException;
import io.atoll.filter.Filter;
import io.atoll.operation.PointsSelector;
import io.atoll.operation.PointsUpdate;
import io.atoll.query.ExampleQuery;
import io.atoll.query.ScrollQuery;
import io.atoll.query.VectorQuery;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.StrictModeConfig;
import io.atoll.schema.PayloadFieldType;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.function.LongSupplier;

/**
 * Holds one collection's requests to its strict mode (Qdrant's {@code strict_mode_config}) on the node that
 * coordinates them, before anything is read or written: result limits, exact search, ef and oversampling, batch
 * sizes, timeouts, filters on unindexed keys and their size, collection size and the read and write rates. Every
 * refusal is Qdrant's: a 400 saying what was exceeded with a "Help:" on how to stay within it, or a 429 for a
 * rate. Strict mode that is not enabled checks nothing. Thread-safe.
 *
 * <p>Rates are counted per collection on each node (Qdrant counts them per replica): a client spreading its
 * requests over n nodes gets up to n times the rate, as it does over n replicas in Qdrant.
 */
public final class StrictModeGuard {
    private final LongSupplier clock;
    private final RateLimits rates;
    private final SizeLimits sizes;

    public StrictModeGuard(CollectionSizes stats, LongSupplier clock) {
        this.clock = clock;
        this.rates = new RateLimits();
        this.sizes = new SizeLimits(stats, clock);
    }

    public void search(CollectionParams p, VectorQuery q) {
        StrictModeConfig s = p.activeStrictMode();
        if (s == null) {
            return;
        }
        limit((long) q.limit(), s.maxQueryLimit(), "limit");
        if (q.exact() && Boolean.FALSE.equals(s.searchAllowExact())) {
            throw refused("Exact search disabled!", "Set exact=false.");
        }
        limit(q.hnswEf() == null ? null : (long) q.hnswEf(), s.searchMaxHnswEf(), "hnsw_ef");
        if (q.oversampling() != null && s.searchMaxOversampling() != null
                && q.oversampling() > s.searchMaxOversampling()) {
            throw refused("Limit exceeded " + q.oversampling() + " > " + s.searchMaxOversampling()
                    + " for \"oversampling\"", "Reduce the \"oversampling\" parameter to or below "
                    + s.searchMaxOversampling() + ".");
        }
        read(p, s, q.filter());
    }

    /**
     * A search by examples always scans the points its filter admits, as Qdrant's does, so it counts as an
     * unindexed read: its limit and filter are checked.
     */
    public void examples(CollectionParams p, ExampleQuery q) {
        StrictModeConfig s = p.activeStrictMode();
        if (s != null) {
            limit((long) q.limit(), s.maxQueryLimit(), "limit");
            read(p, s, q.filter());
        }
    }

    /** A read bounded by a limit (facets, order_by): the limit counts against max_query_limit, as in Qdrant. */
    public void limitedRead(CollectionParams p, int limit, Filter filter) {
        StrictModeConfig s = p.activeStrictMode();
        if (s != null) {
            limit((long) limit, s.maxQueryLimit(), "limit");
            read(p, s, filter);
        }
    }

    public void scroll(CollectionParams p, ScrollQuery q) {
        StrictModeConfig s = p.activeStrictMode();
        if (s != null) {
            limit((long) q.limit(), s.maxQueryLimit(), "limit");
            read(p, s, q.filter());
        }
    }

    /** Counts and retrievals: a filter (or none) and the read rate. */
    public void read(CollectionParams p, Filter filter) {
        StrictModeConfig s = p.activeStrictMode();
        if (s != null) {
            read(p, s, filter);
        }
    }

    /** A retrieval by ids costs one read token per id, as in Qdrant. */
    public void retrieve(CollectionParams p, int ids) {
        StrictModeConfig s = p.activeStrictMode();
        if (s != null) {
            rates.read(s, Math.max(1, ids), clock.getAsLong());
        }
    }

    public void batch(CollectionParams p, int searches) {
        StrictModeConfig s = p.activeStrictMode();
        if (s != null) {
            limit((long) searches, s.searchMaxBatchsize(), "search batch size");
        }
    }

    /** A request's {@code timeout} in seconds. */
    public void timeout(CollectionParams p, long seconds) {
        StrictModeConfig s = p.activeStrictMode();
        if (s != null) {
            limit(seconds, s.maxTimeout(), "timeout");
        }
    }

    public void payloadIndex(CollectionParams p) {
        StrictModeConfig s = p.activeStrictMode();
        if (s != null && s.maxPayloadIndexCount() != null && p.payloadSchema().size() >= s.maxPayloadIndexCount()) {
            throw refused("Limit exceeded " + (p.payloadSchema().size() + 1) + " > " + s.maxPayloadIndexCount()
                    + " for \"max_payload_index_count\"", "Delete a payload index before creating another one.");
        }
    }

    public void update(CollectionParams p, PointsUpdate u) {
        StrictModeConfig s = p.activeStrictMode();
        if (s == null) {
            return;
        }
        long cost = 1;
        switch (u) {
            case PointsUpdate.Upsert up -> {
                limit((long) up.points().size(), s.upsertMaxBatchsize(), "upsert limit");
                up.points().forEach(pt -> vectorLimits(s, pt.vectors()));
                sizes.check(p, s);
                cost = up.points().size();
            }
            case PointsUpdate.UpdateVectors uv -> {
                limit((long) uv.points().size(), s.upsertMaxBatchsize(), "update limit");
                uv.points().forEach(pt -> vectorLimits(s, pt.vectors()));
                sizes.check(p, s);
                cost = uv.points().size();
            }
            case PointsUpdate.Delete d -> cost += selectorFilter(p, s, d.selector());
            case PointsUpdate.SetPayload sp -> {
                sizes.checkPayload(s);
                cost += selectorFilter(p, s, sp.selector());
            }
            case PointsUpdate.OverwritePayload op -> {
                sizes.checkPayload(s);
                cost += selectorFilter(p, s, op.selector());
            }
            case PointsUpdate.DeletePayload dp -> cost += selectorFilter(p, s, dp.selector());
            case PointsUpdate.ClearPayload cp -> cost += selectorFilter(p, s, cp.selector());
            case PointsUpdate.DeleteVectors dv -> cost += selectorFilter(p, s, dv.selector());
        }
        rates.write(s, Math.max(1, cost), clock.getAsLong());
    }

    /** Qdrant's sparse_config max_length and multivector_config max_vectors, per vector name. */
    private static void vectorLimits(StrictModeConfig s, Map<String, VectorValue> vectors) {
        vectors.forEach((name, v) -> {
            if (v instanceof VectorValue.Sparse sp && s.sparseConfig() != null
                    && s.sparseConfig().path(name).path("max_length").canConvertToLong()) {
                long max = s.sparseConfig().path(name).path("max_length").asLong();
                if (sp.indices().length > max) {
                    throw AtollException.badRequest("Bad request: Sparse vector '" + name + "' has a limit of " + max
                            + " indices, but " + sp.indices().length + " were provided!");
                }
            }
            if (v instanceof VectorValue.Multi m && s.multivectorConfig() != null
                    && s.multivectorConfig().path(name).path("max_vectors").canConvertToLong()) {
                long max = s.multivectorConfig().path(name).path("max_vectors").asLong();
                if (m.vectors().length > max) {
                    throw AtollException.badRequest("Bad request: Multivector '" + name + "' has a limit of " + max
                            + " vectors, but " + m.vectors().length + " were provided!");
                }
            }
        });
    }

    private void read(CollectionParams p, StrictModeConfig s, Filter filter) {
        int conditions = filter == null ? 0 : filter(p, filter, s, s.unindexedFilteringRetrieve());
        rates.read(s, 1 + conditions, clock.getAsLong());
    }

    /** Checks a write's filter (none when it lists ids) and returns its condition count. */
    private static int selectorFilter(CollectionParams p, StrictModeConfig s, PointsSelector selector) {
        return selector.filter() == null ? 0 : filter(p, selector.filter(), s, s.unindexedFilteringUpdate());
    }

    private static int filter(CollectionParams p, Filter f, StrictModeConfig s, Boolean unindexedAllowed) {
        if (Boolean.FALSE.equals(unindexedAllowed)) {
            FilterLimits.Unindexed u = FilterLimits.firstUnindexed(f, p.payloadSchema());
            if (u != null) {
                throw refused("Index required but not found for \"" + u.key() + "\" of one of the following types: "
                        + u.types().stream().map(PayloadFieldType::apiName).sorted()
                                .collect(Collectors.joining(", ", "[", "]")), "Create an index for this key or use a different filter.");
            }
        }
        int conditions = FilterLimits.conditions(f);
        if (s.filterMaxConditions() != null && conditions > s.filterMaxConditions()) {
            throw refused("Filter condition limit reached (" + conditions + " > " + s.filterMaxConditions() + ")",
                    "Reduce the amount of conditions of your filter.");
        }
        int largest = FilterLimits.largestCondition(f);
        if (s.conditionMaxSize() != null && largest > s.conditionMaxSize()) {
            throw refused("Condition size limit reached (" + largest + " > " + s.conditionMaxSize() + ")",
                    "Reduce the size of your condition.");
        }
        return conditions;
    }

    private static void limit(Long value, Long limit, String name) {
        if (value != null && limit != null && value > limit) {
            throw refused("Limit exceeded " + value + " > " + limit + " for \"" + name + "\"",
                    "Reduce the \"" + name + "\" parameter to or below " + limit + ".");
        }
    }

    static AtollException refused(String error, String help) {
        return AtollException.badRequest(String.format(Locale.ROOT, "Bad request: %s. Help: %s", error, help));
    }
}
