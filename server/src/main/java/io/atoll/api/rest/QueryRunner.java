package io.atoll.api.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.atoll.collection.Collection;
import io.atoll.collection.ReadConsistency;
import io.atoll.collection.query.QueryCoordinator;
import io.atoll.error.AtollException;
import io.atoll.point.ScoredPoint;
import io.atoll.query.UniversalQuery;
import io.atoll.routing.ShardSelector;
import java.util.List;
import java.util.function.Function;

/** Parses and runs universal queries and checks batch sizes, for REST and gRPC alike. Stateless. */
public final class QueryRunner {
    /** The most searches one batch request may carry, in either API. */
    public static final int MAX_BATCH = 1000;

    private QueryRunner() {
    }

    /** A parsed POST /points/query body, with the shard keys it names. */
    public record Parsed(UniversalQuery query, ShardSelector keys) {
    }

    public static Parsed parse(ObjectNode body) {
        return new Parsed(QueryParser.query(body), ShardKeyParser.selector(body));
    }

    /** A POST /points/recommend body, as the universal query it stands for. */
    public static Parsed parseRecommend(ObjectNode body) {
        return ExampleRequestParser.recommend(body);
    }

    /** A POST /points/discover body, as the universal query it stands for. */
    public static Parsed parseDiscover(ObjectNode body) {
        return ExampleRequestParser.discover(body);
    }

    /** {@code collections} finds a {@code lookup_from} collection by name or alias. */
    public static List<ScoredPoint> run(Collection c, Function<String, Collection> collections, Parsed q,
                                        ReadConsistency rc) {
        return QueryCoordinator.run(c, collections, q.query(), rc, q.keys());
    }

    public static void checkBatch(Collection c, int size) {
        if (size > MAX_BATCH) {
            throw AtollException.badRequest("Bad request: at most " + MAX_BATCH + " searches per batch");
        }
        c.strictMode().batch(c.params(), size);
    }
}
