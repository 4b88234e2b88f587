package io.atoll.security.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.atoll.testing.TestPki;
import io.atoll.testing.TestPki.KeyType;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** L1: the key and trust managers alone, as JSSE and Netty call them. */
class ReloadingManagersTest {
    @TempDir
    static Path dir;
    private static TestPki pki;
    private static TlsIdentity rsa;
    private static TlsIdentity ec;

    @BeforeAll
    static void makePki() {
        pki = TestPki.create(dir);
        TestPki.Leaf rsaLeaf = pki.leaf("rsa");
        TestPki.Leaf ecLeaf = pki.leaf("ec", KeyType.EC, TestPki.DEFAULT_SAN);
        rsa = PemFiles.readIdentity(rsaLeaf.cert(), rsaLeaf.key());
        ec = PemFiles.readIdentity(ecLeaf.cert(), ecLeaf.key());
    }

    @Test
    void anAliasIsOfferedOnlyForTheKeysType() {
        ReloadingKeyManager keys = new ReloadingKeyManager(rsa);
        String alias = keys.chooseServerAlias("RSA", null, null);
        assertEquals(alias, keys.chooseEngineClientAlias(new String[] {"EC", "RSA"}, null, null));
        assertNull(keys.chooseEngineServerAlias("EC", null, null), "JSSE then tries its next key type");
        assertNull(keys.chooseClientAlias(new String[] {"EC", "EdDSA"}, null, null));
        assertEquals(rsa.key(), keys.getPrivateKey(alias));
        assertArrayEquals(rsa.chainArray(), keys.getCertificateChain(alias));

        keys.replace(ec.key(), ec.chainArray());
        assertNull(keys.chooseServerAlias("RSA", null, null));
        assertEquals(ec.leaf(), keys.currentChain()[0]);
    }

    /**
     * JSSE picks an alias, then fetches key and chain in two more calls. A handshake that picked its alias just before
     * a rotation still gets a consistent pair, never the new chain with the old key.
     */
    @Test
    void aHandshakeKeepsThePairItChoseAcrossOneRotation() {
        ReloadingKeyManager keys = new ReloadingKeyManager(rsa);
        String before = keys.chooseServerAlias("RSA", null, null);
        keys.replace(ec);
        assertEquals(rsa.key(), keys.getPrivateKey(before));
        assertArrayEquals(rsa.chainArray(), keys.getCertificateChain(before));
        String after = keys.chooseServerAlias("EC", null, null);
        assertEquals(ec.key(), keys.getPrivateKey(after));

        keys.replace(rsa);
        assertNull(keys.getPrivateKey(before), "two rotations in one handshake fail it rather than mix pairs");
        assertNull(keys.getCertificateChain(before));
    }

    @Test
    void aKeyIsNeverPairedWithAnotherCertificate() {
        ReloadingKeyManager keys = new ReloadingKeyManager(rsa);
        assertThrows(IllegalArgumentException.class, () -> keys.replace(rsa.key(), ec.chainArray()));
        assertEquals(rsa.leaf(), keys.currentChain()[0]);
    }

    @Test
    void theTrustManagerChecksChainsButNotHostNames() throws Exception {
        TestPki.Leaf elsewhere = pki.leaf("elsewhere", KeyType.RSA, "DNS:elsewhere.example");
        X509Certificate[] chain = PemFiles.readChain(elsewhere.cert()).toArray(new X509Certificate[0]);
        ReloadingTrustManager trust = new ReloadingTrustManager(PemFiles.readCaBundle(pki.caCert()));
        assertEquals(PemFiles.readCaBundle(pki.caCert()), List.of(trust.getAcceptedIssuers()));

        SSLEngine engine = SSLContext.getDefault().createSSLEngine("127.0.0.1", 6335);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        trust.checkServerTrusted(chain, "UNKNOWN", engine);
        trust.checkClientTrusted(chain, "RSA", engine);

        X509Certificate[] stranger = PemFiles.readChain(pki.otherCa().leaf("stranger").cert())
                .toArray(new X509Certificate[0]);
        assertThrows(CertificateException.class, () -> trust.checkClientTrusted(stranger, "RSA", engine));
        trust.replace(PemFiles.readCaBundle(pki.otherCa().caCert()));
        trust.checkClientTrusted(stranger, "RSA", engine);
        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(chain, "UNKNOWN", engine));
        assertEquals(2, trust.refusedChains());
    }
}
