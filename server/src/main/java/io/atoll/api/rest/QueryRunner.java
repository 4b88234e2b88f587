package io.atoll.api.rest;

import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.error.AtollException;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorSelector;
import io.atoll.query.ScrollPage;
import io.atoll.query.ScrollQuery;
import io.atoll.routing.ShardSelector;
import java.util.List;

/**
 * Runs a parsed universal query on a collection, for REST and gRPC alike: a vector search, or (without a query)
 * points in id order with scores of zero, as Qdrant returns them. Stateless.
 */
public final class QueryRunner {
    /** The most searches one batch request may carry, in either API. */
    public static final int MAX_BATCH = 1000;

    private QueryRunner() {
    }

    public static List<ScoredPoint> run(Collection c, ReadParser.Query q, ReadConsistency rc, ShardSelector keys) {
        return switch (q) {
            case ReadParser.VectorSearch vs -> c.search(vs.query(), rc, keys);
            case ReadParser.Listing l -> {
                ScrollPage page = c.scroll(new ScrollQuery(l.filter(), null, Math.max(1, l.limit() + l.offset()),
                        l.withPayload(), l.withVector()), rc, keys);
                yield page.points().stream().skip(l.offset()).limit(l.limit()).map(p -> p.withScore(0f)).toList();
            }
        };
    }

    /** The vectors the query asked for, which decide how its points' vectors are written out. */
    public static VectorSelector withVector(ReadParser.Query q) {
        return switch (q) {
            case ReadParser.VectorSearch vs -> vs.query().withVector();
            case ReadParser.Listing l -> l.withVector();
        };
    }

    public static void checkBatch(Collection c, int size) {
        if (size > MAX_BATCH) {
            throw AtollException.badRequest("Bad request: at most " + MAX_BATCH + " searches per batch");
        }
        c.strictMode().batch(c.params(), size);
    }
}
