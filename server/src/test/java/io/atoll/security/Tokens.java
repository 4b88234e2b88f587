package io.atoll.security;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Scoped tokens as an operator makes them: HS256, signed with the node's API key (java-jwt, as users would). */
public final class Tokens {
    private Tokens() {
    }

    public static String sign(String key, Map<String, ?> claims) {
        return JWT.create().withPayload(claims).sign(Algorithm.HMAC256(key.getBytes(StandardCharsets.UTF_8)));
    }

    public static String global(String key, String access) {
        return sign(key, Map.of("access", access));
    }

    /** A token for one collection with mode r, rw or prw. */
    public static String collection(String key, String collection, String mode) {
        return sign(key, Map.of("access", List.of(Map.of("collection", collection, "access", mode))));
    }

    /** A manage token whose {@code exp} is {@code secondsFromNow} from now (negative: in the past). */
    public static String expiring(String key, long secondsFromNow) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("access", "m");
        claims.put("exp", System.currentTimeMillis() / 1000 + secondsFromNow);
        return sign(key, claims);
    }

    /** A token whose header and claims are these JSON texts, signed with HS256 over them. */
    public static String raw(String key, String headerJson, String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String body = b64.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8));
        byte[] sig = Algorithm.HMAC256(key.getBytes(StandardCharsets.UTF_8))
                .sign(body.split("\\.")[0].getBytes(StandardCharsets.UTF_8), body.split("\\.")[1].getBytes(StandardCharsets.UTF_8));
        return body + "." + b64.encodeToString(sig);
    }
}
