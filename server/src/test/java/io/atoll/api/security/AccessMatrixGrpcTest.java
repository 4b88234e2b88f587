package io.atoll.api.security;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.VectorsFactory.vectors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.security.Tokens;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.RestClient;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthGrpc;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.grpc.Collections.AliasDescription;
import io.qdrant.client.grpc.Collections.CollectionDescription;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.ListAliasesRequest;
import io.qdrant.client.grpc.Collections.ListCollectionsRequest;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.CollectionsGrpc;
import io.qdrant.client.grpc.Points.LookupLocation;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.Query;
import io.qdrant.client.grpc.Points.QueryPoints;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import io.qdrant.client.grpc.Points.VectorInput;
import io.qdrant.client.grpc.PointsGrpc;
import io.qdrant.client.grpc.QdrantGrpc;
import io.qdrant.client.grpc.SnapshotsGrpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every method of the gRPC services the node serves, called with every kind of credential of the REST matrix: each
 * answers as Qdrant's access rules say (src/tonic/auth.rs and lib/storage/src/rbac), UNAUTHENTICATED or
 * PERMISSION_DENIED with Qdrant's words, or gets past the checks. The methods come from the descriptors of Qdrant's
 * published client, and what each needs is written here apart from the server's GrpcAccessRules, so a method added
 * to the protocol, or a wrong rule on either side, fails this test.
 */
class AccessMatrixGrpcTest {
    @RegisterExtension
    static final AtollServerExtension NODE = SecuredNode.extension("");
    private static GrpcProbe probe;

    private static final List<ServiceDescriptor> SERVICES = List.of(CollectionsGrpc.getServiceDescriptor(),
            PointsGrpc.getServiceDescriptor(), SnapshotsGrpc.getServiceDescriptor(), QdrantGrpc.getServiceDescriptor(),
            HealthGrpc.getServiceDescriptor());

    /** What each method needs, in the notation of Qdrant's access tests. */
    private enum Needs { NONE, ANY, GLOBAL_READ, GLOBAL_MANAGE, MANAGE_COLLECTION, READ, READ_EXTRAS, WRITE, WRITE_EXTRAS }

    private static final Map<String, Needs> NEEDS = new TreeMap<>();

    static {
        needs(Needs.NONE, "qdrant.Qdrant/HealthCheck", "grpc.health.v1.Health/Check");
        needs(Needs.ANY, "grpc.health.v1.Health/Watch", "qdrant.Collections/List", "qdrant.Collections/ListAliases");
        needs(Needs.GLOBAL_MANAGE, "qdrant.Collections/Create", "qdrant.Collections/Update", "qdrant.Collections/Delete",
                "qdrant.Collections/UpdateAliases", "qdrant.Collections/CreateShardKey",
                "qdrant.Collections/DeleteShardKey", "qdrant.Snapshots/CreateFull", "qdrant.Snapshots/DeleteFull");
        needs(Needs.GLOBAL_READ, "qdrant.Snapshots/ListFull");
        needs(Needs.MANAGE_COLLECTION, "qdrant.Collections/UpdateCollectionClusterSetup");
        needs(Needs.READ_EXTRAS, "qdrant.Collections/CollectionClusterInfo", "qdrant.Snapshots/List");
        needs(Needs.WRITE_EXTRAS, "qdrant.Points/CreateFieldIndex", "qdrant.Points/DeleteFieldIndex",
                "qdrant.Snapshots/Create", "qdrant.Snapshots/Delete");
        needs(Needs.READ, "qdrant.Collections/Get", "qdrant.Collections/CollectionExists",
                "qdrant.Collections/ListCollectionAliases", "qdrant.Collections/ListShardKeys");
        for (String read : List.of("Get", "Search", "SearchBatch", "SearchGroups", "Scroll", "Recommend",
                "RecommendBatch", "RecommendGroups", "Discover", "DiscoverBatch", "Count", "Query", "QueryBatch",
                "QueryGroups", "Facet", "SearchMatrixPairs", "SearchMatrixOffsets")) {
            needs(Needs.READ, "qdrant.Points/" + read);
        }
        for (String write : List.of("Upsert", "Delete", "UpdateVectors", "DeleteVectors", "SetPayload",
                "OverwritePayload", "DeletePayload", "ClearPayload", "UpdateBatch")) {
            needs(Needs.WRITE, "qdrant.Points/" + write);
        }
    }

