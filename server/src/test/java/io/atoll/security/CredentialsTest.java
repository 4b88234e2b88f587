package io.atoll.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsTest {
    private static Optional<String> from(String apiKey, String authorization) {
        Map<String, String> headers = new HashMap<>();
        if (apiKey != null) {
            headers.put("api-key", apiKey);
        }
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        return Credentials.from(headers::get);
    }

    @Test
    void theApiKeyHeaderWinsEvenWhenEmptyOrWrong() {
        assertEquals(Optional.of("k"), from("k", "Bearer t"));
        assertEquals(Optional.of(""), from("", "Bearer t"));
        assertEquals(Optional.of("t"), from(null, "Bearer t"));
        assertEquals(Optional.empty(), from(null, null));
    }

    @Test
    void bearerIsCaseSensitiveWithOneSpace() {
        assertEquals(Optional.empty(), from(null, "bearer t"));
        assertEquals(Optional.empty(), from(null, "Bearer"));
        assertEquals(Optional.of(" t"), from(null, "Bearer  t"));
        assertEquals(Optional.empty(), from(null, "Basic dXNlcjpwYXNz"));
        assertEquals(Optional.of(""), from(null, "Bearer "));
    }

    @Test
    void valuesBeyondVisibleAsciiCountAsAbsent() {
        assertEquals(Optional.of("t"), from("clé", "Bearer t"));
        assertEquals(Optional.empty(), from("k\u0000", "Bearer t\u0007"));
        assertEquals(Optional.of("a\tb"), from("a\tb", null));
    }
}
