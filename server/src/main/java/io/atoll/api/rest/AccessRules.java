package io.atoll.api.rest;

import io.atoll.security.AccessTable;
import io.atoll.security.Requirement;
import java.util.List;

/**
 * The access each REST route needs, keyed by method and path template with its parameters blanked ("GET
 * /collections/{}"). Qdrant's routes follow Qdrant's checks (lib/storage/src/rbac: creating, changing and dropping
 * collections, aliases and shard keys need global manage access; payload indexes, named vectors and snapshots are a
 * collection's "extras"); Atoll's own cluster routes read as global reads and change as global management. The
 * server refuses to start with a route missing here, so no route is ever left open by accident.
 */
final class AccessRules {
    private static final AccessTable RULES = new AccessTable("REST route");

    static {
        RULES.rule(Requirement.EXEMPT, "GET /", "GET /healthz", "GET /livez", "GET /readyz", "GET /v1/.well-known/live",
                "GET /v1/.well-known/ready");
        // any caller; lists show only the collections the caller may see
        RULES.rule(Requirement.ANY, "GET /openapi.json", "GET /collections", "GET /aliases", "GET /telemetry",
                "GET /issues");
        RULES.rule(Requirement.GLOBAL_READ, "GET /metrics", "GET /cluster", "GET /cluster/metadata",
                "GET /cluster/transfer_rate_limit", "GET /cluster/peer/{}/drain", "GET /cluster/rebalance",
                "GET /snapshots/tasks", "GET /snapshots", "GET /snapshots/{}", "GET /v1/meta", "GET /v1/nodes",
                "GET /v1/nodes/{}", "GET /v1/replication/replicate", "GET /v1/replication/replicate/list",
                "GET /v1/replication/replicate/{}", "GET /v1/replication/sharding-state", "GET /v1/replication/scale");
        RULES.rule(Requirement.GLOBAL_MANAGE, "PUT /collections/{}", "PATCH /collections/{}", "DELETE /collections/{}",
                "POST /collections/aliases", "PUT /collections/{}/shards", "POST /collections/{}/shards/delete",
                "DELETE /issues", "POST /cluster/recover", "DELETE /cluster/peer/{}", "PUT /cluster/transfer_rate_limit",
                "POST /cluster/peer/{}/drain", "DELETE /cluster/peer/{}/drain", "PUT /cluster/rebalance",
                "POST /snapshots", "DELETE /snapshots/{}", "PUT /collections/{}/snapshots/recover",
                "POST /collections/{}/snapshots/upload", "PUT /collections/{}/shards/{}/snapshots/recover",
                "POST /collections/{}/shards/{}/snapshots/upload", "POST /v1/replication/replicate",
                "DELETE /v1/replication/replicate", "POST /v1/replication/replicate/force-delete",
                "DELETE /v1/replication/replicate/{}", "POST /v1/replication/replicate/{}/cancel",
                "POST /v1/replication/scale");
        RULES.rule(Requirement.MANAGE_COLLECTION, "POST /collections/{}/cluster");
        RULES.rule(Requirement.READ, "GET /collections/{}", "GET /collections/{}/exists",
                "GET /collections/{}/optimizations", "GET /collections/{}/shards", "GET /collections/{}/aliases",
                "GET /collections/{}/points/{}", "POST /collections/{}/points", "POST /collections/{}/points/scroll",
                "POST /collections/{}/points/count", "POST /collections/{}/points/search",
                "POST /collections/{}/points/search/batch", "POST /collections/{}/points/query",
                "POST /collections/{}/points/query/batch", "POST /collections/{}/points/recommend",
                "POST /collections/{}/points/recommend/batch", "POST /collections/{}/points/discover",
                "POST /collections/{}/points/discover/batch", "POST /collections/{}/facet",
                "POST /collections/{}/points/search/matrix/pairs", "POST /collections/{}/points/search/matrix/offsets",
                "POST /collections/{}/points/query/groups", "POST /collections/{}/points/search/groups",
                "POST /collections/{}/points/recommend/groups", "GET /collections/{}/shards/{}/snapshots/{}");
        RULES.rule(Requirement.READ_EXTRAS, "GET /collections/{}/cluster", "GET /collections/{}/cluster/checksums",
                "GET /collections/{}/cluster/explain", "GET /collections/{}/snapshots",
                "GET /collections/{}/snapshots/{}", "GET /collections/{}/shards/{}/snapshots");
        RULES.rule(Requirement.WRITE, "PUT /collections/{}/points", "POST /collections/{}/points/delete",
                "POST /collections/{}/points/payload", "PUT /collections/{}/points/payload",
                "POST /collections/{}/points/payload/delete", "POST /collections/{}/points/payload/clear",
                "PUT /collections/{}/points/vectors", "POST /collections/{}/points/vectors/delete",
                "POST /collections/{}/points/batch");
        RULES.rule(Requirement.WRITE_EXTRAS, "PUT /collections/{}/index", "DELETE /collections/{}/index/{}",
                "PUT /collections/{}/vectors/{}", "DELETE /collections/{}/vectors/{}",
                "POST /collections/{}/snapshots", "DELETE /collections/{}/snapshots/{}",
                "POST /collections/{}/shards/{}/snapshots", "DELETE /collections/{}/shards/{}/snapshots/{}",
                "GET /collections/{}/shards/{}/snapshot");
    }

    private AccessRules() {
    }

    /** "GET /collections/{collection_name}" and Javalin's "GET /collections/{name}" are the same operation. */
    static String normalized(String operation) {
        return operation.replaceAll("\\{[^}/]*}", "{}");
    }

    /** The rule of a served route ("METHOD /template"). */
    static Requirement of(String method, String template) {
        return RULES.of(normalized(method + " " + template));
    }

    /** Fails when a served route has no rule: a new route must say who may call it. */
    static void requireCovering(List<String> operations) {
        RULES.requireCovering(operations.stream().map(AccessRules::normalized).toList());
    }
}
