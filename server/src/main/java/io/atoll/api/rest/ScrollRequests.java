package io.atoll.api.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.collection.query.Ordering;
import io.atoll.error.AtollException;
import io.atoll.filter.Datetimes;
import io.atoll.point.PointId;
import io.atoll.point.ScoredPoint;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.query.StageScoring;
import io.atoll.routing.ShardSelector;
import java.util.List;
import java.util.Set;

/**
 * Parses and runs scrolls, for REST and gRPC alike: in id order, or with {@code order_by} in the order of a
 * numeric payload key (Qdrant's shapes, checks and texts). Stateless.
 */
public final class ScrollRequests {
    private ScrollRequests() {
    }

    /** {@code orderBy} is null for id order. */
    public record Parsed(ScrollQuery query, StageScoring.OrderBy orderBy, ShardSelector keys) {
    }

    /** The points of a page; with order_by each has the value it was ordered by, and there is no next page. */
    public record Page(List<ScoredPoint> points, PointId nextOffset) {
    }

    public static Parsed parse(ObjectNode body) {
        ScrollQuery q = ReadParser.scroll(body);
        StageScoring.OrderBy order = orderBy(body.get("order_by"), "order_by");
        if (order != null && q.offset() != null) {
            throw AtollException.badRequest("Wrong input: Cannot use an `offset` when using `order_by`. The "
                    + "alternative for paging is to use `order_by.start_from` and a filter to exclude the IDs that "
                    + "you've already seen for the `order_by.start_from` value");
        }
        return new Parsed(q, order, ShardKeyParser.selector(body));
    }

    public static Page run(Collection c, Parsed p, ReadConsistency consistency) {
        ScrollQuery q = p.query();
        if (p.orderBy() == null) {
            ScrollPage page = c.scroll(q, consistency, p.keys());
            return new Page(page.points(), page.nextOffset());
        }
        return new Page(Ordering.scroll(c, q.filter(), p.orderBy(), q.limit(), q.withPayload(), q.withVector(),
                consistency, p.keys()), null);
    }

    /**
     * An {@code order_by} (a key, or {key, direction, start_from}) at {@code field} of the body, for scroll and
     * for the query of the same name; null when absent.
     */
    static StageScoring.OrderBy orderBy(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return new StageScoring.OrderBy(JsonInput.path(n, field), false, null);
        }
        ObjectNode o = JsonInput.object(n, field);
        JsonInput.allowOnly(o, field, Set.of("key", "direction", "start_from"));
        String key = JsonInput.path(JsonInput.required(o, "key"), field + ".key");
        boolean descending = false;
        if (JsonInput.present(o, "direction")) {
            String d = JsonInput.text(o.get("direction"), field + ".direction");
            descending = switch (d) {
                case "asc" -> false;
                case "desc" -> true;
                default -> throw JsonInput.formatError("`" + field + ".direction`: unknown variant `" + d
                        + "`, expected `asc` or `desc`");
            };
        }
        return new StageScoring.OrderBy(key, descending, startFrom(o.get("start_from"), field + ".start_from"));
    }

    /** A number, or an RFC 3339 datetime as microseconds (how datetime keys are ordered). */
    private static Double startFrom(JsonNode n, String field) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            Long micros = Datetimes.parseMicros(n.asText());
            if (micros == null) {
                throw JsonInput.formatError("`" + field + "`: `" + n.asText() + "` is neither a number nor "
                        + "an RFC 3339 datetime");
            }
            return (double) micros;
        }
        return JsonInput.doubleValue(n, field);
    }
}
