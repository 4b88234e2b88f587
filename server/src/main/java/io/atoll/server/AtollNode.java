package io.atoll.server;

import io.atoll.api.rest.NodeInfo;
import io.atoll.api.rest.RestServer;
import io.atoll.collection.CollectionRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running node: its storage, collections, background flushes and REST API, started and stopped as a whole. */
public final class AtollNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AtollNode.class);
    /** Writes not waited for become visible within this time. */
    private static final long BACKGROUND_REFRESH_MS = 1000;

    private final NodeConfig config;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ExecutorService indexingPool;
    private final ScheduledExecutorService background;
    private final CollectionRegistry registry;
    private final RestServer rest;
    private volatile boolean ready;

    private AtollNode(NodeConfig config) throws IOException {
        this.config = config;
        Files.createDirectories(config.storage());
        this.lockChannel = FileChannel.open(config.storage().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("storage " + config.storage().toAbsolutePath()
                    + " is in use by another Atoll process");
        }
        long peerId = NodeIdentity.loadOrCreate(config.storage());
        int cores = Runtime.getRuntime().availableProcessors();
        this.indexingPool = Executors.newFixedThreadPool(cores, Thread.ofPlatform().name("indexing-", 0).daemon().factory());
        this.background = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("background").daemon().factory());
        this.registry = new CollectionRegistry(config.storage(), config.shards(), indexingPool);
        NodeInfo info = new NodeInfo(peerId, Version.VERSION, Version.COMMIT, Instant.now());
        this.rest = new RestServer(info, registry, config.host(), config.httpPort(), () -> ready);
        LOG.info("node {} storage {}", peerId, config.storage().toAbsolutePath());
    }

    public static AtollNode start(NodeConfig config) throws IOException {
        AtollNode node = new AtollNode(config);
        try {
            node.rest.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        node.background.scheduleWithFixedDelay(node.registry::refreshAll, BACKGROUND_REFRESH_MS, BACKGROUND_REFRESH_MS,
                TimeUnit.MILLISECONDS);
        node.background.scheduleWithFixedDelay(node.registry::flushAll, config.flushIntervalSec(),
                config.flushIntervalSec(), TimeUnit.SECONDS);
        node.ready = true;
        LOG.info("Atoll {} serving REST on http://{}:{}", Version.VERSION, config.host(), node.rest.port());
        return node;
    }


    public CollectionRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        ready = false;
        try {
            rest.close();
        } catch (RuntimeException e) {
            LOG.warn("stopping REST failed", e);
        }
        // Not shutdownNow: interrupting a flush in the middle of Lucene's file I/O closes its channels and would
        // turn a clean stop into a crash recovery. A running refresh or flush is let finish.
        background.shutdown();
        try {
            if (!background.awaitTermination(60, TimeUnit.SECONDS)) {
                LOG.warn("background refresh/flush still running after 60 s; stopping anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        registry.flushAll();
        registry.close();
        indexingPool.shutdownNow();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("releasing the storage lock failed", e);
        }
        LOG.info("node stopped");
    }
}
