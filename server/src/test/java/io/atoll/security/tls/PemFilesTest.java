package io.atoll.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.atoll.testing.TestPki;
import io.atoll.testing.TestPki.KeyType;
import io.atoll.testing.TestPki.Leaf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L1: the PEM files operators hand a node, in the encodings OpenSSL writes, and the messages a bad file gets: each
 * names the file and the problem, and none quotes a key.
 */
class PemFilesTest {
    @TempDir
    static Path dir;
    private static TestPki pki;
    private static Leaf rsa;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create(dir.resolve("pki"));
        rsa = pki.leaf("rsa");
    }

    @Test
    void readsAPkcs8RsaKeyWithItsChain() {
        TlsIdentity identity = PemFiles.readIdentity(rsa.cert(), rsa.key());
        assertEquals("RSA", identity.key().getAlgorithm());
        assertEquals("CN=rsa", identity.leaf().getSubjectX500Principal().getName());
        assertFalse(identity.toString().contains(keyBase64(rsa.key()).substring(0, 20)), identity.toString());
    }

    @Test
    void readsTraditionalAndEllipticKeys() throws IOException {
        for (KeyType type : List.of(KeyType.RSA_PKCS1, KeyType.EC, KeyType.EC_SEC1, KeyType.ED25519)) {
            Leaf leaf = pki.leaf(type.name().toLowerCase(), type, TestPki.DEFAULT_SAN);
            String header = Files.readAllLines(leaf.key()).getFirst();
            String expected = switch (type) {
                case RSA_PKCS1 -> "-----BEGIN RSA PRIVATE KEY-----";
                case EC_SEC1 -> "-----BEGIN EC PRIVATE KEY-----";
                case RSA, EC, ED25519 -> "-----BEGIN PRIVATE KEY-----";
            };
            assertEquals(expected, header, type + " is written as the encoding under test");
            TlsIdentity identity = PemFiles.readIdentity(leaf.cert(), leaf.key());
            String algorithm = switch (type) {
                case RSA, RSA_PKCS1 -> "RSA";
                case EC, EC_SEC1 -> "EC";
                case ED25519 -> "EdDSA";
            };
            assertEquals(algorithm, identity.key().getAlgorithm(), type.name());
        }
    }

    @Test
    void aKeyOfAnotherCertificateNamesBothFiles() {
        Leaf other = pki.leaf("other");
        TlsFileException e = assertThrows(TlsFileException.class, () -> PemFiles.readIdentity(rsa.cert(), other.key()));
        assertEquals("the private key in " + other.key() + " does not match the certificate in " + rsa.cert()
                + " (CN=rsa)", e.getMessage());
        assertNoKeyMaterial(e, other.key());
    }

    @Test
    void missingEmptyAndGarbageFilesSayWhatIsWrong() throws IOException {
        Path missing = dir.resolve("missing.pem");
        assertEquals("TLS file could not be opened: " + missing + " (no such file)",
                assertThrows(TlsFileException.class, () -> PemFiles.readChain(missing)).getMessage());

        Path empty = Files.createFile(dir.resolve("empty.pem"));
        assertEquals("no server certificate found in " + empty + " (the file is empty)",
                assertThrows(TlsFileException.class, () -> PemFiles.readChain(empty)).getMessage());
        assertEquals("no private key found in " + empty + " (the file is empty)",
                assertThrows(TlsFileException.class, () -> PemFiles.readPrivateKey(empty)).getMessage());
        assertEquals("no CA certificate found in " + empty + " (the file is empty)",
                assertThrows(TlsFileException.class, () -> PemFiles.readCaBundle(empty)).getMessage());

        byte[] noise = new byte[4096];
        new Random(20).nextBytes(noise);
        Path garbage = Files.write(dir.resolve("garbage.pem"), noise);
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.readPrivateKey(garbage)).getMessage()
                .startsWith("no private key found in " + garbage));
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.readChain(garbage)).getMessage()
                .startsWith("no server certificate found in " + garbage));

        // A certificate where the key should be, and the other way round.
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.readPrivateKey(rsa.cert())).getMessage()
                .startsWith("no private key found in " + rsa.cert()));
        assertTrue(assertThrows(TlsFileException.class, () -> PemFiles.readChain(rsa.key())).getMessage()
                .startsWith("no server certificate found in " + rsa.key()));
    }

    @Test
    void damagedKeysAreRefusedWithoutQuotingThem() throws IOException {
        List<String> lines = Files.readAllLines(rsa.key());
        String middle = lines.get(lines.size() / 2);

        // Valid base64 whose DER is wrong: a line of the key replaced by another of the same length.
        List<String> corrupt = new java.util.ArrayList<>(lines);
        corrupt.set(1, "A".repeat(lines.get(1).length()));
        Path damaged = Files.write(dir.resolve("damaged.key"), corrupt);
        assertMessage(() -> PemFiles.readPrivateKey(damaged), "the private key in " + damaged + " could not be read",
                rsa.key());

        // Not base64 at all.
        Path notBase64 = Files.writeString(dir.resolve("not-base64.key"),
                lines.getFirst() + "\n" + middle.substring(0, 30) + "!!" + middle.substring(32) + "\n" + lines.getLast());
        assertMessage(() -> PemFiles.readPrivateKey(notBase64), "malformed PEM in " + notBase64, rsa.key());

        // Cut off before its END line, as a half-written file is.
        Path truncated = Files.writeString(dir.resolve("truncated.key"),
                String.join("\n", lines.subList(0, lines.size() / 2)));
        assertMessage(() -> PemFiles.readPrivateKey(truncated), "malformed PEM in " + truncated, rsa.key());

        Path encrypted = dir.resolve("encrypted.key");
        TestPki.openssl(dir, "pkcs8", "-topk8", "-in", rsa.key().toString(), "-out", encrypted.toString(),
                "-passout", "pass:secret");
        assertMessage(() -> PemFiles.readPrivateKey(encrypted), "the private key in " + encrypted + " is encrypted",
                encrypted);
    }

    @Test
    void aCaBundleHoldsEveryCa() throws IOException {
        Path bundle = dir.resolve("bundle.pem");
        Files.writeString(bundle, "Atoll's CA\n" + Files.readString(pki.caCert()) + "\nand another\n"
                + Files.readString(pki.otherCa().caCert()));
        List<X509Certificate> cas = PemFiles.readCaBundle(bundle);
        assertEquals(List.of("CN=Atoll test CA", "CN=Other test CA"),
                cas.stream().map(c -> c.getSubjectX500Principal().getName()).toList());
    }

    @Test
    void aKeyAndCertificateMayShareOneFile() throws IOException {
        Path combined = dir.resolve("combined.pem");
        Files.writeString(combined, Files.readString(rsa.key()) + Files.readString(rsa.cert()));
        PrivateKey key = PemFiles.readPrivateKey(combined);
        TlsIdentity identity = PemFiles.readIdentity(combined, combined);
        assertEquals(key, identity.key());
    }

    private static void assertMessage(Supplier<?> read, String prefix, Path keyFile) {
        TlsFileException e = assertThrows(TlsFileException.class, read::get);
        assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
        assertNoKeyMaterial(e, keyFile);
    }

    /** No 16 consecutive characters of any line of the key's base64 appear in the message or its causes'. */
    private static void assertNoKeyMaterial(Throwable e, Path keyFile) {
        String body = keyBase64(keyFile);
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            for (int i = 0; i + 16 <= body.length(); i += 8) {
                assertFalse(message.contains(body.substring(i, i + 16)), "key material in: " + message);
            }
        }
    }

    private static String keyBase64(Path keyFile) {
        try {
            return Files.readAllLines(keyFile, StandardCharsets.US_ASCII).stream()
                    .filter(line -> !line.startsWith("-----")).reduce("", String::concat);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
