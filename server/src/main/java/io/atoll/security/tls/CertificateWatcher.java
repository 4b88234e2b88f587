package io.atoll.security.tls;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a node's certificate, key and CA files and hands a new version to the key and trust managers, so that
 * certificates rotate without a restart. A new version is applied only whole, and only once the certificate and key
 * parse and belong together (and the CA bundle parses); otherwise the current material stays in use and the failure
 * is logged once per distinct version of the files.
 *
 * <p>A change is acted on once the files have stayed the same for one interval. Operators who copy a certificate and
 * then its key (rather than swapping a directory atomically, as Kubernetes does) would otherwise see a spurious
 * "does not match" warning for the moment between the two copies, and a file caught half-written would be read.
 *
 * <p>Thread-safe: one daemon thread does all the work; the counters may be read from any thread.
 */
public final class CertificateWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateWatcher.class);

    private final TlsFiles files;
    private final ReloadingKeyManager keyManager;
    private final ReloadingTrustManager trustManager;
    private final ScheduledExecutorService thread;
    private final AtomicLong checks = new AtomicLong();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong refreshFailures = new AtomicLong();

    // Versions of the files, touched only by the watcher thread.
    private List<MaterialSnapshot.FileVersion> applied;
    private List<MaterialSnapshot.FileVersion> lastSeen;
    private List<MaterialSnapshot.FileVersion> lastFailed;

    /**
     * Starts watching. {@code applied} is the snapshot the managers were built from; {@code trustManager} is null when
     * no CA file is configured.
     */
    CertificateWatcher(TlsFiles files, MaterialSnapshot applied, ReloadingKeyManager keyManager,
                       ReloadingTrustManager trustManager) {
        this.files = files;
        this.keyManager = keyManager;
        this.trustManager = trustManager;
        this.applied = applied.versions();
        this.lastSeen = applied.versions();
        this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread t = new Thread(task, "atoll-tls-watcher");
            t.setDaemon(true);
            return t;
        });
        long nanos = files.watchInterval().toNanos();
        thread.scheduleWithFixedDelay(this::checkSafely, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** How many times the files have been looked at. */
    public long checks() {
        return checks.get();
    }

    /** How many new versions have been applied. */
    public long reloads() {
        return reloads.get();
    }

    /** How many new versions were refused (each logged once). */
    public long refreshFailures() {
        return refreshFailures.get();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A scheduled task that throws is never run again, so nothing may escape. */
    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("TLS certificate check of {} failed, will retry: {}", files.cert(), e.toString(), e);
        } finally {
            checks.incrementAndGet();
        }
    }

    private void check() {
        MaterialSnapshot now = MaterialSnapshot.take(files);
        List<MaterialSnapshot.FileVersion> versions = now.versions();
        boolean settled = versions.equals(lastSeen);
        lastSeen = versions;
        if (!settled || versions.equals(applied) || versions.equals(lastFailed)) {
            return;
        }
        MaterialSnapshot.Material material;
        try {
            material = now.parse();
        } catch (TlsFileException e) {
            lastFailed = versions;
            refreshFailures.incrementAndGet();
            LOG.warn("Failed to refresh TLS certificate from {}, keeping current: {}", files.cert(), e.getMessage());
            return;
        }
        // Trust first: once this node presents a leaf of a new CA, peers rotating to that CA are accepted here too.
        if (trustManager != null) {
            trustManager.replace(material.cas());
        }
        keyManager.replace(material.identity());
        applied = versions;
        lastFailed = null;
        reloads.incrementAndGet();
        LOG.info("TLS certificate reloaded from {}: {}", files.cert(), TlsMaterial.describe(material.identity()));
    }
}
