package io.atoll.security.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atoll.security.Secret;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

class SharedSecretPkiTest {
    private static byte[] seed(String secret) {
        return Secret.of(secret).orElseThrow().derive("atoll peer certificate authority");
    }

    private static X509Certificate[] chain(PeerTls tls) {
        return tls.keyManager().getCertificateChain(tls.keyManager().chooseServerAlias("EdDSA", null, null));
    }

    @Test
    void holdersOfTheSameSecretTrustEachOtherAndNoOneElse() throws Exception {
        PeerTls a = SharedSecretPki.peerTls(seed("cluster secret"));
        PeerTls b = SharedSecretPki.peerTls(seed("cluster secret"));
        PeerTls stranger = SharedSecretPki.peerTls(seed("another secret"));
        assertNotEquals(chain(a)[0].getPublicKey(), chain(b)[0].getPublicKey(), "each node has a key of its own");
        assertArrayEquals(chain(a)[1].getPublicKey().getEncoded(), chain(b)[1].getPublicKey().getEncoded(),
                "one CA, derived alike");
        a.trustManager().checkClientTrusted(chain(b), "UNKNOWN");
        b.trustManager().checkServerTrusted(chain(a), "UNKNOWN");
        assertThrows(CertificateException.class, () -> a.trustManager().checkClientTrusted(chain(stranger), "UNKNOWN"));
        assertThrows(CertificateException.class, () -> stranger.trustManager().checkServerTrusted(chain(a), "UNKNOWN"));
    }

    @Test
    void derivationsDifferByPurposeAndSecret() {
        Secret s = Secret.of("x").orElseThrow();
        assertEquals(32, s.derive("p").length);
        assertArrayEquals(s.derive("p"), Secret.of("x").orElseThrow().derive("p"));
        assertNotEquals(new String(s.derive("p")), new String(s.derive("q")));
        assertNotEquals(new String(s.derive("p")), new String(Secret.of("y").orElseThrow().derive("p")));
    }
}
