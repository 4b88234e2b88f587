package io.atoll.security.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager with one identity that can be replaced while servers run: JSSE, Jetty and both Netty copies ask
 * the key manager on every handshake, so each new handshake uses the identity current at that moment, and open
 * connections keep theirs. Thread-safe: readers see an immutable generation through a volatile field.
 *
 * <p>Each identity gets its own alias ({@code atoll-1}, {@code atoll-2}, ...). JSSE chooses an alias and then
 * fetches the key and the chain with two further calls; were the alias fixed, a replacement between those calls
 * would hand one handshake the new chain with the old key. With an alias per generation the handshake gets the
 * pair it chose (the previous generation stays readable) or, after two replacements within one handshake, nothing.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS_PREFIX = "atoll-";

    private record Generation(String alias, TlsIdentity identity) {
    }

    private volatile Generation current;
    private volatile Generation previous;
    private long generations;

    public ReloadingKeyManager(TlsIdentity identity) {
        replace(identity);
    }

    /** From the next handshake on, serve {@code identity}. */
    public synchronized void replace(TlsIdentity identity) {
        if (identity == null) {
            throw new IllegalArgumentException("identity is required");
        }
        Generation next = new Generation(ALIAS_PREFIX + ++generations, identity);
        previous = current;
        current = next;
    }

    /** {@link #replace(TlsIdentity)} for a key and chain (leaf first); the key must match the leaf. */
    public void replace(PrivateKey key, X509Certificate[] chain) {
        replace(new TlsIdentity(key, List.of(chain)));
    }

    public TlsIdentity current() {
        return current.identity();
    }

    /** The chain new handshakes present, leaf first. */
    public X509Certificate[] currentChain() {
        return current.identity().chainArray();
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return aliasFor(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return getServerAliases(keyType, issuers);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Generation g = generation(alias);
        return g == null ? null : g.identity().chainArray();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Generation g = generation(alias);
        return g == null ? null : g.identity().key();
    }

    /**
     * The current alias when the key is of the type asked for. JSSE names key types by the key's algorithm ("RSA",
     * "EC", "EdDSA", "RSASSA-PSS") in TLS 1.2 and 1.3 alike, and tries the next type on null. Issuers are ignored:
     * the peer's CA list is advice, and a node has only one identity to offer.
     */
    private String aliasFor(String... keyTypes) {
        Generation g = current;
        if (keyTypes == null) {
            return null;
        }
        String algorithm = g.identity().key().getAlgorithm();
        for (String keyType : keyTypes) {
            if (algorithm.equals(keyType)) {
                return g.alias();
            }
        }
        return null;
    }

    private Generation generation(String alias) {
        Generation now = current;
        if (now.alias().equals(alias)) {
            return now;
        }
        Generation before = previous;
        return before != null && before.alias().equals(alias) ? before : null;
    }
}
