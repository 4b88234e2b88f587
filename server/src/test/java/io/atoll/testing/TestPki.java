package io.atoll.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A test PKI made with the {@code openssl} command line, the way an operator makes one (the README copies these
 * commands): a CA, and leaves it signs for nodes, each with a fresh serial. Modelled on Qdrant's
 * {@code tests/e2e_tests/tls_cluster/gen_certs.sh}.
 *
 * <pre>
 * # The CA (RSA 2048, ten years).
 * openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/CN=Atoll test CA" \
 *     -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
 *
 * # One leaf per node, usable as server and as client (peers authenticate each other with it).
 * cat > node1.ext &lt;&lt;'END'
 * basicConstraints=CA:FALSE
 * keyUsage=critical,digitalSignature,keyEncipherment
 * extendedKeyUsage=serverAuth,clientAuth
 * subjectAltName=DNS:localhost,IP:127.0.0.1
 * END
 * openssl req -newkey rsa:2048 -nodes -keyout node1.key -out node1.csr -subj "/CN=node1"
 * #   (an EC key instead: -newkey ec -pkeyopt ec_paramgen_curve:prime256v1; Ed25519: -newkey ed25519)
 * openssl x509 -req -in node1.csr -CA ca.pem -CAkey ca.key -CAserial ca.srl -CAcreateserial -days 365 \
 *     -extfile node1.ext -out node1.pem
 *
 * # Older tools write keys as PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC1 (BEGIN EC PRIVATE KEY); Atoll reads both:
 * openssl rsa -in node1.key -traditional -out node1.rsa.key
 * openssl ec -in node1.key -out node1.ec.key
 * </pre>
 *
 * {@code -CAcreateserial} starts {@code ca.srl} at a random 159-bit number and each signing increments it, so every
 * leaf, including a re-issued one with the same name, has a serial of its own. Thread-safe.
 */
public final class TestPki {
    private static final long OPENSSL_TIMEOUT_SECONDS = 30;

    /** A leaf's certificate (PEM) and private key (PEM) files. */
    public record Leaf(Path cert, Path key) {
    }

    /** How a leaf's key is made and written. */
    public enum KeyType {
        /** RSA 2048, PKCS#8 ({@code BEGIN PRIVATE KEY}), what OpenSSL 3 writes by default. */
        RSA,
        /** RSA 2048, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
        RSA_PKCS1,
        /** EC P-256, PKCS#8. */
        EC,
        /** EC P-256, SEC1 ({@code BEGIN EC PRIVATE KEY}). */
        EC_SEC1,
        /** Ed25519, PKCS#8. */
        ED25519
    }

    public static final String DEFAULT_SAN = "DNS:localhost,IP:127.0.0.1";

    private final Path dir;
    private final String caName;
    private TestPki other;

    private TestPki(Path dir, String caName) {
        this.dir = dir;
        this.caName = caName;
    }

    /** A new CA in {@code dir} (created if missing). */
    public static TestPki create(Path dir) {
        return create(dir, "Atoll test CA");
    }

    private static TestPki create(Path dir, String caName) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
                "-days", "3650", "-subj", "/CN=" + caName,
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        return new TestPki(dir, caName);
    }

    public Path dir() {
        return dir;
    }

    public Path caCert() {
        return dir.resolve("ca.pem");
    }

    public Path caKey() {
        return dir.resolve("ca.key");
    }

    /** An RSA leaf for {@code localhost} and {@code 127.0.0.1}, subject {@code CN=<name>}. */
    public Leaf leaf(String name) {
        return leaf(name, KeyType.RSA, DEFAULT_SAN);
    }

    /**
     * A leaf signed by this CA, written to {@code <name>.pem} and {@code <name>.key} (replacing earlier ones of that
     * name, with a new serial).
     *
     * @param subjectAltName OpenSSL's syntax, e.g. {@code DNS:elsewhere.example}
     */
    public synchronized Leaf leaf(String name, KeyType type, String subjectAltName) {
        String keyUsage = switch (type) {
            case RSA, RSA_PKCS1 -> "critical,digitalSignature,keyEncipherment";
            case EC, EC_SEC1, ED25519 -> "critical,digitalSignature";
        };
        Path ext = dir.resolve(name + ".ext");
        write(ext, "basicConstraints=CA:FALSE\nkeyUsage=" + keyUsage + "\nextendedKeyUsage=serverAuth,clientAuth\n"
                + "subjectAltName=" + subjectAltName + "\n");
        List<String> request = new ArrayList<>(List.of("req", "-newkey"));
        request.addAll(switch (type) {
            case RSA, RSA_PKCS1 -> List.of("rsa:2048");
            case EC, EC_SEC1 -> List.of("ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
            case ED25519 -> List.of("ed25519");
        });
        request.addAll(List.of("-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name));
        openssl(dir, request.toArray(String[]::new));
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAserial", "ca.srl",
                "-CAcreateserial", "-days", "365", "-extfile", name + ".ext", "-out", name + ".pem");
        Path key = dir.resolve(name + ".key");
        String traditional = name + ".traditional.key";
        switch (type) {
            case RSA_PKCS1 -> openssl(dir, "rsa", "-in", name + ".key", "-traditional", "-out", traditional);
            case EC_SEC1 -> openssl(dir, "ec", "-in", name + ".key", "-out", traditional);
            case RSA, EC, ED25519 -> {
            }
        }
        if (Files.exists(dir.resolve(traditional))) {
            move(dir.resolve(traditional), key);
        }
        return new Leaf(dir.resolve(name + ".pem"), key);
    }

    /** A second, unrelated CA (in {@code <dir>/other-ca}), for peers the first must refuse. */
    public synchronized TestPki otherCa() {
        if (other == null) {
            other = create(dir.resolve("other-ca"), "Other test CA");
        }
        return other;
    }

    /** A client context that trusts this CA (and nothing else), as a client given {@code --cacert ca.pem} does. */
    public javax.net.ssl.SSLContext clientTrust() {
        try (var in = Files.newInputStream(caCert())) {
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificate(in));
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
            trust.init(store);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "TestPki[" + caName + " in " + dir + "]";
    }

    /**
     * Runs {@code openssl args...} in {@code workDir} and returns its standard output; fails with its standard error
     * when it exits non-zero or takes longer than 30 s.
     */
    public static String openssl(Path workDir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Path stdout = null;
        Path stderr = null;
        try {
            // Both streams go to files, so that a hung openssl cannot block a read and the timeout always applies.
            stdout = Files.createTempFile("openssl", ".out");
            stderr = Files.createTempFile("openssl", ".err");
            Process p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within "
                        + OPENSSL_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                        + Files.readString(stderr));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", command), e);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // A temp file left behind is harmless.
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
