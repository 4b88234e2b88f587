package io.atoll.server;

import io.atoll.security.SecuritySettings;
import io.atoll.security.tls.PeerTls;
import io.atoll.security.tls.SharedSecretPki;
import io.atoll.security.tls.TlsFiles;
import io.atoll.security.tls.TlsMaterial;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * A node's certificates, loaded once and shared by every port that speaks TLS: the REST and gRPC ports when
 * {@code service.enable_tls} is on, the peer port when {@code cluster.p2p.enable_tls} is (or, with
 * {@code cluster.p2p.secret}, certificates made from the shared secret). The files are watched, so a rotated
 * certificate reaches new connections without a restart.
 */
final class NodeTls implements AutoCloseable {
    private final SecuritySettings.Tls settings;
    private final Optional<TlsMaterial> material;
    private final Optional<PeerTls> sharedSecret;

    private NodeTls(SecuritySettings.Tls settings, Optional<TlsMaterial> material, Optional<PeerTls> sharedSecret) {
        this.settings = settings;
        this.material = material;
        this.sharedSecret = sharedSecret;
    }

    /** Loads the files the settings need; fails with the file and what is wrong with it. */
    static NodeTls load(SecuritySettings security) {
        SecuritySettings.Tls settings = security.tls();
        Optional<PeerTls> sharedSecret = security.peerSecret()
                .map(s -> SharedSecretPki.peerTls(s.derive("atoll peer certificate authority")));
        if (!settings.any()) {
            return new NodeTls(settings, Optional.empty(), sharedSecret);
        }
        Path ca = settings.caCert();
        if (settings.needsCa() && !Files.exists(ca)) {
            throw new IllegalArgumentException("CA certificate is required for TLS configuration: tls.ca_cert (" + ca
                    + ") does not exist");
        }
        // a CA present but not needed still verifies what this node connects to
        return new NodeTls(settings, Optional.of(TlsMaterial.load(new TlsFiles(settings.cert(), settings.key(),
                Files.exists(ca) ? ca : null, settings.watchInterval()))), sharedSecret);
    }

    /** The REST port's HTTPS context, or null for plain HTTP. */
    SSLContext rest() {
        return settings.clients() ? material.orElseThrow().serverContext(settings.verifyClients()) : null;
    }

    /** The gRPC port's key manager, or null for plaintext. */
    KeyManager grpc() {
        return settings.clients() ? material.orElseThrow().keyManager() : null;
    }

    /** The peer port's mutual TLS (from the CA's files or the shared secret), or none for plaintext peers. */
    Optional<PeerTls> peers() {
        return settings.peers() ? material.map(m -> new PeerTls(m.keyManager(), m.trustManager().orElseThrow()))
                : sharedSecret;
    }

    String restScheme() {
        return settings.clients() ? "https" : "http";
    }

    @Override
    public void close() {
        material.ifPresent(TlsMaterial::close);
    }
}
