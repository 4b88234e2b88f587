package io.atoll.security;

import java.util.Optional;

/**
 * The door of the client ports, shared by REST and gRPC: who a request comes from, and whether that caller is within
 * its rate. With no key configured, every request is {@link Principal#ANONYMOUS} (full access, one bucket).
 * Thread-safe.
 */
public final class Gate {
    private final Optional<Authenticator> authenticator;
    private final RateLimiter rates;

    public Gate(Optional<Authenticator> authenticator, RateLimiter rates) {
        this.authenticator = authenticator;
        this.rates = rates;
    }

    public static Gate of(SecuritySettings settings, ValueExists.Lookup values) {
        return new Gate(Authenticator.of(settings.keys(), values),
                new RateLimiter(settings.requestsPerSecond(), settings.burst()));
    }

    /** Whether callers must authenticate. */
    public boolean guarded() {
        return authenticator.isPresent();
    }

    /** The caller behind {@code credential}, within its rate; throws UNAUTHENTICATED, FORBIDDEN or RATE_LIMITED. */
    public Principal admit(Optional<String> credential) {
        Principal p = authenticator.map(a -> a.authenticate(credential)).orElse(Principal.ANONYMOUS);
        rates.acquire(p.id());
        return p;
    }
}
