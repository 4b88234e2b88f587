package io.atoll.storage.index;

import io.atoll.point.PayloadPaths;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.PayloadFieldType;
import io.atoll.schema.TextIndexOptions;
import io.atoll.storage.text.TextAnalyzers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The text analysis of one version of a collection's payload schema: for each path with a text index its options
 * and analyzers, every other path analysed with the defaults (so a text index created with no options finds its
 * tokens already there). A path analysed with options of its own marks each point's document with a key of those
 * options, which is how points indexed under other options (before the index was created or changed) are found
 * and told apart. Immutable.
 */
public final class TextAnalysis {
    /** Bumped when the tokens some options make change, so documents indexed before are analysed again. */
    private static final String VERSION = "1";
    private static final Analyzer DEFAULT_VALUES = TextAnalyzers.forValues(TextIndexOptions.DEFAULT);
    public static final TextAnalysis NONE = new TextAnalysis(Map.of());

    private final Map<String, TextIndexOptions> options;
    private final Map<String, Analyzer> values = new HashMap<>();
    private final Map<String, Analyzer> queries = new HashMap<>();
    /** The marker term of each path analysed with options of its own. */
    private final Map<String, String> markers = new HashMap<>();

    private TextAnalysis(Map<String, TextIndexOptions> options) {
        this.options = Map.copyOf(options);
        options.forEach((path, o) -> {
            values.put(path, o.analysesAsDefault() ? DEFAULT_VALUES : TextAnalyzers.forValues(o));
            queries.put(path, o.analysesAsDefault() ? DEFAULT_VALUES : TextAnalyzers.forQueries(o));
            if (!o.analysesAsDefault()) {
                markers.put(path, path + '\0' + key(o));
            }
        });
    }

    /** The analysis of {@code params}' text indexes, keyed by canonical path. */
    public static TextAnalysis of(CollectionParams params) {
        Map<String, TextIndexOptions> options = new HashMap<>();
        params.payloadSchema().forEach((field, index) -> {
            if (index.type() == PayloadFieldType.TEXT) {
                String canonical = PayloadPaths.canonical(field);
                options.put(canonical == null ? field : canonical, optionsOf(field, index));
            }
        });
        return new TextAnalysis(options);
    }

    /**
     * The index's options; options an older Atoll accepted without checking and this one refuses (a stop word
     * language it has no list for, min above max) analyse with the defaults, so the shard still opens.
     */
    private static TextIndexOptions optionsOf(String field, io.atoll.schema.CollectionParams.PayloadIndexParams index) {
        try {
            return TextIndexOptions.of(index);
        } catch (TextIndexOptions.Invalid e) {
            org.slf4j.LoggerFactory.getLogger(TextAnalysis.class).warn("text index on {} keeps options this version "
                    + "refuses ({}); it is analysed with the defaults until it is created again", field, e.getMessage());
            return TextIndexOptions.DEFAULT;
        }
    }

    /** The paths whose values get other tokens under this analysis than under {@code before}. */
    public Set<String> changedSince(TextAnalysis before) {
        Set<String> changed = new HashSet<>();
        Set<String> paths = new HashSet<>(markers.keySet());
        paths.addAll(before.markers.keySet());
        for (String p : paths) {
            if (!java.util.Objects.equals(markers.get(p), before.markers.get(p))) {
                changed.add(p);
            }
        }
        return changed;
    }

    /** The paths with a text index. */
    public Set<String> indexedPaths() {
        return options.keySet();
    }

    /** The options of the text index on {@code path}, null when it has none. */
    TextIndexOptions options(String path) {
        return options.get(path);
    }

    Analyzer valueAnalyzer(String path) {
        return values.getOrDefault(path, DEFAULT_VALUES);
    }

    Analyzer queryAnalyzer(String path) {
        return queries.getOrDefault(path, DEFAULT_VALUES);
    }

    /** The term that marks a document whose {@code path} was analysed with this index's options; null if default. */
    String marker(String path) {
        return markers.get(path);
    }

    /** Documents whose tokens at {@code path} were made as this analysis makes them. */
    Query current(String path) {
        String m = markers.get(path);
        if (m != null) {
            return new TermQuery(new Term(FieldNames.TEXT_ANALYSIS, m));
        }
        return new BooleanQuery.Builder().add(PointDocuments.liveQuery(), Occur.FILTER)
                .add(anyMarkerOf(path), Occur.MUST_NOT).build();
    }

    /** Documents with a value at {@code path} whose tokens were made by other options than this analysis's. */
    Query stale(String path) {
        String m = markers.get(path);
        if (m == null) {
            return anyMarkerOf(path);
        }
        return new BooleanQuery.Builder().add(PointDocuments.nonEmptyPath(path), Occur.FILTER)
                .add(new TermQuery(new Term(FieldNames.TEXT_ANALYSIS, m)), Occur.MUST_NOT).build();
    }

    private static Query anyMarkerOf(String path) {
        return new PrefixQuery(new Term(FieldNames.TEXT_ANALYSIS, path + '\0'));
    }

    /**
     * The paths where {@code reader} holds documents analysed otherwise than this analysis would: a path with
     * options of its own and documents without their marker, or a marker of options no longer in force.
     */
    public Set<String> unsettled(IndexReader reader) throws IOException {
        Set<String> candidates = new TreeSet<>(markers.keySet());
        Terms terms = MultiTerms.getTerms(reader, FieldNames.TEXT_ANALYSIS);
        if (terms != null) {
            TermsEnum it = terms.iterator();
            for (BytesRef t = it.next(); t != null; t = it.next()) {
                String marker = t.utf8ToString();
                if (!markers.containsValue(marker)) {
                    candidates.add(marker.substring(0, marker.indexOf('\0')));
                }
            }
        }
        // a term may only be left on deleted documents: count the live ones
        IndexSearcher s = new IndexSearcher(reader);
        Set<String> out = new TreeSet<>();
        for (String path : candidates) {
            if (s.count(live(stale(path))) > 0) {
                out.add(path);
            }
        }
        return out;
    }

    /** Live documents of any of {@code paths} analysed otherwise than this analysis would. */
    public Query stale(Set<String> paths) {
        if (paths.isEmpty()) {
            return new MatchNoDocsQuery("every path is analysed as its index says");
        }
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        paths.forEach(p -> any.add(stale(p), Occur.SHOULD));
        return live(any.build());
    }

    private static Query live(Query q) {
        return new BooleanQuery.Builder().add(PointDocuments.liveQuery(), Occur.FILTER).add(q, Occur.FILTER).build();
    }

    private static String key(TextIndexOptions o) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((VERSION + "|" + o.analysisKey()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