    private static void needs(Needs n, String... methods) {
        for (String m : methods) {
            if (NEEDS.put(m, n) != null) {
                throw new IllegalStateException("listed twice: " + m);
            }
        }
    }

    /** A credential, the metadata that carries it, and what it gets for each need (null: past the checks). */
    private record Credential(String name, Metadata headers, Function<Needs, Refusal> expect) {
    }

    /** A refusal as the gRPC port words it: as Qdrant's, "Forbidden: " before a denial's text, as on REST. */
    private record Refusal(Status.Code code, String description) {
    }

    private static Refusal unauthenticated(String description) {
        return new Refusal(Status.Code.UNAUTHENTICATED, description);
    }

    private static Refusal denied(String description) {
        return new Refusal(Status.Code.PERMISSION_DENIED, "Forbidden: " + description);
    }

    private static final List<Credential> CREDENTIALS = List.of(
            new Credential("no credential", new Metadata(), n -> n == Needs.NONE ? null
                    : unauthenticated("Must provide an API key or an Authorization bearer token")),
            new Credential("a wrong key", GrpcProbe.apiKey("wrong"), n -> n == Needs.NONE ? null
                    : unauthenticated("Invalid API key or JWT")),
            new Credential("the full key", GrpcProbe.apiKey(SecuredNode.KEY), n -> null),
            new Credential("the alternative key as a bearer", GrpcProbe.bearer(SecuredNode.ALT), n -> null),
            new Credential("the read-only key", GrpcProbe.apiKey(SecuredNode.RO), AccessMatrixGrpcTest::readOnly),
            new Credential("a global r token", GrpcProbe.bearer(Tokens.global(SecuredNode.KEY, "r")),
                    AccessMatrixGrpcTest::readOnly),
            new Credential("a global m token", GrpcProbe.bearer(Tokens.global(SecuredNode.ALT, "m")), n -> null),
            new Credential("an r token for a", GrpcProbe.bearer(Tokens.collection(SecuredNode.KEY, "a", "r")),
                    n -> switch (n) {
                        case GLOBAL_READ, GLOBAL_MANAGE -> denied("Global access is required");
                        case WRITE, WRITE_EXTRAS, MANAGE_COLLECTION -> denied("Write access to collection a is required");
                        default -> null;
                    }),
            new Credential("an rw token for a", GrpcProbe.bearer(Tokens.collection(SecuredNode.KEY, "a", "rw")),
                    n -> switch (n) {
                        case GLOBAL_READ, GLOBAL_MANAGE -> denied("Global access is required");
                        case MANAGE_COLLECTION -> denied("Manage access for this operation is required");
                        default -> null;
                    }),
            new Credential("a prw token for a", GrpcProbe.bearer(Tokens.collection(SecuredNode.KEY, "a", "prw")),
                    n -> switch (n) {
                        case GLOBAL_READ, GLOBAL_MANAGE -> denied("Global access is required");
                        case READ_EXTRAS, WRITE_EXTRAS, MANAGE_COLLECTION ->
                                denied("Only points access is allowed for collection a");
                        default -> null;
                    }),
            new Credential("an rw token for another collection", GrpcProbe.bearer(Tokens.collection(SecuredNode.KEY,
                    "b", "rw")), n -> switch (n) {
                        case NONE, ANY -> null;
                        case GLOBAL_READ, GLOBAL_MANAGE -> denied("Global access is required");
                        default -> denied("Access to collection a is required");
                    }),
            new Credential("an expired token", GrpcProbe.bearer(Tokens.expiring(SecuredNode.KEY, -60)),
                    n -> n == Needs.NONE ? null : unauthenticated("ExpiredSignature")),
            new Credential("a token signed with another secret", GrpcProbe.bearer(Tokens.global("another-secret", "m")),
                    n -> n == Needs.NONE ? null : unauthenticated("InvalidSignature")),
            new Credential("a malformed token", GrpcProbe.bearer("eyJhbGciOiJIUzI1NiJ9.bm90IGpzb24.x"),
                    n -> n == Needs.NONE ? null : unauthenticated("Invalid API key or JWT")));

