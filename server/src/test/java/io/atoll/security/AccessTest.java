package io.atoll.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.error.AtollException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AccessTest {
    private static final Access R = new Access.Collections(Map.of("a", Access.Mode.READ));
    private static final Access RW = new Access.Collections(Map.of("a", Access.Mode.READ_WRITE));
    private static final Access PRW = new Access.Collections(Map.of("a", Access.Mode.POINTS_READ_WRITE));

    private static String refusal(Access access, Requirement requirement, String collection) {
        try {
            access.check(requirement, collection);
            return "ok";
        } catch (AtollException e) {
            assertEquals(AtollException.Kind.FORBIDDEN, e.kind());
            return e.getMessage();
        }
    }

    @Test
    void globalAccessReadsEverythingAndOnlyManageChanges() {
        for (Requirement r : List.of(Requirement.ANY, Requirement.GLOBAL_READ, Requirement.READ, Requirement.READ_EXTRAS)) {
            assertEquals("ok", refusal(Access.READ_ONLY, r, "a"));
        }
        for (Requirement r : List.of(Requirement.GLOBAL_MANAGE, Requirement.WRITE, Requirement.WRITE_EXTRAS,
                Requirement.MANAGE_COLLECTION)) {
            assertEquals("Global manage access is required", refusal(Access.READ_ONLY, r, "a"));
            assertEquals("ok", refusal(Access.FULL, r, "a"));
        }
    }

    @Test
    void collectionTokensWithQdrantsMessages() {
        assertEquals("Global access is required", refusal(RW, Requirement.GLOBAL_READ, null));
        assertEquals("Global access is required", refusal(RW, Requirement.GLOBAL_MANAGE, "a"));
        assertEquals("ok", refusal(R, Requirement.ANY, null));
        assertEquals("Access to collection b is required", refusal(RW, Requirement.READ, "b"));
        assertEquals("ok", refusal(R, Requirement.READ_EXTRAS, "a"));
        assertEquals("Write access to collection a is required", refusal(R, Requirement.WRITE, "a"));
        assertEquals("ok", refusal(RW, Requirement.WRITE_EXTRAS, "a"));
        assertEquals("ok", refusal(PRW, Requirement.WRITE, "a"));
        assertEquals("Only points access is allowed for collection a", refusal(PRW, Requirement.READ_EXTRAS, "a"));
        assertEquals("Only points access is allowed for collection a", refusal(PRW, Requirement.WRITE_EXTRAS, "a"));
        assertEquals("Manage access for this operation is required", refusal(RW, Requirement.MANAGE_COLLECTION, "a"));
        assertEquals("Write access to collection a is required", refusal(R, Requirement.MANAGE_COLLECTION, "a"));
    }

    @Test
    void listsShowWhatTheCallerMaySee() {
        assertTrue(R.sees("a"));
        assertFalse(R.sees("b"));
        assertFalse(R.sees(null));
        assertTrue(Access.READ_ONLY.sees(null));
    }

    @Test
    void secretsCompareByValueAndNeverPrint() {
        Secret s = Secret.of("s3cret").orElseThrow();
        assertTrue(s.matches("s3cret"));
        assertFalse(s.matches("s3cret "));
        assertEquals("***", s.toString());
        assertTrue(Secret.of("").isEmpty());
    }

    @Test
    void rateLimiterRefillsPerCallerAndSaysWhenToRetry() {
        long[] now = {0};
        RateLimiter limiter = new RateLimiter(2, 2, () -> now[0]);
        limiter.acquire("a");
        limiter.acquire("a");
        AtollException e = assertThrows(AtollException.class, () -> limiter.acquire("a"));
        assertEquals(AtollException.Kind.RATE_LIMITED, e.kind());
        assertEquals(1, e.retryAfterSeconds());
        limiter.acquire("b");
        now[0] += 500_000_000L;
        limiter.acquire("a");
        assertThrows(AtollException.class, () -> limiter.acquire("a"));
        new RateLimiter(0, 0).acquire("a");
    }
}
