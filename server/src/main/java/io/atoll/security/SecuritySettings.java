package io.atoll.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How a node guards its ports: the keys and tokens it accepts, per-caller rate limits, request size limits, and TLS.
 * Immutable; printing it shows no secret.
 *
 * @param keys             API keys and scoped tokens ({@code service.api_key} and the rest)
 * @param requestsPerSecond per caller, 0 for no limit ({@code service.rate_limit.requests_per_second})
 * @param burst            requests a caller may send at once above the rate ({@code service.rate_limit.burst})
 * @param maxRequestBytes  largest REST body ({@code service.max_request_size_mb}, Qdrant's, 32 MiB by default)
 * @param maxHeaderBytes   largest request head on REST and metadata on gRPC ({@code service.max_header_bytes})
 * @param tls              certificates for the client ports and the peer port
 * @param peerSecret       the secret peers prove they share, instead of a CA's certificates
 *                         ({@code cluster.p2p.secret}; see {@code SharedSecretPki})
 */
public record SecuritySettings(ApiKeys keys, double requestsPerSecond, int burst, long maxRequestBytes,
                               int maxHeaderBytes, Tls tls, Optional<Secret> peerSecret) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 32L << 20;
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 << 10;

    public SecuritySettings {
        if (peerSecret.isPresent() && tls.peers()) {
            throw new IllegalArgumentException("cluster.p2p.secret and cluster.p2p.enable_tls are two ways for peers "
                    + "to authenticate each other: set one of them");
        }
    }

    /**
     * TLS settings, in Qdrant's names.
     *
     * @param clients          HTTPS on the REST port and TLS on the gRPC port ({@code service.enable_tls})
     * @param verifyClients    REST clients must show a certificate signed by the CA
     *                         ({@code service.verify_https_client_certificate})
     * @param peers            mutual TLS on the peer port, verified against the CA ({@code cluster.p2p.enable_tls})
     * @param cert             this node's certificate chain, PEM ({@code tls.cert})
     * @param key              its private key, PEM ({@code tls.key})
     * @param caCert           the CA certificates that sign clients' and peers' certificates ({@code tls.ca_cert})
     * @param watchInterval    how often the files are checked for changes, so rotation needs no restart
     */
    public record Tls(boolean clients, boolean verifyClients, boolean peers, Path cert, Path key, Path caCert,
                      Duration watchInterval) {
        public static final Tls OFF = new Tls(false, false, false, Path.of("tls", "cert.pem"),
                Path.of("tls", "key.pem"), Path.of("tls", "cacert.pem"), Duration.ofSeconds(1));

        public boolean any() {
            return clients || peers;
        }

        /** Whether the CA file is needed: to verify peers, or REST clients. */
        public boolean needsCa() {
            return peers || (clients && verifyClients);
        }
    }
}