    private static Refusal readOnly(Needs n) {
        return switch (n) {
            case GLOBAL_MANAGE, MANAGE_COLLECTION, WRITE, WRITE_EXTRAS -> denied("Global manage access is required");
            default -> null;
        };
    }

    /**
     * Past the checks, a call may still fail on its empty request (or be UNIMPLEMENTED: ten Points methods, the
     * recommend, discover, group, facet and matrix ones, are served only to say so); these codes would hide a refusal
     * or a crash.
     */
    private static final Set<Status.Code> NOT_PAST_THE_CHECKS = Set.of(Status.Code.UNAUTHENTICATED,
            Status.Code.PERMISSION_DENIED, Status.Code.INTERNAL, Status.Code.UNKNOWN);

    @BeforeAll
    static void collections() {
        RestClient admin = SecuredNode.collectionsAAndB(NODE.client());
        assertEquals(200, admin.post("/collections/aliases", Map.of("actions", List.of(
                Map.of("create_alias", Map.of("collection_name", "a", "alias_name", "alias_of_a")),
                Map.of("create_alias", Map.of("collection_name", "b", "alias_name", "alias_of_b"))))).status());
        probe = new GrpcProbe(NODE.process().grpcPort());
    }

    @AfterAll
    static void closeProbe() throws InterruptedException {
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void everyMethodAnswersEachCredentialAsTheRulesSay() {
        List<MethodDescriptor<?, ?>> methods = SERVICES.stream().flatMap(s -> s.getMethods().stream()).toList();
        assertEquals(NEEDS.keySet(), methods.stream().map(MethodDescriptor::getFullMethodName)
                .collect(Collectors.toCollection(TreeSet::new)), "this test lists what every method needs");
        List<String> wrong = new ArrayList<>();
        for (Credential credential : CREDENTIALS) {
            for (MethodDescriptor<?, ?> method : methods) {
                Needs needs = NEEDS.get(method.getFullMethodName());
                Status got = call(method, credential.headers());
                String problem = judge(credential.expect().apply(needs), got);
                if (problem != null) {
                    wrong.add(credential.name() + ": " + method.getFullMethodName() + " (" + needs + "): " + problem);
                }
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " answers differ from the rules:\n" + String.join("\n", wrong));
    }

    /**
     * The method with an empty request on collection {@code a}, except dropping a collection, which names one that
     * does not exist: an allowed caller would otherwise drop the fixture.
     */
    private static <Q, A> Status call(MethodDescriptor<Q, A> method, Metadata headers) {
        String collection = method.getFullMethodName().equals("qdrant.Collections/Delete") ? "scratch" : "a";
        return probe.call(method, GrpcProbe.request(method, collection), headers);
    }

    private static String judge(Refusal expected, Status got) {
        String seen = got.getCode() + " `" + got.getDescription() + "`";
        if (expected == null) {
            return NOT_PAST_THE_CHECKS.contains(got.getCode()) ? "expected to pass the checks, got " + seen : null;
        }
        return expected.code() == got.getCode() && Objects.equals(expected.description(), got.getDescription()) ? null
                : "expected " + expected.code() + " `" + expected.description() + "`, got " + seen;
    }

    @Test
    void listsShowOnlyWhatATokenMaySee() {
        Metadata forA = GrpcProbe.bearer(Tokens.collection(SecuredNode.KEY, "a", "r"));
        CollectionsGrpc.CollectionsBlockingStub scoped = CollectionsGrpc.newBlockingStub(probe.with(forA));
        assertEquals(List.of("a"), scoped.list(ListCollectionsRequest.getDefaultInstance()).getCollectionsList()
                .stream().map(CollectionDescription::getName).toList());
        assertEquals(List.of("alias_of_a"), scoped.listAliases(ListAliasesRequest.getDefaultInstance())
                .getAliasesList().stream().map(AliasDescription::getAliasName).toList());
        CollectionsGrpc.CollectionsBlockingStub full = CollectionsGrpc.newBlockingStub(probe.with(
                GrpcProbe.apiKey(SecuredNode.KEY)));
        assertTrue(full.list(ListCollectionsRequest.getDefaultInstance()).getCollectionsList().stream()
                .map(CollectionDescription::getName).toList().containsAll(List.of("a", "b")));
        assertEquals(Set.of("alias_of_a", "alias_of_b"), Set.copyOf(full.listAliases(
                ListAliasesRequest.getDefaultInstance()).getAliasesList().stream().map(AliasDescription::getAliasName)
                .toList()));
    }

    /** lookup_from reads another collection: a token must give access to it too, as to the one queried. */
    @Test
    void aQueryReadsAnotherCollectionOnlyWithAccessToIt() {
        QueryPoints lookup = QueryPoints.newBuilder().setCollectionName("a").setQuery(Query.newBuilder().setNearest(
                VectorInput.newBuilder().setId(id(1)))).setLookupFrom(LookupLocation.newBuilder().setCollectionName("b"))
                .build();
        Metadata forA = GrpcProbe.bearer(Tokens.collection(SecuredNode.KEY, "a", "r"));
        assertEquals(Status.Code.PERMISSION_DENIED, probe.call(PointsGrpc.getQueryMethod(), lookup, forA).getCode());
        Status full = probe.call(PointsGrpc.getQueryMethod(), lookup, GrpcProbe.apiKey(SecuredNode.KEY));
        assertEquals(Status.Code.NOT_FOUND, full.getCode(), "b has no point 1: " + full);
    }

    /** Qdrant's Java client sends its {@code withApiKey} key as {@code api-key} metadata: the node honours it. */
    @Test
    void qdrantsJavaClientWorksWithTheFullKeyAndIsRefusedAsItsKeyDeserves() throws Exception {
        String c = AtollServerExtension.collection("java_client");
        PointStruct point = PointStruct.newBuilder().setId(id(1)).setVectors(vectors(1f, 0f)).build();
        SearchPoints search = SearchPoints.newBuilder().setCollectionName(c).addAllVector(List.of(1f, 0f)).setLimit(1)
                .build();
        try (QdrantClient full = javaClient(SecuredNode.KEY); QdrantClient wrong = javaClient("wrong");
             QdrantClient readOnly = javaClient(SecuredNode.RO)) {
            full.createCollectionAsync(c, VectorParams.newBuilder().setSize(2).setDistance(Distance.Dot).build()).get();
            full.upsertAsync(c, List.of(point)).get();
            List<ScoredPoint> hits = full.searchAsync(search).get();
            assertEquals(List.of(1L), hits.stream().map(h -> h.getId().getNum()).toList());

            Status refused = failure(() -> wrong.listCollectionsAsync().get());
            assertEquals(Status.Code.UNAUTHENTICATED, refused.getCode());
            assertEquals("Invalid API key or JWT", refused.getDescription());
            Status denied = failure(() -> readOnly.upsertAsync(c, List.of(point)).get());
            assertEquals(Status.Code.PERMISSION_DENIED, denied.getCode());
            assertEquals("Forbidden: Global manage access is required", denied.getDescription());
            assertEquals(1, readOnly.searchAsync(search).get().size(), "the read-only key still reads");
        }
    }

    private static QdrantClient javaClient(String key) {
        return new QdrantClient(QdrantGrpcClient.newBuilder("127.0.0.1", NODE.process().grpcPort(), false)
                .withApiKey(key).build());
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static Status failure(Call call) {
        ExecutionException e = assertThrows(ExecutionException.class, call::run);
        return assertInstanceOf(StatusRuntimeException.class, e.getCause()).getStatus();
    }
}
