package io.atoll.security.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Mutual TLS for a cluster that shares a secret ({@code cluster.p2p.secret}) instead of running a CA: every node
 * derives the same Ed25519 CA key from the secret, so the same CA, and signs a certificate of its own with it at
 * start. Peers then trust exactly the certificates that a holder of the secret signed: a node without the secret
 * cannot make one, and the secret itself never crosses the network. Ed25519 keys come straight from 32 seed bytes,
 * which is what makes the derivation deterministic.
 */
public final class SharedSecretPki {
    private static final X500Name CA = new X500Name("CN=Atoll cluster (shared secret)");
    private static final Date CA_FROM = Date.from(Instant.parse("2000-01-01T00:00:00Z"));
    private static final Date CA_UNTIL = Date.from(Instant.parse("9999-12-31T23:59:59Z"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private SharedSecretPki() {
    }

    /** This node's peer TLS: a fresh key with a certificate signed by the CA the 32 {@code seed} bytes make. */
    public static PeerTls peerTls(byte[] seed) {
        try {
            Ed25519PrivateKeyParameters caKey = new Ed25519PrivateKeyParameters(seed, 0);
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            PrivateKey caPrivate = ed25519.generatePrivate(new PKCS8EncodedKeySpec(
                    PrivateKeyInfoFactory.createPrivateKeyInfo(caKey).getEncoded()));
            PublicKey caPublic = ed25519.generatePublic(new X509EncodedKeySpec(
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(caKey.generatePublicKey()).getEncoded()));
            X509Certificate ca = certificate(CA, caPublic, BigInteger.ONE, CA_FROM, CA_UNTIL, true, caPrivate);
            KeyPair leaf = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Instant now = Instant.now();
            X509Certificate leafCertificate = certificate(new X500Name("CN=atoll-peer"), leaf.getPublic(),
                    new BigInteger(128, RANDOM), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365 * 100))), false, caPrivate);
            return new PeerTls(new ReloadingKeyManager(new TlsIdentity(leaf.getPrivate(), List.of(leafCertificate, ca))),
                    new ReloadingTrustManager(List.of(ca)));
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("peer certificates could not be made from cluster.p2p.secret", e);
        }
    }

    private static X509Certificate certificate(X500Name subject, PublicKey key, BigInteger serial, Date from,
                                               Date until, boolean authority, PrivateKey signer)
            throws CertIOException, OperatorCreationException, GeneralSecurityException {
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(CA, serial, from, until, subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
        if (authority) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("Ed25519").build(signer)));
    }
}
