package io.atoll.security;

import java.util.Optional;

/**
 * The keys a node accepts ({@code service.api_key}, {@code service.alt_api_key}, {@code service.read_only_api_key})
 * and whether scoped tokens signed with the full keys are accepted ({@code service.jwt_rbac}). The alternative key
 * lets operators rotate the full key without downtime: clients move to the new key while both work. Immutable.
 */
public record ApiKeys(Optional<Secret> apiKey, Optional<Secret> altApiKey, Optional<Secret> readOnlyApiKey,
                      boolean jwtRbac) {
    public static final ApiKeys NONE = new ApiKeys(Optional.empty(), Optional.empty(), Optional.empty(), false);

    /** Whether requests need a credential at all: with no key configured, everyone has full access. */
    public boolean enabled() {
        return apiKey.isPresent() || altApiKey.isPresent() || readOnlyApiKey.isPresent();
    }

    @Override
    public String toString() {
        return "ApiKeys[api_key=" + (apiKey.isPresent() ? "***" : "unset") + ", alt_api_key="
                + (altApiKey.isPresent() ? "***" : "unset") + ", read_only_api_key="
                + (readOnlyApiKey.isPresent() ? "***" : "unset") + ", jwt_rbac=" + jwtRbac + "]";
    }
}
