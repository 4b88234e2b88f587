package io.atoll.api.security;

import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.VectorsFactory.vectors;
import static io.atoll.api.security.CredentialMutations.bearer;
import static io.atoll.api.security.CredentialMutations.rawToken;
import static io.atoll.api.security.CredentialMutations.token;
import static io.atoll.api.security.CredentialMutations.valueExists;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.atoll.api.security.CredentialMutations.Case;
import io.atoll.api.security.CredentialMutations.Ceiling;
import io.atoll.api.security.CredentialMutations.Source;
import io.atoll.api.security.RawHttp.Header;
import io.atoll.security.Tokens;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.OpenApiContract;
import io.atoll.testing.RestClient;
import io.grpc.Metadata;
import io.grpc.Status;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.UpsertPoints;
import io.qdrant.client.grpc.PointsGrpc;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credentials mangled as a careless client, a proxy or an attacker would send them, over REST and gRPC, each time
 * to a write (an upsert into collection {@code a}, with a valid body): the server never fails (no 5xx, no INTERNAL
 * or UNKNOWN), a mangled credential never gets more than the valid one it was made from, and no answer echoes a
 * key or a long value that was sent. REST goes over a raw socket, so any byte can be sent; gRPC goes through
 * grpc-java, or in hand-made HTTP/2 frames for what grpc-java would alter or refuse to send. The random part is
 * seeded; the seed is printed and replayed with {@code -Datoll.fuzz.seed=N}. About 1200 requests for the class, the
 * random part at most 350 cases and 20 seconds.
 */
class AuthHeaderFuzzTest {
    @RegisterExtension
    static final AtollServerExtension NODE = SecuredNode.extension("");
    private static final long SEED = Long.getLong("atoll.fuzz.seed", System.nanoTime());
    private static final int RANDOM_CASES = 350;
    private static final long RANDOM_NANOS = 20_000_000_000L;
    /** The node's max_header_bytes by default: the whole head on REST, all metadata on gRPC. */
    private static final int LIMIT = 16 * 1024;
    private static final String WRITE = "/collections/a/points?wait=true";
    private static final String BODY = "{\"points\":[{\"id\":2,\"vector\":[0,1]}]}";
    private static final UpsertPoints UPSERT = UpsertPoints.newBuilder().setCollectionName("a").setWait(true)
            .addPoints(PointStruct.newBuilder().setId(id(2)).setVectors(vectors(0f, 1f))).build();
    /** What a credential without write access may get on REST: refused, or a head the server will not read. */
    private static final Set<Integer> REFUSED = Set.of(400, 401, 403, 431);

    private static final String READ_TOKEN = Tokens.global(SecuredNode.KEY, "r");
    private static final String MANAGE_TOKEN = Tokens.global(SecuredNode.KEY, "m");
    private static final List<Source> SOURCES = List.of(
            new Source("the read-only key", Header.of("api-key", SecuredNode.RO), Ceiling.READ),
            new Source("the read-only key as a bearer", bearer(SecuredNode.RO), Ceiling.READ),
            new Source("a global r token", bearer(READ_TOKEN), Ceiling.READ),
            new Source("an r token for a", bearer(Tokens.collection(SecuredNode.KEY, "a", "r")), Ceiling.READ),
            new Source("an rw token for b", bearer(Tokens.collection(SecuredNode.ALT, "b", "rw")), Ceiling.NOTHING),
            new Source("the full key", Header.of("api-key", SecuredNode.KEY), Ceiling.WRITE),
            new Source("a global m token", bearer(MANAGE_TOKEN), Ceiling.WRITE));

    private static GrpcProbe probe;
    private static int restPort;
    private static int sent;
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void collections() {
        System.out.println("AuthHeaderFuzzTest seed " + SEED + " (replay with -Datoll.fuzz.seed=" + SEED + ")");
        RestClient admin = SecuredNode.withKey(NODE.client(), SecuredNode.KEY);
        for (String c : List.of("a", "b", "users")) {
            assertEquals(200, admin.put("/collections/" + c, Map.of("vectors", Map.of("size", 2, "distance", "Dot")))
                    .status());
        }
        assertEquals(200, admin.put("/collections/users/points?wait=true", Map.of("points", List.of(
                Map.of("id", 1, "vector", List.of(1, 0), "payload", Map.of("user", "alice"))))).status());
        restPort = URI.create(NODE.process().url()).getPort();
        probe = new GrpcProbe(NODE.process().grpcPort());
    }

