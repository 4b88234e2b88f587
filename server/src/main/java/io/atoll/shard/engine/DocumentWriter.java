package io.atoll.shard.engine;

import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.schema.CollectionParams;
import io.atoll.storage.index.PointDocuments;
import io.atoll.storage.index.TextAnalysis;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexableField;

/**
 * Writes points and tombstones as Lucene documents, on several threads for large batches (HNSW insertion
 * dominates ingest). Called under the engine's write lock; thread-safe as Lucene's IndexWriter is.
 */
final class DocumentWriter {
    /** Batches at least this large are indexed on several threads. */
    private static final int PARALLEL_BATCH = 64;

    private final IndexWriter writer;
    private final ExecutorService pool;

    DocumentWriter(IndexWriter writer, ExecutorService pool) {
        this.writer = writer;
        this.pool = pool;
    }

    /**
     * Writes each entry (a null state is a tombstone) at its version. {@code fresh} ids are not in the index yet
     * and are added without a delete-by-term, which Lucene would otherwise buffer and resolve against every
     * segment at the next refresh.
     */
    void write(List<Map.Entry<PointId, PointStruct>> entries, ToLongFunction<PointId> versionOf, Set<PointId> fresh,
               CollectionParams p, TextAnalysis text) throws IOException {
        if (entries.size() < PARALLEL_BATCH || pool == null) {
            writeAll(entries, versionOf, fresh, p, text);
            return;
        }
        int parts = Math.max(1, Runtime.getRuntime().availableProcessors());
        int chunk = (entries.size() + parts - 1) / parts;
        List<Future<?>> futures = new ArrayList<>();
        for (int from = 0; from < entries.size(); from += chunk) {
            List<Map.Entry<PointId, PointStruct>> part = entries.subList(from, Math.min(entries.size(), from + chunk));
            futures.add(pool.submit(() -> {
                writeAll(part, versionOf, fresh, p, text);
                return null;
            }));
        }
        // every part ends before this returns, failed or not: none may write after the caller let go of the lock
        IOException first = null;
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            throw first != null ? first : new IOException("interrupted while indexing");
        }
        if (first != null) {
            throw first;
        }
    }

    private void writeAll(List<Map.Entry<PointId, PointStruct>> entries, ToLongFunction<PointId> versionOf,
                          Set<PointId> fresh, CollectionParams p, TextAnalysis text) throws IOException {
        for (Map.Entry<PointId, PointStruct> e : entries) {
            PointId id = e.getKey();
            long version = versionOf.applyAsLong(id);
            List<IndexableField> doc = e.getValue() == null ? PointDocuments.tombstone(id, version)
                    : PointDocuments.pointDocument(e.getValue(), version, p, text);
            if (fresh.contains(id)) {
                writer.addDocument(doc);
            } else {
                writer.updateDocument(PointDocuments.idTerm(id), doc);
            }
        }
    }
}
