package io.atoll.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.security.ApiKeys;
import io.atoll.security.Secret;
import io.atoll.security.SecuritySettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the security keys of a node's configuration ({@code service.api_key} and the rest, {@code tls.*},
 * {@code cluster.p2p.enable_tls}). Messages about a key name the key, never its value.
 */
final class SecurityConfig {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfig.class);

    private SecurityConfig() {
    }

    static SecuritySettings bind(JsonNode service, JsonNode p2p, JsonNode tls) {
        ApiKeys keys = new ApiKeys(secret(service, "api_key"), secret(service, "alt_api_key"),
                secret(service, "read_only_api_key"), ConfigLoader.bool(service, "jwt_rbac"));
        JsonNode rate = service.path("rate_limit");
        double perSecond = rate(rate, "requests_per_second");
        int burst = ConfigLoader.integer(rate, "burst", 0, 1_000_000);
        SecuritySettings.Tls files = new SecuritySettings.Tls(ConfigLoader.bool(service, "enable_tls"),
                ConfigLoader.bool(service, "verify_https_client_certificate"), ConfigLoader.bool(p2p, "enable_tls"),
                Path.of(ConfigLoader.text(tls, "cert")), Path.of(ConfigLoader.text(tls, "key")),
                Path.of(ConfigLoader.text(tls, "ca_cert")),
                Duration.ofMillis(ConfigLoader.integer(tls, "watch_interval_ms", 10, 3_600_000)));
        return new SecuritySettings(keys, perSecond, burst == 0 ? (int) Math.max(1, Math.ceil(perSecond)) : burst,
                (long) ConfigLoader.integer(service, "max_request_size_mb", 1, 1 << 20) << 20,
                ConfigLoader.integer(service, "max_header_bytes", 1024, 1 << 20), files, secret(p2p, "secret"));
    }

    /** A secret's value; empty counts as unset, as in Qdrant, with Qdrant's warning. */
    private static Optional<Secret> secret(JsonNode service, String key) {
        JsonNode v = service.get(key);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isValueNode()) {
            throw new IllegalArgumentException("configuration key " + key + " must be a string");
        }
        if (v.asText().isEmpty()) {
            LOG.warn("Service {} is set but empty, it is treated as unset and authentication may be disabled", key);
        }
        return Secret.of(v.asText());
    }

    private static double rate(JsonNode n, String key) {
        String s = ConfigLoader.text(n, key);
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= 0) || v > 1_000_000) {
            throw new IllegalArgumentException("configuration key " + key + " must be a number of requests per second "
                    + "from 0 (no limit) to 1000000, got " + s);
        }
        return v;
    }
}
