package io.atoll.storage.index;

import io.atoll.filter.Condition;
import io.atoll.schema.TextIndexOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Full-text conditions on a path with a text index, as Qdrant's index answers them: {@code text} needs every query
 * token among the point's tokens, {@code text_any} one of them, {@code phrase} the tokens in a row within one value
 * (and finds nothing on an index without phrase_matching, as Qdrant's). The query is analysed as the index says,
 * so query and values agree. Points whose tokens were made by other options (indexed before the index was created
 * or changed, and not analysed again yet) are matched on their payload instead. Immutable.
 */
final class TextQueries {
    private final TextAnalysis analysis;
    /** Paths that may still hold documents analysed by other options. */
    private final Set<String> unsettled;

    TextQueries(TextAnalysis analysis, Set<String> unsettled) {
        this.analysis = analysis;
        this.unsettled = Set.copyOf(unsettled);
    }

    /** Whether {@code path} has a text index (else Qdrant matches a substring of the value). */
    boolean indexed(String path) {
        return analysis.options(path) != null;
    }

    Query compile(String path, Condition.MatchText m) {
        TextIndexOptions o = analysis.options(path);
        boolean phrase = m.mode() == Condition.TextMode.PHRASE;
        if (phrase && !o.phraseMatching()) {
            return new MatchNoDocsQuery("a phrase on a text index without phrase_matching matches nothing");
        }
        String field = FieldNames.text(path);
        // Qdrant reads a phrase as a document (for the prefix tokenizer: with its prefixes)
        List<String> tokens = tokens(phrase ? analysis.valueAnalyzer(path) : analysis.queryAnalyzer(path), field,
                m.text());
        if (tokens.isEmpty()) {
            return new MatchNoDocsQuery("no tokens in " + m.text());
        }
        Query byTokens = byTokens(field, m.mode(), tokens);
        if (!unsettled.contains(path)) {
            return byTokens;
        }
        Analyzer values = analysis.valueAnalyzer(path);
        Query stale = new PayloadCheckQuery(analysis.stale(path),
                payload -> matches(m.mode(), tokens, PayloadFields.textValues(payload, path).stream()
                        .map(v -> tokens(values, field, v)).toList()),
                "text(" + path + ") on payload");
        Query current = new BooleanQuery.Builder().add(byTokens, Occur.FILTER)
                .add(analysis.current(path), Occur.FILTER).build();
        return new BooleanQuery.Builder().add(current, Occur.SHOULD).add(stale, Occur.SHOULD).build();
    }

    private static Query byTokens(String field, Condition.TextMode mode, List<String> tokens) {
        if (mode == Condition.TextMode.PHRASE) {
            return new PhraseQuery(field, tokens.toArray(String[]::new));
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        Occur occur = mode == Condition.TextMode.ALL_TOKENS ? Occur.FILTER : Occur.SHOULD;
        for (String t : new LinkedHashSet<>(tokens)) {
            b.add(new TermQuery(new Term(field, t)), occur);
        }
        return b.build();
    }

    /** What {@link #byTokens} finds, decided on a point's values analysed one by one. */
    static boolean matches(Condition.TextMode mode, List<String> query, List<List<String>> values) {
        if (mode == Condition.TextMode.PHRASE) {
            return values.stream().anyMatch(v -> Collections.indexOfSubList(v, query) >= 0);
        }
        Set<String> all = new HashSet<>();
        values.forEach(all::addAll);
        return mode == Condition.TextMode.ALL_TOKENS ? all.containsAll(query) : query.stream().anyMatch(all::contains);
    }

    static List<String> tokens(Analyzer analyzer, String field, String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = analyzer.tokenStream(field, text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
