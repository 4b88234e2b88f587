package io.atoll.security.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a node's TLS material lives and how often to look for a new version of it.
 *
 * @param cert          PEM certificate chain, leaf first (Qdrant's {@code tls.cert})
 * @param key           PEM private key of the leaf (Qdrant's {@code tls.key})
 * @param caCert        PEM bundle of the CAs that sign peers and client certificates (Qdrant's {@code tls.ca_cert});
 *                      null when nothing needs to be verified
 * @param watchInterval how often the files are checked for changes
 */
public record TlsFiles(Path cert, Path key, Path caCert, Duration watchInterval) {
    public TlsFiles {
        if (cert == null || key == null) {
            throw new IllegalArgumentException("a TLS certificate and key file are both required");
        }
        if (watchInterval == null || watchInterval.isNegative() || watchInterval.isZero()) {
            throw new IllegalArgumentException("the TLS watch interval must be positive, got " + watchInterval);
        }
    }

    public Optional<Path> ca() {
        return Optional.ofNullable(caCert);
    }
}
