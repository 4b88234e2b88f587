package io.atoll.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.TestPki;
import io.atoll.testing.TestPki.KeyType;
import io.atoll.testing.TestPki.Leaf;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L2: mutual TLS between peers over real JDK sockets. A server built with {@code serverContext(true)} lets in
 * clients whose certificate the cluster CA signed and nobody else; peers are never judged by host name; RSA, EC and
 * Ed25519 identities work in TLS 1.2 and 1.3.
 */
class MutualTlsTest {
    private static final Duration WATCH = Duration.ofSeconds(30);

    @TempDir
    static Path pkiDir;
    private static TestPki pki;
    private static Leaf server;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create(pkiDir);
        server = pki.leaf("server");
    }

    @Test
    void onlyClientsTheClusterCaSignedGetIn() throws Exception {
        Leaf peer = pki.leaf("peer");
        Leaf stranger = pki.otherCa().leaf("stranger");
        try (TlsMaterial material = TlsMaterial.load(new TlsFiles(server.cert(), server.key(), pki.caCert(), WATCH));
             TlsProbe probe = new TlsProbe(material.serverContext(true));
             CapturedLog log = new CapturedLog()) {
            ReloadingTrustManager trust = material.trustManager().orElseThrow();

            TlsProbe.Outcome admitted = TlsProbe.connect(
                    TlsProbe.stockClient(pki.caCert(), PemFiles.readIdentity(peer.cert(), peer.key())), probe.port(),
                    null, true);
            assertTrue(admitted.accepted(), String.valueOf(admitted.failure()));
            assertEquals(List.of("CN=peer"), probe.clientSubjects());

            SSLContext strangerContext =
                    TlsProbe.stockClient(pki.caCert(), PemFiles.readIdentity(stranger.cert(), stranger.key()));
            for (int attempt = 0; attempt < 2; attempt++) {
                assertFalse(TlsProbe.connect(strangerContext, probe.port(), null, true).accepted(), "other CA");
            }
            assertEquals(2, trust.refusedChains());
            assertEquals(1, log.lines("refused TLS handshake from 127.0.0.1: certificate CN=stranger"),
                    "one warning per subject, however often it retries");

            TlsProbe.Outcome anonymous = TlsProbe.connect(TlsProbe.stockClient(pki.caCert(), null), probe.port(), null,
                    true);
            assertFalse(anonymous.accepted(), "no client certificate");
            assertEquals(List.of("CN=peer"), probe.clientSubjects());
        }
    }

    /**
     * A peer is reached at whatever address the cluster knows it by, which its certificate need not name: a leaf for
     * {@code elsewhere.example} only is accepted at 127.0.0.1 by the cluster's trust manager, even when the client
     * asks for HTTPS host name verification, where the JDK's stock trust manager refuses it.
     */
    @Test
    void peersAreNotJudgedByHostName() throws Exception {
        Leaf elsewhere = pki.leaf("elsewhere", KeyType.RSA, "DNS:elsewhere.example");
        Leaf client = pki.leaf("client");
        try (TlsMaterial serverSide = TlsMaterial.load(
                     new TlsFiles(elsewhere.cert(), elsewhere.key(), pki.caCert(), WATCH));
             TlsMaterial clientSide = TlsMaterial.load(new TlsFiles(client.cert(), client.key(), pki.caCert(), WATCH));
             TlsProbe probe = new TlsProbe(serverSide.serverContext(true))) {
            TlsProbe.Outcome peer = TlsProbe.connect(clientSide.clientContext(), probe.port(), null, true);
            assertTrue(peer.accepted(), String.valueOf(peer.failure()));
            assertEquals("CN=elsewhere", peer.serverLeaf().getSubjectX500Principal().getName());

            TlsProbe.Outcome stock = TlsProbe.connect(
                    TlsProbe.stockClient(pki.caCert(), PemFiles.readIdentity(client.cert(), client.key())),
                    probe.port(), null, true);
            assertFalse(stock.accepted(), "the JDK's own trust manager checks the host name");
            assertTrue(String.valueOf(stock.failure()).contains("No subject alternative"), String.valueOf(stock.failure()));
        }
        // And the other way round: a client certificate naming another host is accepted by a server.
        try (TlsMaterial serverSide = TlsMaterial.load(new TlsFiles(server.cert(), server.key(), pki.caCert(), WATCH));
             TlsMaterial clientSide = TlsMaterial.load(
                     new TlsFiles(elsewhere.cert(), elsewhere.key(), pki.caCert(), WATCH));
             TlsProbe probe = new TlsProbe(serverSide.serverContext(true))) {
            TlsProbe.Outcome peer = TlsProbe.connect(clientSide.clientContext(), probe.port(), null, true);
            assertTrue(peer.accepted(), String.valueOf(peer.failure()));
            assertEquals(List.of("CN=elsewhere"), probe.clientSubjects());
        }
    }

    @Test
    void rsaEcAndEd25519IdentitiesWorkInTls12And13() throws Exception {
        for (KeyType type : List.of(KeyType.RSA, KeyType.RSA_PKCS1, KeyType.EC, KeyType.EC_SEC1, KeyType.ED25519)) {
            Leaf serverLeaf = pki.leaf("server-" + type, type, TestPki.DEFAULT_SAN);
            Leaf clientLeaf = pki.leaf("client-" + type, type, TestPki.DEFAULT_SAN);
            try (TlsMaterial serverSide = TlsMaterial.load(
                         new TlsFiles(serverLeaf.cert(), serverLeaf.key(), pki.caCert(), WATCH));
                 TlsMaterial clientSide = TlsMaterial.load(
                         new TlsFiles(clientLeaf.cert(), clientLeaf.key(), pki.caCert(), WATCH));
                 TlsProbe probe = new TlsProbe(serverSide.serverContext(true))) {
                for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
                    TlsProbe.Outcome outcome = TlsProbe.connect(clientSide.clientContext(), probe.port(), protocol,
                            false);
                    assertTrue(outcome.accepted(), type + " over " + protocol + ": " + outcome.failure());
                    assertEquals(serverLeaf.cert().getFileName().toString().replace(".pem", ""),
                            outcome.serverLeaf().getSubjectX500Principal().getName().substring(3));
                }
                assertEquals(List.of("CN=client-" + type, "CN=client-" + type), probe.clientSubjects());
            }
        }
    }
}
