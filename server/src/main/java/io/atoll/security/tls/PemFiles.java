package io.atoll.security.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what operators hand a TLS server as PEM files, as OpenSSL writes them: a certificate chain, a private key
 * (PKCS#8, PKCS#1 RSA or SEC1 EC; unencrypted) and a CA bundle. Every error is a {@link TlsFileException} naming the
 * file and the problem; none quotes the file, so a key never reaches a log.
 *
 * <p>The {@code byte[]} variants exist for {@link CertificateWatcher}, which parses exactly the bytes it hashed.
 */
public final class PemFiles {
    /** Larger than any sane chain or bundle; refusing it keeps a misconfigured path from being slurped every tick. */
    static final long MAX_FILE_BYTES = 1 << 20;
    /** The KeyFactory algorithms a PKCS#8 key is tried against; the first that accepts it names the key type. */
    private static final List<String> PKCS8_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

    private PemFiles() {
    }

    /** The server's certificate chain, leaf first. */
    public static List<X509Certificate> readChain(Path certFile) {
        return chain(read(certFile), certFile);
    }

    /** The CA certificates of a bundle (one or more). */
    public static List<X509Certificate> readCaBundle(Path caFile) {
        return caBundle(read(caFile), caFile);
    }

    public static PrivateKey readPrivateKey(Path keyFile) {
        return privateKey(read(keyFile), keyFile);
    }

    /** The chain and the key, checked to belong together. */
    public static TlsIdentity readIdentity(Path certFile, Path keyFile) {
        return identity(read(certFile), certFile, read(keyFile), keyFile);
    }

    static TlsIdentity identity(byte[] certPem, Path certFile, byte[] keyPem, Path keyFile) {
        List<X509Certificate> chain = chain(certPem, certFile);
        PrivateKey key = privateKey(keyPem, keyFile);
        if (!TlsIdentity.matches(key, chain.getFirst())) {
            throw new TlsFileException("the private key in " + keyFile + " does not match the certificate in "
                    + certFile + " (" + chain.getFirst().getSubjectX500Principal() + ")");
        }
        return new TlsIdentity(key, chain);
    }

    static List<X509Certificate> chain(byte[] pem, Path source) {
        List<X509Certificate> certificates = certificates(pem, source);
        if (certificates.isEmpty()) {
            throw new TlsFileException("no server certificate found in " + source + emptyHint(pem));
        }
        return certificates;
    }

    static List<X509Certificate> caBundle(byte[] pem, Path source) {
        List<X509Certificate> certificates = certificates(pem, source);
        if (certificates.isEmpty()) {
            throw new TlsFileException("no CA certificate found in " + source + emptyHint(pem));
        }
        return certificates;
    }

    static PrivateKey privateKey(byte[] pem, Path source) {
        for (PemBlock block : PemBlock.parse(pem, source)) {
            if (block.encrypted() || block.label().equals("ENCRYPTED PRIVATE KEY")) {
                throw new TlsFileException("the private key in " + source + " is encrypted; give an unencrypted key "
                        + "(openssl pkcs8 -topk8 -nocrypt -in <key> -out <new key>)");
            }
            switch (block.label()) {
                case "PRIVATE KEY" -> {
                    return pkcs8(block.der(), source);
                }
                case "RSA PRIVATE KEY" -> {
                    return decode("RSA", Pkcs8Encoding.fromPkcs1(block.der()), source);
                }
                case "EC PRIVATE KEY" -> {
                    try {
                        return decode("EC", Pkcs8Encoding.fromSec1(block.der()), source);
                    } catch (GeneralSecurityException e) {
                        throw unreadableKey(source, e);
                    }
                }
                default -> {
                    // EC PARAMETERS precede the key in `openssl ecparam -genkey` output; certificates may share the
                    // file. Neither is a key, so look further.
                }
            }
        }
        throw new TlsFileException("no private key found in " + source + emptyHint(pem));
    }

    /** The file's bytes, following symlinks (Kubernetes mounts secrets as links into a {@code ..data} directory). */
    static byte[] read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new TlsFileException("TLS file could not be opened: " + file + " (larger than "
                        + MAX_FILE_BYTES + " bytes, not a PEM file)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw cannotOpen(file, e);
        }
    }

    static TlsFileException cannotOpen(Path file, IOException e) {
        String reason = switch (e) {
            case NoSuchFileException missing -> "no such file";
            case AccessDeniedException denied -> "permission denied";
            default -> e.toString();
        };
        return new TlsFileException("TLS file could not be opened: " + file + " (" + reason + ")", e);
    }

    private static List<X509Certificate> certificates(byte[] pem, Path source) {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlock block : PemBlock.parse(pem, source)) {
                if (block.label().equals("CERTIFICATE")) {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                }
            }
        } catch (CertificateException e) {
            throw new TlsFileException("a certificate in " + source + " could not be parsed: " + e.getMessage(), e);
        }
        return certificates;
    }

    private static PrivateKey pkcs8(byte[] der, Path source) {
        GeneralSecurityException first = null;
        for (String algorithm : PKCS8_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                first = first == null ? e : first;
            }
        }
        throw unreadableKey(source, first);
    }

    private static PrivateKey decode(String algorithm, byte[] pkcs8, Path source) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw unreadableKey(source, e);
        }
    }

    /** The JDK's messages describe the DER structure ("algid parse error"), never the key's bytes. */
    private static TlsFileException unreadableKey(Path source, GeneralSecurityException e) {
        return new TlsFileException("the private key in " + source + " could not be read (RSA, EC and Ed25519 keys "
                + "are supported, unencrypted): " + e.getMessage(), e);
    }

    private static String emptyHint(byte[] pem) {
        return pem.length == 0 ? " (the file is empty)" : " (no PEM block of that kind)";
    }
}
