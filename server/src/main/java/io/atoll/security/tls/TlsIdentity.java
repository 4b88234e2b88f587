package io.atoll.security.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.List;

/**
 * A node's TLS identity: a private key and the certificate chain it signs for, leaf first. The constructor checks
 * that the key belongs to the leaf, so a key manager holding an identity can never offer a mismatched pair.
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {
    public TlsIdentity {
        if (key == null || chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a TLS identity needs a private key and at least one certificate");
        }
        chain = List.copyOf(chain);
        if (!matches(key, chain.getFirst())) {
            throw new IllegalArgumentException("the private key does not match the certificate "
                    + chain.getFirst().getSubjectX500Principal());
        }
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** The chain as the array {@code X509KeyManager} hands out; a fresh copy each time. */
    public X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }

    /** Never prints the key: only the leaf's subject and serial. */
    @Override
    public String toString() {
        return "TlsIdentity[" + leaf().getSubjectX500Principal() + ", serial " + leaf().getSerialNumber().toString(16)
                + ", " + key.getAlgorithm() + "]";
    }

    /**
     * Whether {@code key} is the private half of {@code certificate}'s public key. Proven by signing a random nonce
     * and verifying it, which works the same for every key type (comparing key fields would need one case per type).
     */
    static boolean matches(PrivateKey key, X509Certificate certificate) {
        String algorithm = key.getAlgorithm();
        if (!algorithm.equals(certificate.getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            byte[] nonce = new byte[32];
            new SecureRandom().nextBytes(nonce);
            Signature signer = signature(algorithm);
            signer.initSign(key);
            signer.update(nonce);
            byte[] signed = signer.sign();
            Signature verifier = signature(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(nonce);
            return verifier.verify(signed);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Signature signature(String keyAlgorithm) throws GeneralSecurityException {
        return switch (keyAlgorithm) {
            case "RSA" -> Signature.getInstance("SHA256withRSA");
            case "EC" -> Signature.getInstance("SHA256withECDSA");
            case "RSASSA-PSS" -> {
                Signature pss = Signature.getInstance("RSASSA-PSS");
                pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                yield pss;
            }
            // EdDSA (Ed25519, Ed448) and DSA take their parameters from the key.
            case "EdDSA" -> Signature.getInstance("EdDSA");
            case "DSA" -> Signature.getInstance("SHA256withDSA");
            default -> throw new GeneralSecurityException("unsupported key algorithm " + keyAlgorithm);
        };
    }
}
