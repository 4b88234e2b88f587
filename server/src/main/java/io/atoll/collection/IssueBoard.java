package io.atoll.collection;

import io.atoll.collection.strict.FilterLimits;
import io.atoll.filter.Filter;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.PayloadFieldType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's report of performance issues (Qdrant's {@code GET /issues}): a filtered read slower than the slow
 * query threshold ({@code service.slow_query_secs}) names each key it filtered on without a fitting payload index,
 * with the request that creates one. An issue is solved, and leaves the board, when that index exists or its
 * collection is dropped; {@code DELETE /issues} clears the board. Thread-safe.
 */
public final class IssueBoard {
    public static final Duration DEFAULT_SLOW_QUERY = Duration.ofMillis(1200);

    /** One way to solve an issue: a request to send. */
    public record Action(String message, String method, String uri, Map<String, Object> body) {
    }

    /** @param solutions one or more requests, any one of which solves the issue */
    public record Issue(String id, String description, List<Action> solutions, Instant timestamp,
                        String relatedCollection, String field) {
    }

    private final Duration slowQuery;
    private final Map<String, Issue> issues = new ConcurrentHashMap<>();

    public IssueBoard(Duration slowQuery) {
        this.slowQuery = slowQuery;
    }

    /** Called after each filtered read with how long it took. */
    void read(String collection, CollectionParams params, Filter filter, long nanos) {
        if (filter == null || nanos < slowQuery.toNanos()) {
            return;
        }
        for (FilterLimits.Unindexed u : FilterLimits.unindexed(filter, params.payloadSchema())) {
            String id = "UNINDEXED_FIELD/" + collection + "/" + u.key();
            List<Action> actions = new ArrayList<>();
            for (PayloadFieldType t : u.types().stream().sorted(java.util.Comparator.comparing(
                    PayloadFieldType::apiName)).toList()) {
                actions.add(new Action("Create an index on field '" + u.key() + "' of schema \"" + t.apiName()
                        + "\" in collection '" + collection + "'. Check the documentation for more details: "
                        + "https://qdrant.tech/documentation/concepts/indexing/#payload-index", "PUT",
                        "/collections/" + java.net.URLEncoder.encode(collection, java.nio.charset.StandardCharsets.UTF_8)
                                + "/index", Map.of("field_name", u.key(), "field_schema", t.apiName())));
            }
            issues.putIfAbsent(id, new Issue(id, "Unindexed field '" + u.key() + "' might be slowing queries down "
                    + "in collection '" + collection + "'", actions, Instant.now(), collection, u.key()));
        }
    }

    /** Drops the issues that the current collections solve: their collection is gone or the key is indexed now. */
    void follow(Map<String, CollectionParams> collections) {
        issues.values().removeIf(i -> {
            CollectionParams p = collections.get(i.relatedCollection());
            return p == null || p.payloadSchema().containsKey(i.field());
        });
    }

    public Collection<Issue> all() {
        return List.copyOf(issues.values());
    }

    public void clear() {
        issues.clear();
    }
}
