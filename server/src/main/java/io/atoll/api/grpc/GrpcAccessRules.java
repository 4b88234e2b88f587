package io.atoll.api.grpc;

import io.atoll.security.Requirement;
import io.grpc.ServerServiceDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The access each gRPC method needs, by full method name, as in Qdrant (src/tonic/auth.rs and lib/storage/src/rbac):
 * the two health checks need no key; everything else does. The server refuses to start with a method missing here.
 */
final class GrpcAccessRules {
    private static final Map<String, Requirement> RULES = new HashMap<>();

    static {
        rule(Requirement.EXEMPT, "qdrant.Qdrant/HealthCheck", "grpc.health.v1.Health/Check");
        rule(Requirement.ANY, "grpc.health.v1.Health/Watch", "qdrant.Collections/List",
                "qdrant.Collections/ListAliases");
        rule(Requirement.GLOBAL_MANAGE, "qdrant.Collections/Create", "qdrant.Collections/Update",
                "qdrant.Collections/Delete", "qdrant.Collections/UpdateAliases", "qdrant.Collections/CreateShardKey",
                "qdrant.Collections/DeleteShardKey", "qdrant.Snapshots/CreateFull", "qdrant.Snapshots/DeleteFull");
        rule(Requirement.GLOBAL_READ, "qdrant.Snapshots/ListFull");
        rule(Requirement.MANAGE_COLLECTION, "qdrant.Collections/UpdateCollectionClusterSetup");
        rule(Requirement.READ_EXTRAS, "qdrant.Collections/CollectionClusterInfo", "qdrant.Snapshots/List");
        rule(Requirement.WRITE_EXTRAS, "qdrant.Points/CreateFieldIndex", "qdrant.Points/DeleteFieldIndex",
                "qdrant.Snapshots/Create", "qdrant.Snapshots/Delete");
        rule(Requirement.READ, "qdrant.Collections/Get", "qdrant.Collections/CollectionExists",
                "qdrant.Collections/ListCollectionAliases", "qdrant.Collections/ListShardKeys");
        for (String read : List.of("Get", "Search", "SearchBatch", "SearchGroups", "Scroll", "Recommend",
                "RecommendBatch", "RecommendGroups", "Discover", "DiscoverBatch", "Count", "Query", "QueryBatch",
                "QueryGroups", "Facet", "SearchMatrixPairs", "SearchMatrixOffsets")) {
            rule(Requirement.READ, "qdrant.Points/" + read);
        }
        for (String write : List.of("Upsert", "Delete", "UpdateVectors", "DeleteVectors", "SetPayload",
                "OverwritePayload", "DeletePayload", "ClearPayload", "UpdateBatch")) {
            rule(Requirement.WRITE, "qdrant.Points/" + write);
        }
    }

    private GrpcAccessRules() {
    }

    private static void rule(Requirement requirement, String... methods) {
        for (String method : methods) {
            if (RULES.put(method, requirement) != null) {
                throw new IllegalStateException("two access rules for " + method);
            }
        }
    }

    static Requirement of(String fullMethodName) {
        Requirement r = RULES.get(fullMethodName);
        if (r == null) {
            throw new IllegalStateException("no access rule for gRPC method " + fullMethodName);
        }
        return r;
    }

    /** Fails when a served method has no rule: a new method must say who may call it. */
    static void requireCovering(List<ServerServiceDefinition> services) {
        List<String> missing = services.stream().flatMap(s -> s.getMethods().stream())
                .map(m -> m.getMethodDescriptor().getFullMethodName()).filter(m -> !RULES.containsKey(m)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("gRPC methods without an access rule: " + missing);
        }
    }
}
