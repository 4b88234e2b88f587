package io.atoll.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.atoll.error.AtollException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
    private static final String KEY = "full-key";
    private static final String ALT = "alternative-key";
    private static final String RO = "read-only-key";
    private static final ApiKeys KEYS = new ApiKeys(Secret.of(KEY), Secret.of(ALT), Secret.of(RO), true);
    private static final Map<String, Object> USER = Map.of("user", "alice");

    private final Authenticator auth = Authenticator.of(KEYS, (collection, matches) -> {
        if (!collection.equals("users")) {
            throw AtollException.notFound("Collection `" + collection + "` doesn't exist!");
        }
        return matches.equals(USER);
    }).orElseThrow();

    private Principal as(String credential) {
        return auth.authenticate(Optional.of(credential));
    }

    private static void refused(AtollException.Kind kind, String message, Runnable call) {
        AtollException e = assertThrows(AtollException.class, call::run);
        assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(message, e.getMessage());
    }

    @Test
    void keysGiveTheirAccessAndNothingElseDoes() {
        assertEquals(Access.FULL, as(KEY).access());
        assertEquals(Access.FULL, as(ALT).access());
        assertEquals(Access.READ_ONLY, as(RO).access());
        refused(AtollException.Kind.UNAUTHENTICATED, "Must provide an API key or an Authorization bearer token",
                () -> auth.authenticate(Optional.empty()));
        for (String wrong : List.of("", "full-key ", "FULL-KEY", "full-ke", "x".repeat(10_000), "a.b.c", "..")) {
            refused(AtollException.Kind.UNAUTHENTICATED, "Invalid API key or JWT", () -> as(wrong));
        }
    }

    @Test
    void noKeyMeansNoAuthenticatorAndAnEmptyKeyIsNoKey() {
        assertTrue(Authenticator.of(ApiKeys.NONE, (c, m) -> false).isEmpty());
        ApiKeys empty = new ApiKeys(Secret.of(""), Secret.of(null), Secret.of(""), true);
        assertFalse(empty.enabled());
        ApiKeys readOnlyOnly = new ApiKeys(Optional.empty(), Optional.empty(), Secret.of("r"), false);
        Authenticator ro = Authenticator.of(readOnlyOnly, (c, m) -> false).orElseThrow();
        assertEquals(Access.READ_ONLY, ro.authenticate(Optional.of("r")).access());
        assertEquals("ApiKeys[api_key=***, alt_api_key=***, read_only_api_key=***, jwt_rbac=true]", KEYS.toString());
    }

    @Test
    void tokensSignedWithEitherFullKeyCarryTheirAccess() {
        assertEquals(Access.READ_ONLY, as(Tokens.global(KEY, "r")).access());
        assertEquals(Access.FULL, as(Tokens.global(ALT, "m")).access());
        assertEquals(Access.FULL, as(Tokens.sign(KEY, Map.of("sub", "x", "subject", "y"))).access());
        Access scoped = as(Tokens.sign(KEY, Map.of("access", List.of(Map.of("collection", "a", "access", "r"),
                Map.of("collection", "b", "access", "prw"))))).access();
        assertEquals(new Access.Collections(Map.of("a", Access.Mode.READ, "b", Access.Mode.POINTS_READ_WRITE)), scoped);
        assertTrue(as(Tokens.global(KEY, "r")).id().startsWith("token:"));
    }

    @Test
    void badSignaturesAndExpiryAreRefusedWithQdrantsWords() {
        refused(AtollException.Kind.UNAUTHENTICATED, "InvalidSignature", () -> as(Tokens.global("another", "m")));
        refused(AtollException.Kind.UNAUTHENTICATED, "InvalidSignature", () -> as(Tokens.global(RO, "m")));
        refused(AtollException.Kind.UNAUTHENTICATED, "ExpiredSignature", () -> as(Tokens.expiring(KEY, -31)));
        // an expired token with a bad signature is a bad signature: the signature is checked first
        refused(AtollException.Kind.UNAUTHENTICATED, "InvalidSignature", () -> as(Tokens.expiring("another", -100)));
        assertEquals(Access.FULL, as(Tokens.expiring(KEY, -25)).access(), "30 seconds of leeway");
        assertEquals(Access.FULL, as(Tokens.expiring(KEY, 3600)).access());
    }

    @Test
    void tokensOfOtherShapesOrAlgorithmsAreNotTokens() {
        String hs512 = JWT.create().withClaim("access", "m").sign(Algorithm.HMAC512(KEY));
        String none = JWT.create().withClaim("access", "m").sign(Algorithm.none());
        String valid = Tokens.global(KEY, "m");
        // a cut signature is a wrong one
        refused(AtollException.Kind.UNAUTHENTICATED, "InvalidSignature", () -> as(valid.substring(0, valid.length() - 5)));
        for (String token : List.of(hs512, none,
                valid.substring(0, valid.lastIndexOf('.')), valid + ".x", "Bearer " + valid,
                Tokens.raw(KEY, "{\"alg\":\"HS256\"}", "[1,2]"), Tokens.raw(KEY, "{\"alg\":\"HS256\"}", "{\"exp\":\"soon\"}"),
                Tokens.global(KEY, "rw"), Tokens.global(KEY, "x"), Tokens.sign(KEY, Map.of("access", 7)),
                Tokens.sign(KEY, Map.of("access", List.of(Map.of("collection", "a", "access", "m")))),
                Tokens.sign(KEY, Map.of("access", List.of(Map.of("collection", 3, "access", "r")))),
                Tokens.sign(KEY, Map.of("access", List.of("a"))))) {
            refused(AtollException.Kind.UNAUTHENTICATED, "Invalid API key or JWT", () -> as(token));
        }
    }

    @Test
    void claimsThatBreakQdrantsRulesAreRefusedWithTheRule() {
        refused(AtollException.Kind.UNAUTHENTICATED, "access.collection: Collection name should be unique",
                () -> as(Tokens.sign(KEY, Map.of("access", List.of(Map.of("collection", "a", "access", "r"),
                        Map.of("collection", "a", "access", "rw"))))));
        refused(AtollException.Kind.UNAUTHENTICATED,
                "access.access.payload: The 'payload' constraint is deprecated and should not be used",
                () -> as(Tokens.sign(KEY, Map.of("access", List.of(Map.of("collection", "a", "access", "r",
                        "payload", Map.of("user", "x")))))));
    }

    @Test
    void valueExistsHoldsOnlyWhileAMatchingPointDoes() {
        assertEquals(Access.FULL, as(Tokens.sign(KEY, Map.of("value_exists", Map.of("collection", "users",
                "matches", List.of(Map.of("key", "user", "value", "alice")))))).access());
        refused(AtollException.Kind.UNAUTHENTICATED, "Invalid JWT, stateful validation failed",
                () -> as(Tokens.sign(KEY, Map.of("value_exists", Map.of("collection", "users",
                        "matches", List.of(Map.of("key", "user", "value", "bob")))))));
        refused(AtollException.Kind.FORBIDDEN, "Invalid JWT, stateful validation failed",
                () -> as(Tokens.sign(KEY, Map.of("value_exists", Map.of("collection", "nobody",
                        "matches", List.of(Map.of("key", "user", "value", "alice")))))));
        Map<String, Object> floatValue = new HashMap<>(Map.of("key", "user"));
        floatValue.put("value", 1.5);
        refused(AtollException.Kind.UNAUTHENTICATED, "Invalid API key or JWT",
                () -> as(Tokens.sign(KEY, Map.of("value_exists", Map.of("collection", "users",
                        "matches", List.of(floatValue))))));
    }

    @Test
    void tokensNeedJwtRbacAndAFullKey() {
        Authenticator plain = Authenticator.of(new ApiKeys(Secret.of(KEY), Optional.empty(), Optional.empty(), false),
                (c, m) -> true).orElseThrow();
        refused(AtollException.Kind.UNAUTHENTICATED, "Invalid API key or JWT",
                () -> plain.authenticate(Optional.of(Tokens.global(KEY, "m"))));
        Authenticator readOnlyOnly = Authenticator.of(new ApiKeys(Optional.empty(), Optional.empty(), Secret.of(RO),
                true), (c, m) -> true).orElseThrow();
        refused(AtollException.Kind.UNAUTHENTICATED, "Invalid API key or JWT",
                () -> readOnlyOnly.authenticate(Optional.of(Tokens.global(RO, "m"))));
    }
}
