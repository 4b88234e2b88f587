package io.atoll.security.tls;

import static io.atoll.testing.QdrantApi.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.TestPki;
import io.atoll.testing.TestPki.Leaf;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L2: certificates rotate without a restart. A real JDK TLS server built from {@link TlsMaterial} presents a new
 * certificate to new handshakes once its files are replaced, keeps the current one when the replacement is broken
 * (saying so once), and follows a Kubernetes-style symlink swap.
 */
class ReloadingTlsTest {
    private static final Duration WATCH = Duration.ofMillis(100);
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    static Path pkiDir;
    private static TestPki pki;

    @TempDir
    Path node;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create(pkiDir);
    }

    @Test
    void newHandshakesSeeAReplacedCertificateAndABrokenOneIsRefusedOnce() throws Exception {
        Leaf first = pki.leaf("first");
        Path cert = node.resolve("cert.pem");
        Path key = node.resolve("key.pem");
        install(first.cert(), cert);
        install(first.key(), key);
        try (TlsMaterial material = TlsMaterial.load(new TlsFiles(cert, key, pki.caCert(), WATCH));
             TlsProbe server = new TlsProbe(material.serverContext(false));
             CapturedLog log = new CapturedLog()) {
            SSLContext client = TlsProbe.stockClient(pki.caCert(), null);
            assertEquals(serial(first.cert()), servedSerial(client, server));

            Leaf second = pki.leaf("second");
            BigInteger secondSerial = rotate(second, cert, key, client, server);
            assertEquals(1, material.watcher().reloads());
            assertEquals(secondSerial, material.keyManager().currentChain()[0].getSerialNumber());

            // A key file with its body damaged, as a botched copy leaves it.
            List<String> lines = Files.readAllLines(second.key());
            Path damaged = node.resolve("damaged.key");
            Files.write(damaged, List.of(lines.getFirst(), "AAAA" + lines.get(1).substring(4), lines.getLast()));
            // Counted from here: a rotation is two moves, and a watcher check between them (the test's thread
            // stalled) sees the new certificate with the old key, a failure of its own.
            long failures = material.watcher().refreshFailures();
            String refused = "Failed to refresh TLS certificate from " + cert + ", keeping current: ";
            long refusedLines = log.lines(refused);
            install(damaged, key);
            await("the broken key to be refused", DEADLINE, () -> material.watcher().refreshFailures() == failures + 1);
            long checked = material.watcher().checks();
            await("three more checks of the files", DEADLINE, () -> material.watcher().checks() >= checked + 3);

            assertEquals(failures + 1, material.watcher().refreshFailures(), "one failure per distinct version");
            assertEquals(refusedLines + 1, log.lines(refused));
            assertEquals(1, material.watcher().reloads());
            assertEquals(secondSerial, servedSerial(client, server));

            // Mending the files applies them, and a later breakage is reported again.
            BigInteger thirdSerial = rotate(pki.leaf("third"), cert, key, client, server);
            long failuresAfterMending = material.watcher().refreshFailures();
            String mismatch = "does not match the certificate in " + cert;
            long mismatchLines = log.lines(mismatch);
            install(first.key(), key);
            await("a mismatched key to be refused", DEADLINE,
                    () -> material.watcher().refreshFailures() == failuresAfterMending + 1);
            assertEquals(mismatchLines + 1, log.lines(mismatch));
            assertEquals(thirdSerial, servedSerial(client, server));
        }
    }

    /**
     * Kubernetes mounts a secret as {@code cert.pem -> ..data/cert.pem} with {@code ..data} a symlink it swaps
     * atomically to a new timestamped directory; the files' own links never change.
     */
    @Test
    void followsAKubernetesSecretVolumeSwap() throws Exception {
        Leaf first = pki.leaf("k8s-first");
        Path volume = Files.createDirectories(node.resolve("secret"));
        Path firstDir = secretVersion(volume, "..2026_01_01", first);
        Files.createSymbolicLink(volume.resolve("..data"), firstDir.getFileName());
        for (String name : List.of("tls.crt", "tls.key", "ca.crt")) {
            Files.createSymbolicLink(volume.resolve(name), Path.of("..data", name));
        }
        TlsFiles files = new TlsFiles(volume.resolve("tls.crt"), volume.resolve("tls.key"), volume.resolve("ca.crt"),
                WATCH);
        try (TlsMaterial material = TlsMaterial.load(files);
             TlsProbe server = new TlsProbe(material.serverContext(false))) {
            SSLContext client = TlsProbe.stockClient(pki.caCert(), null);
            assertEquals(serial(first.cert()), servedSerial(client, server));

            Leaf second = pki.leaf("k8s-second");
            Path secondDir = secretVersion(volume, "..2026_01_02", second);
            Path link = volume.resolve("..data_tmp");
            Files.createSymbolicLink(link, secondDir.getFileName());
            Files.move(link, volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);

            BigInteger secondSerial = serial(second.cert());
            await("a handshake presenting the certificate of the new secret version", DEADLINE,
                    () -> secondSerial.equals(servedSerial(client, server)));
            assertEquals(0, material.watcher().refreshFailures());
        }
    }

    @Test
    void aNewCaBundleIsTrustedWithoutARestart() throws Exception {
        Leaf leaf = pki.leaf("ca-rotation");
        Path bundle = node.resolve("ca.pem");
        install(pki.caCert(), bundle);
        Leaf newcomer = pki.otherCa().leaf("newcomer");
        try (TlsMaterial material = TlsMaterial.load(new TlsFiles(leaf.cert(), leaf.key(), bundle, WATCH));
             TlsProbe server = new TlsProbe(material.serverContext(true))) {
            SSLContext client = TlsProbe.stockClient(pki.caCert(),
                    PemFiles.readIdentity(newcomer.cert(), newcomer.key()));
            assertFalse(TlsProbe.connect(client, server.port(), null, false).accepted(), "not yet trusted");

            Path both = node.resolve("both.pem");
            Files.writeString(both, Files.readString(pki.caCert()) + Files.readString(pki.otherCa().caCert()));
            install(both, bundle);
            await("a client of the newly trusted CA to get in", DEADLINE,
                    () -> TlsProbe.connect(client, server.port(), null, false).accepted());
            assertEquals(2, material.trustManager().orElseThrow().cas().size());
        }
    }

    @Test
    void aNodeWithBadFilesDoesNotStart() throws IOException {
        Leaf leaf = pki.leaf("startup");
        Path missingCa = node.resolve("missing-ca.pem");
        TlsFileException e = assertThrows(TlsFileException.class,
                () -> TlsMaterial.load(new TlsFiles(leaf.cert(), leaf.key(), missingCa, WATCH)));
        assertEquals("TLS file could not be opened: " + missingCa + " (no such file)", e.getMessage());

        Leaf other = pki.leaf("startup-other");
        e = assertThrows(TlsFileException.class,
                () -> TlsMaterial.load(new TlsFiles(leaf.cert(), other.key(), null, WATCH)));
        assertTrue(e.getMessage().startsWith("the private key in " + other.key() + " does not match the certificate in "
                + leaf.cert()), e.getMessage());

        try (TlsMaterial noCa = TlsMaterial.load(new TlsFiles(leaf.cert(), leaf.key(), null, WATCH))) {
            assertTrue(noCa.trustManager().isEmpty());
            assertThrows(IllegalStateException.class, () -> noCa.serverContext(true));
            assertThrows(IllegalStateException.class, noCa::clientContext);
        }
    }

    private static Path secretVersion(Path volume, String name, Leaf leaf) throws IOException {
        Path dir = Files.createDirectories(volume.resolve(name));
        Files.copy(leaf.cert(), dir.resolve("tls.crt"));
        Files.copy(leaf.key(), dir.resolve("tls.key"));
        Files.copy(pki.caCert(), dir.resolve("ca.crt"));
        return dir;
    }

    /** Installs {@code leaf} as the node's files and waits until new handshakes present it; returns its serial. */
    private static BigInteger rotate(Leaf leaf, Path cert, Path key, SSLContext client, TlsProbe server)
            throws IOException {
        install(leaf.cert(), cert);
        install(leaf.key(), key);
        BigInteger serial = serial(leaf.cert());
        await("a handshake presenting " + leaf.cert().getFileName(), DEADLINE,
                () -> serial.equals(servedSerial(client, server)));
        return serial;
    }

    /** The serial of the certificate a new handshake sees, checked by a stock client with host name verification. */
    private static BigInteger servedSerial(SSLContext client, TlsProbe server) {
        return TlsProbe.connect(client, server.port(), null, true).serverSerial();
    }

    /** Replaces {@code target} atomically, as {@code mv} of a finished file does. */
    private static void install(Path source, Path target) throws IOException {
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static BigInteger serial(Path cert) {
        X509Certificate leaf = PemFiles.readChain(cert).getFirst();
        return leaf.getSerialNumber();
    }
}