    @AfterAll
    static void close() throws InterruptedException {
        System.out.println("AuthHeaderFuzzTest sent " + sent + " requests");
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void oversizedHeadsAreRefusedWithoutAFault() {
        Random rnd = new Random(SEED);
        for (int size : List.of(1024, 8192, LIMIT - 1024, LIMIT, LIMIT + 1, LIMIT + 4096, 2 * LIMIT)) {
            boolean over = size > LIMIT;
            boolean under = size <= LIMIT - 1024; // room for the request line and the other headers
            Header junk = Header.of("x-padding", CredentialMutations.printable(rnd, size));
            check(exact(Case.of("an api-key of " + size + " bytes", Ceiling.NOTHING, new Header("api-key",
                    junk.value())), over, under, 401, Status.Code.UNAUTHENTICATED));
            check(exact(Case.of("a read token and " + size + " bytes of padding", over ? Ceiling.NOTHING : Ceiling.READ,
                    bearer(READ_TOKEN), junk), over, under, 403, Status.Code.PERMISSION_DENIED));
            // a head over the limit is not read at all, whatever key it carries
            check(exact(Case.of("the full key and " + size + " bytes of padding", over ? Ceiling.NOTHING : Ceiling.WRITE,
                    Header.of("api-key", SecuredNode.KEY), junk), over, under, 200, Status.Code.OK));
        }
        assertNoProblems();
    }

    /** Past the limit REST answers 431 and gRPC refuses somehow; well under it, the credential decides. */
    private static Case exact(Case c, boolean over, boolean under, int status, Status.Code code) {
        return over ? c.exactly(431, null) : under ? c.exactly(status, code) : c;
    }

    @Test
    void theFirstValueOfARepeatedCredentialCounts() {
        Header full = Header.of("api-key", SecuredNode.KEY);
        Header wrong = Header.of("api-key", "wrong");
        Header nonAscii = new Header("api-key", new byte[]{'k', (byte) 0xe9, 'y'});
        List.of(Case.of("the full key, then a wrong one", Ceiling.WRITE, full, wrong).exactly(200, Status.Code.OK),
                Case.of("a wrong key, then the full one", Ceiling.NOTHING, wrong, full)
                        .exactly(401, Status.Code.UNAUTHENTICATED),
                Case.of("the read-only key, then the full one", Ceiling.READ, Header.of("api-key", SecuredNode.RO), full)
                        .exactly(403, Status.Code.PERMISSION_DENIED),
                Case.of("bearer full, then bearer wrong", Ceiling.WRITE, bearer(SecuredNode.KEY), bearer("wrong"))
                        .exactly(200, Status.Code.OK),
                Case.of("bearer wrong, then bearer full", Ceiling.NOTHING, bearer("wrong"), bearer(SecuredNode.KEY))
                        .exactly(401, Status.Code.UNAUTHENTICATED),
                Case.of("bearer read token, then bearer m token", Ceiling.READ, bearer(READ_TOKEN), bearer(MANAGE_TOKEN))
                        .exactly(403, Status.Code.PERMISSION_DENIED),
                // api-key, even wrong or empty, hides authorization
                Case.of("a wrong api-key and a bearer full key", Ceiling.NOTHING, wrong, bearer(SecuredNode.KEY))
                        .exactly(401, Status.Code.UNAUTHENTICATED),
                Case.of("an empty api-key and a bearer full key", Ceiling.NOTHING, Header.of("api-key", ""),
                        bearer(SecuredNode.KEY)).exactly(401, Status.Code.UNAUTHENTICATED),
                // a value that is not visible ASCII counts as absent, as in Qdrant's HTTP stack
                Case.of("a non-ASCII api-key and a bearer full key", Ceiling.WRITE, nonAscii, bearer(SecuredNode.KEY))
                        .exactly(200, Status.Code.OK),
                Case.of("a non-ASCII api-key, then the full one", Ceiling.NOTHING, nonAscii, full)
                        .exactly(401, Status.Code.UNAUTHENTICATED))
                .forEach(this::check);
        assertNoProblems();
    }

    @Test
    void onlyBearerWithOneSpaceCarriesAToken() {
        for (String prefix : List.of("bearer ", "BEARER ", "Bearer  ", "Bearer\t", "Bearer", "Bearer:", "Basic ",
                "Token ", "Bearer Bearer ")) {
            check(Case.of("`" + prefix + "` and the full key", Ceiling.NOTHING,
                    Header.of("authorization", prefix + SecuredNode.KEY)).exactly(401, Status.Code.UNAUTHENTICATED));
        }
        // HTTP/1.1 strips the whitespace around a value and HTTP/2 keeps it: no exact answer, but never a fault
        check(Case.of("the full key with a trailing space", Ceiling.WRITE,
                Header.of("authorization", "Bearer " + SecuredNode.KEY + " ")));
        check(Case.of("a read token with a leading space", Ceiling.READ, Header.of("authorization", " Bearer "
                + READ_TOKEN)));
        check(Case.of("Authorization spelt in capitals", Ceiling.WRITE, Header.of("AUTHORIZATION", "Bearer "
                + SecuredNode.KEY)).exactly(200, Status.Code.OK));
        assertNoProblems();
    }

    @Test
    void noPrefixOfAManageTokenOrOfTheFullKeyWrites() {
        for (int n = 0; n < MANAGE_TOKEN.length(); n++) {
            check(Case.of("the first " + n + " characters of an m token", Ceiling.NOTHING,
                    bearer(MANAGE_TOKEN.substring(0, n))).exactly(401, Status.Code.UNAUTHENTICATED));
        }
        check(Case.of("the whole m token", Ceiling.WRITE, bearer(MANAGE_TOKEN)).exactly(200, Status.Code.OK));
        for (int n = 0; n < SecuredNode.KEY.length(); n++) {
            check(Case.of("the first " + n + " characters of the full key", Ceiling.NOTHING,
                    Header.of("api-key", SecuredNode.KEY.substring(0, n))).exactly(401, Status.Code.UNAUTHENTICATED));
        }
        assertNoProblems();
    }

    @Test
    void oddClaimsAndAlgorithmsAreRefusedOrHonouredButNeverFault() {
        // past java.time's range (up to 31556889864403199), and the year 10000
        for (Object exp : List.of(Long.MAX_VALUE, 9_000_000_000_000_000_000L, 31_556_889_864_403_200L,
                253_402_300_800L)) {
            check(Case.of("an r token expiring at " + exp, Ceiling.READ, token("access", "r", "exp", exp)));
            check(Case.of("an m token expiring at " + exp, Ceiling.WRITE, token("access", "m", "exp", exp)));
        }
        for (Object exp : List.of(0, -1, Long.MIN_VALUE, 1.5, 1e300, "never", "99999999999", true, List.of(),
                Map.of())) {
            check(Case.of("an m token with exp " + exp, Ceiling.NOTHING, token("access", "m", "exp", exp))
                    .exactly(401, Status.Code.UNAUTHENTICATED));
        }
        for (String claim : List.of("nbf", "iat")) {
            for (Object t : List.of(Long.MAX_VALUE, Long.MIN_VALUE, "soon")) {
                check(Case.of("an r token with " + claim + " " + t, Ceiling.READ, token("access", "r", claim, t)));
            }
        }
        // Jackson refuses JSON nested deeper than 1000 levels; below that the claims are only read
        for (int depth : List.of(100, 999, 1000, 1001, 3000)) {
            String nested = "[".repeat(depth) + "]".repeat(depth);
            check(Case.of("an r token with a claim nested " + depth + " deep", Ceiling.READ,
                    rawToken("{\"access\":\"r\",\"x\":" + nested + "}")));
            check(Case.of("an access claim nested " + depth + " deep", Ceiling.NOTHING,
                    rawToken("{\"access\":" + nested + "}")));
        }
        check(Case.of("an r token with objects nested 1500 deep", Ceiling.READ,
                rawToken("{\"access\":\"r\",\"x\":" + "{\"x\":".repeat(1500) + "1" + "}".repeat(1501))));
        // only HS256 with a node key verifies: "none", other HMACs and an unreadable header are no tokens
        String unsigned = CredentialMutations.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + CredentialMutations.b64("{\"access\":\"m\"}");
        byte[] secret = SecuredNode.KEY.getBytes(StandardCharsets.UTF_8);
        for (String t : List.of(unsigned, unsigned + ".", unsigned + ".AAAA",
                JWT.create().withClaim("access", "m").sign(Algorithm.HMAC384(secret)),
                JWT.create().withClaim("access", "m").sign(Algorithm.HMAC512(secret)),
                Tokens.raw(SecuredNode.KEY, "not json", "{\"access\":\"m\"}"),
                Tokens.raw(SecuredNode.KEY, "{\"typ\":\"JWT\"}", "{\"access\":\"m\"}"))) {
            check(Case.of("`" + CredentialMutations.show(t) + "`", Ceiling.NOTHING, bearer(t))
                    .exactly(401, Status.Code.UNAUTHENTICATED));
        }
        check(Case.of("an m token with odd header fields", Ceiling.WRITE, bearer(Tokens.raw(SecuredNode.KEY,
                "{\"alg\":\"HS256\",\"typ\":\"x\",\"kid\":\"../../etc/passwd\",\"crit\":[\"exp\"]}",
                "{\"access\":\"m\"}"))));
        // value_exists: a token whose point is not there may do nothing, whatever the lookup is asked
        for (String key : List.of("user", "", "a..b", "x[", "x[]", "[0]", "\"", "user\u0000", "\u00fc",
                "k".repeat(3000))) {
            Case c = Case.of("a value_exists m token on key `" + CredentialMutations.show(key) + "`",
                    key.equals("user") ? Ceiling.WRITE : Ceiling.NOTHING, valueExists("users", key, "alice"));
            check(key.equals("user") ? c.exactly(200, Status.Code.OK) : c);
        }
        for (Object value : Arrays.asList(1.5, null, Map.of("a", 1), List.of(), Long.MAX_VALUE, true,
                "x".repeat(3000))) {
            check(Case.of("a value_exists m token on value " + CredentialMutations.show(String.valueOf(value)),
                    Ceiling.NOTHING, valueExists("users", "user", value)));
        }
        for (String collection : List.of("nope", "", "../users", "u".repeat(300))) {
            check(Case.of("a value_exists m token on collection `" + CredentialMutations.show(collection) + "`",
                    Ceiling.NOTHING, valueExists(collection, "user", "alice")));
        }
        assertNoProblems();
    }

    /**
     * Registered time claims are read as RFC 7519 defines them: an {@code iat}, {@code nbf} or {@code exp} that is
     * not a NumericDate java-jwt can hold makes the token invalid (401). Qdrant ignores {@code iat} and {@code nbf}
     * and takes any u64 as {@code exp}, so there such a read token still reads (a divergence noted in the design
     * notes). A value_exists key that is no payload path makes the token invalid (401) too, not the request's body.
     */
    @Test
    void oddClaimsMakeTheTokenInvalid() {
        long inAnHour = System.currentTimeMillis() / 1000 + 3600;
        for (Object[] odd : List.of(new Object[]{"iat", "soon"}, new Object[]{"iat", Long.MAX_VALUE},
                new Object[]{"nbf", "soon"}, new Object[]{"nbf", Long.MAX_VALUE}, new Object[]{"exp", Long.MAX_VALUE})) {
            Header t = odd[0].equals("exp") ? token("access", "r", "exp", odd[1])
                    : token("access", "r", "exp", inAnHour, odd[0], odd[1]);
            check(Case.of("an r token with " + odd[0] + " " + odd[1], Ceiling.NOTHING, t)
                    .exactly(401, Status.Code.UNAUTHENTICATED));
        }
        for (String path : List.of("", "a..b", "x[", "[0]", "\"")) {
            check(Case.of("a value_exists token on key `" + path + "`", Ceiling.NOTHING,
                    valueExists("users", path, "alice")).exactly(401, Status.Code.UNAUTHENTICATED));
        }
        assertNoProblems();
    }

    /**
     * A token whose header or claims are the JSON {@code null} is no token (Qdrant cannot read it either): found by
     * the random test, pinned here, with and without a valid signature, and as the shortest such credential
     * ({@code bnVsbA} is "null", {@code e30} is "{}").
     */
    @Test
    void tokensOfJsonNullAreInvalid() {
        check(Case.of("api-key bnVsbA.e30.x", Ceiling.NOTHING, Header.of("api-key", "bnVsbA.e30.x"))
                .exactly(401, Status.Code.UNAUTHENTICATED));
        for (String key : List.of(SecuredNode.KEY, "another-secret")) {
            for (String[] parts : List.of(new String[]{"null", "{\"access\":\"m\"}"},
                    new String[]{CredentialMutations.HS256, "null"}, new String[]{"null", "null"})) {
                String t = Tokens.raw(key, parts[0], parts[1]);
                check(Case.of("header " + parts[0] + " and claims " + parts[1] + " signed with " + key, Ceiling.NOTHING,
                        bearer(t)).exactly(401, Status.Code.UNAUTHENTICATED));
            }
        }
        assertNoProblems();
    }

    @Test
    void randomlyMangledCredentialsNeverFaultNorGetMoreThanTheirSource() {
        Random rnd = new Random(SEED);
        long deadline = System.nanoTime() + RANDOM_NANOS;
        int cases = 0;
        for (; cases < RANDOM_CASES && System.nanoTime() < deadline; cases++) {
            check(CredentialMutations.random(rnd, SOURCES));
        }
        System.out.println("AuthHeaderFuzzTest: " + cases + " random cases");
        assertNoProblems();
    }

    /** Sends the case as an upsert over REST and over gRPC and notes every property it breaks. */
    private void check(Case c) {
        sent += 2;
        try {
            RawHttp.Reply r = RawHttp.exchange(restPort, "PUT", WRITE, c.headers(), BODY);
            List<String> wrong = new ArrayList<>();
            if (r.status() >= 500) {
                wrong.add("a server error");
            }
            if (c.rest() != null && r.status() != c.rest()) {
                wrong.add("expected " + c.rest());
            }
            if (c.ceiling() != Ceiling.WRITE && !REFUSED.contains(r.status())) {
                wrong.add("more than its source may do: expected one of " + REFUSED);
            }
            wrong.addAll(OpenApiContract.ATOLL.violations("PUT", WRITE, r.status(), r.contentType(), r.body()));
            wrong.addAll(CredentialMutations.echoes(c, r.body()));
            if (!wrong.isEmpty()) {
                problems.add(c.what() + ": REST answered " + r + ": " + String.join("; ", wrong));
            }
        } catch (IOException e) {
            problems.add(c.what() + ": the REST exchange failed: " + e);
        }
        Status.Code code;
        String description;
        if (grpcJavaSendsAsIs(c)) {
            Metadata metadata = new Metadata();
            c.headers().forEach(h -> GrpcProbe.add(metadata, h.name().toLowerCase(Locale.ROOT), h.value()));
            Status s = probe.call(PointsGrpc.getUpsertMethod(), UPSERT, metadata);
            code = s.getCode();
            description = s.getDescription();
        } else {
            try {
                RawGrpc.Answer a = RawGrpc.call(NODE.process().grpcPort(), "/qdrant.Points/Upsert", c.headers(),
                        UPSERT.toByteArray());
                code = a.code();
                description = a.description();
            } catch (IOException e) {
                problems.add(c.what() + ": the raw gRPC call failed: " + e);
                return;
            }
        }
        List<String> wrong = new ArrayList<>();
        if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN) {
            wrong.add("a server fault");
        }
        if (code == null && metadataBytes(c) <= LIMIT - 1024) {
            wrong.add("no gRPC status for metadata within the limit");
        }
        if (c.grpc() != null && code != c.grpc()) {
            wrong.add("expected " + c.grpc());
        }
        if (c.ceiling() != Ceiling.WRITE && code == Status.Code.OK) {
            wrong.add("more than its source may do");
        }
        wrong.addAll(CredentialMutations.echoes(c, String.valueOf(description)));
        if (!wrong.isEmpty()) {
            problems.add(c.what() + ": gRPC answered " + code + " `" + description + "`: " + String.join("; ", wrong));
        }
    }

    /**
     * Whether grpc-java sends these headers unchanged: it drops a value that is not printable ASCII, and refuses
     * metadata over the size the server advertises (16 KiB, counting 32 bytes a field and its own fields). Other
     * cases go out in hand-made frames, so what is judged is the server's answer to the very bytes.
     */
    private static boolean grpcJavaSendsAsIs(Case c) {
        for (Header h : c.headers()) {
            for (byte b : h.value()) {
                if (b < 0x20 || b > 0x7e) {
                    return false;
                }
            }
        }
        return metadataBytes(c) <= LIMIT - 1024;
    }

    private static int metadataBytes(Case c) {
        return c.headers().stream().mapToInt(h -> h.name().length() + h.value().length + 32).sum();
    }

    private void assertNoProblems() {
        assertTrue(problems.isEmpty(), problems.size() + " answers break the properties (seed " + SEED + "):\n"
                + String.join("\n", problems));
    }
}
