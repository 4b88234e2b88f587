package io.atoll.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LogDocMergePolicy;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnCollector;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopKnnCollector;
import org.apache.lucene.search.knn.KnnCollectorManager;
import org.apache.lucene.search.knn.KnnSearchStrategy;
import org.apache.lucene.store.FSDirectory;

/**
 * What a shard's segment count costs a search (issue 15's first lever), on Lucene alone: the points are indexed as
 * a shard indexes them (one HNSW graph per segment, M 16 and ef_construction 100, cosine as a dot product of
 * normalised vectors) into the largest segment count asked for, then merged down count by count, and at each count
 * every query runs at each hnsw_ef two ways: as Atoll searches today (Lucene's query with k = ef, whose leaves
 * first collect their share of k and search again where their results compete), and with an ef-wide beam on every
 * segment as Qdrant applies hnsw_ef. Each row gives recall@10 and the graph nodes visited per query, a measure of
 * search work that does not depend on how busy the machine is, beside single-threaded QPS, which does.
 */
final class SegmentBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIELD = "v";
    private static final String ROW = "row";
    private static final double RECALL_AIM = 0.95;

    /** One search setting's figures. */
    record Row(int segments, String strategy, int ef, double recall, double visitedPerQuery, double qps) {
    }

    /** The two ways of searching compared: each makes the query for one vector at one hnsw_ef. */
    private enum Search {
        LUCENE_DEFAULT("k = ef (today)") {
            @Override
            Query query(float[] vector, int ef, List<KnnCollector> made) {
                return new LuceneDefault(vector, ef, made);
            }
        },
        EF_PER_SEGMENT("ef per segment") {
            @Override
            Query query(float[] vector, int ef, List<KnnCollector> made) {
                return new EfPerSegment(vector, ef, made);
            }
        };

        final String label;

        Search(String label) {
            this.label = label;
        }

        /** The query, adding the leaf collectors it makes to {@code made} (their visited counts are the work). */
        abstract Query query(float[] vector, int ef, List<KnnCollector> made);
    }

    private SegmentBench() {
    }

    static ObjectNode run(Dataset data, List<Integer> counts, List<Integer> efs, Path work) throws IOException {
        List<Integer> descending = counts.stream().distinct().sorted(Comparator.reverseOrder()).toList();
        List<Row> rows = new ArrayList<>();
        ArrayNode merges = JSON.createArrayNode();
        try (FSDirectory dir = FSDirectory.open(work.resolve("index"))) {
            int first = descending.getFirst();
            // Merges only when asked (forceMerge), and of neighbouring segments: documents keep their row order.
            LogDocMergePolicy onlyWhenAsked = new LogDocMergePolicy();
            onlyWhenAsked.setMergeFactor(1000);
            IndexWriterConfig cfg = new IndexWriterConfig()
                    .setMaxBufferedDocs(Math.max(2, (data.base().length + first - 1) / first))
                    .setRAMBufferSizeMB(IndexWriterConfig.DISABLE_AUTO_FLUSH)
                    .setMergePolicy(onlyWhenAsked);
            try (IndexWriter writer = new IndexWriter(dir, cfg)) {
                long start = System.nanoTime();
                for (int row = 0; row < data.base().length; row++) {
                    Document d = new Document();
                    d.add(new KnnFloatVectorField(FIELD, data.base()[row], VectorSimilarityFunction.DOT_PRODUCT));
                    d.add(new NumericDocValuesField(ROW, row));
                    writer.addDocument(d);
                }
                writer.commit();
                System.err.printf(Locale.ROOT, "%sbench: %d points indexed into %d segments in %.1f s%n",
                        Scenario.clock(), data.base().length, first, (System.nanoTime() - start) / 1e9);
                for (int count : descending) {
                    if (count != first) {
                        start = System.nanoTime();
                        writer.forceMerge(count);
                        writer.commit();
                        double seconds = (System.nanoTime() - start) / 1e9;
                        merges.add(JSON.createObjectNode().put("to", count).put("seconds", seconds));
                        System.err.printf(Locale.ROOT, "%sbench: merged to %d segments in %.1f s%n", Scenario.clock(),
                                count, seconds);
                    }
                    try (DirectoryReader reader = DirectoryReader.open(writer)) {
                        requireRowOrder(reader);
                        rows.addAll(measure(reader, data, efs));
                    }
                }
            }
        }
        print(rows, data.base().length);
        ObjectNode figures = JSON.createObjectNode();
        figures.put("points", data.base().length).put("queries", data.queries().length);
        figures.set("merges", merges);
        figures.set("rows", JSON.valueToTree(rows));
        return figures;
    }

    /** Every document's id is its row: search results are compared with the ground truth by document id. */
    private static void requireRowOrder(DirectoryReader reader) throws IOException {
        for (LeafReaderContext leaf : reader.leaves()) {
            NumericDocValues rows = leaf.reader().getNumericDocValues(ROW);
            for (int doc = rows.nextDoc(); doc != NumericDocValues.NO_MORE_DOCS; doc = rows.nextDoc()) {
                if (rows.longValue() != leaf.docBase + doc) {
                    throw new IllegalStateException("document " + (leaf.docBase + doc) + " holds row " + rows.longValue());
                }
            }
        }
    }

    private static List<Row> measure(DirectoryReader reader, Dataset data, List<Integer> efs) throws IOException {
        IndexSearcher searcher = new IndexSearcher(reader);
        int segments = reader.leaves().size();
        List<Row> rows = new ArrayList<>();
        for (int ef : efs) {
            for (Search search : Search.values()) {
                rows.add(search(searcher, data, segments, search, ef));
            }
        }
        return rows;
    }

    private static Row search(IndexSearcher searcher, Dataset data, int segments, Search search, int ef)
            throws IOException {
        float[][] queries = data.queries();
        List<KnnCollector> made = new ArrayList<>();
        TopDocs[] tops = new TopDocs[queries.length];
        long visited = 0;
        long start = System.nanoTime();
        for (int i = 0; i < queries.length; i++) {
            made.clear();
            tops[i] = searcher.search(search.query(queries[i], ef, made), GroundTruth.K);
            for (KnnCollector c : made) {
                visited += c.visitedCount();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9; // recall is scored after the clock stops
        int[][] found = new int[queries.length][];
        for (int i = 0; i < queries.length; i++) {
            // a document's id is its row (requireRowOrder)
            found[i] = Arrays.stream(tops[i].scoreDocs).mapToInt(d -> d.doc).toArray();
        }
        Row row = new Row(segments, search.label, ef, Recall.mean(found, data.truth().neighbours(), GroundTruth.K),
                (double) visited / queries.length, queries.length / seconds);
        System.err.printf(Locale.ROOT, "%sbench [%d segments] %s, hnsw_ef %d: recall %.3f, %.0f nodes visited%n",
                Scenario.clock(), segments, search.label, ef, row.recall(), row.visitedPerQuery());
        return row;
    }

    /** Lucene's own query, as ShardReads builds it: k = ef, with the collectors its manager makes counted. */
    private static final class LuceneDefault extends KnnFloatVectorQuery {
        private final List<KnnCollector> made;

        LuceneDefault(float[] vector, int ef, List<KnnCollector> made) {
            super(FIELD, vector, ef);
            this.made = made;
        }

        @Override
        protected KnnCollectorManager getKnnCollectorManager(int k, IndexSearcher searcher) {
            KnnCollectorManager lucene = super.getKnnCollectorManager(k, searcher);
            return new KnnCollectorManager() {
                @Override
                public KnnCollector newCollector(int visitLimit, KnnSearchStrategy s, LeafReaderContext leaf)
                        throws IOException {
                    return counted(lucene.newCollector(visitLimit, s, leaf));
                }

                @Override
                public KnnCollector newOptimisticCollector(int visitLimit, KnnSearchStrategy s, LeafReaderContext leaf,
                                                           int perLeafK) throws IOException {
                    return counted(lucene.newOptimisticCollector(visitLimit, s, leaf, perLeafK));
                }

                @Override
                public boolean isOptimistic() {
                    return lucene.isOptimistic();
                }
            };
        }

        private KnnCollector counted(KnnCollector c) {
            made.add(c);
            return c;
        }
    }

    /** An ef-wide beam on every segment and the best 10 of all: hnsw_ef as Qdrant applies it per segment. */
    private static final class EfPerSegment extends KnnFloatVectorQuery {
        private final int ef;
        private final List<KnnCollector> made;

        EfPerSegment(float[] vector, int ef, List<KnnCollector> made) {
            super(FIELD, vector, GroundTruth.K);
            this.ef = ef;
            this.made = made;
        }

        @Override
        protected KnnCollectorManager getKnnCollectorManager(int k, IndexSearcher searcher) {
            return (visitLimit, s, leaf) -> {
                KnnCollector c = new TopKnnCollector(Math.max(k, ef), visitLimit, s);
                made.add(c);
                return c;
            };
        }
    }

    private static void print(List<Row> rows, int points) {
        System.out.printf(Locale.ROOT, "%nSegments: %,d points, one HNSW graph per segment (M 16, ef_construction 100),"
                + " searched in-process by Lucene alone; nodes visited per query is the work, QPS (1 thread) is noisy%n%n",
                points);
        System.out.println("| segments | search | hnsw_ef | recall@10 | nodes visited per query | QPS |");
        System.out.println("|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.printf(Locale.ROOT, "| %d | %s | %d | %.3f | %.0f | %.0f |%n", r.segments(), r.strategy(),
                    r.ef(), r.recall(), r.visitedPerQuery(), r.qps());
        }
        System.out.printf(Locale.ROOT, "%nLeast work at recall@10 ≥ %.2f, per segment count and search (nodes visited"
                + " over one segment's):%n", RECALL_AIM);
        Row base = cheapest(rows, rows.stream().mapToInt(Row::segments).min().orElseThrow(), Search.LUCENE_DEFAULT);
        for (int segments : rows.stream().map(Row::segments).distinct().toList()) {
            for (Search search : Search.values()) {
                Row best = cheapest(rows, segments, search);
                System.out.printf(Locale.ROOT, "%d segments, %s: %s%n", segments, search.label, best == null
                        ? "never reaches it" : String.format(Locale.ROOT, "hnsw_ef %d, recall %.3f, %.0f nodes%s",
                        best.ef(), best.recall(), best.visitedPerQuery(), base == null ? ""
                                : String.format(Locale.ROOT, " (%.2f×)", best.visitedPerQuery() / base.visitedPerQuery())));
            }
        }
    }

    private static Row cheapest(List<Row> rows, int segments, Search search) {
        return rows.stream().filter(r -> r.segments() == segments && r.strategy().equals(search.label)
                && r.recall() >= RECALL_AIM).min(Comparator.comparingDouble(Row::visitedPerQuery)).orElse(null);
    }
}
