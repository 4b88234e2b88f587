package io.atoll.api.grpc;

import io.atoll.security.AccessTable;
import io.atoll.security.Requirement;
import io.grpc.ServerServiceDefinition;
import java.util.List;

/**
 * The access each gRPC method needs, by full method name, as in Qdrant (src/tonic/auth.rs and lib/storage/src/rbac):
 * the two health checks need no key; everything else does. The server refuses to start with a method missing here.
 */
final class GrpcAccessRules {
    private static final AccessTable RULES = new AccessTable("gRPC method");

    static {
        RULES.rule(Requirement.EXEMPT, "qdrant.Qdrant/HealthCheck", "grpc.health.v1.Health/Check");
        RULES.rule(Requirement.ANY, "grpc.health.v1.Health/Watch", "qdrant.Collections/List",
                "qdrant.Collections/ListAliases");
        RULES.rule(Requirement.GLOBAL_MANAGE, "qdrant.Collections/Create", "qdrant.Collections/Update",
                "qdrant.Collections/Delete", "qdrant.Collections/UpdateAliases", "qdrant.Collections/CreateShardKey",
                "qdrant.Collections/DeleteShardKey", "qdrant.Snapshots/CreateFull", "qdrant.Snapshots/DeleteFull");
        RULES.rule(Requirement.GLOBAL_READ, "qdrant.Snapshots/ListFull");
        RULES.rule(Requirement.MANAGE_COLLECTION, "qdrant.Collections/UpdateCollectionClusterSetup");
        RULES.rule(Requirement.READ_EXTRAS, "qdrant.Collections/CollectionClusterInfo", "qdrant.Snapshots/List");
        RULES.rule(Requirement.WRITE_EXTRAS, "qdrant.Points/CreateFieldIndex", "qdrant.Points/DeleteFieldIndex",
                "qdrant.Snapshots/Create", "qdrant.Snapshots/Delete");
        RULES.rule(Requirement.READ, "qdrant.Collections/Get", "qdrant.Collections/CollectionExists",
                "qdrant.Collections/ListCollectionAliases", "qdrant.Collections/ListShardKeys");
        for (String read : List.of("Get", "Search", "SearchBatch", "SearchGroups", "Scroll", "Recommend",
                "RecommendBatch", "RecommendGroups", "Discover", "DiscoverBatch", "Count", "Query", "QueryBatch",
                "QueryGroups", "Facet", "SearchMatrixPairs", "SearchMatrixOffsets")) {
            RULES.rule(Requirement.READ, "qdrant.Points/" + read);
        }
        for (String write : List.of("Upsert", "Delete", "UpdateVectors", "DeleteVectors", "SetPayload",
                "OverwritePayload", "DeletePayload", "ClearPayload", "UpdateBatch")) {
            RULES.rule(Requirement.WRITE, "qdrant.Points/" + write);
        }
    }

    private GrpcAccessRules() {
    }

    static Requirement of(String fullMethodName) {
        return RULES.of(fullMethodName);
    }

    /** Fails when a served method has no rule: a new method must say who may call it. */
    static void requireCovering(List<ServerServiceDefinition> services) {
        RULES.requireCovering(services.stream().flatMap(s -> s.getMethods().stream())
                .map(m -> m.getMethodDescriptor().getFullMethodName()).toList());
    }
}
