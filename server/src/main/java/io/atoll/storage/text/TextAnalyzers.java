package io.atoll.storage.text;

import io.atoll.schema.TextIndexOptions;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.icu.segmentation.ICUTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.CodepointCountFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.apache.lucene.util.AttributeFactory;

/**
 * Builds the Lucene analyzers of a text index from its options, step for step as Qdrant 1.19 tokenizes: split into
 * words, fold to ASCII, lowercase, drop stop words, stem, drop words outside the length bounds (counted in code
 * points), and for the prefix tokenizer index every prefix. Tokens sit at consecutive positions, values of one
 * list far apart, so a phrase never spans two values. Analyzers are thread-safe (Lucene keeps one token chain per
 * thread).
 */
public final class TextAnalyzers {
    /**
     * Longest word a tokenizer emits before it cuts (in chars): Lucene refuses a document with a term above 32766
     * UTF-8 bytes, and 8191 chars stay below that whatever they are.
     */
    private static final int MAX_WORD_CHARS = 8191;
    /** Positions left free between two values of a list (as Qdrant's boundary token): no phrase reaches across. */
    private static final int VALUE_GAP = 1;

    private TextAnalyzers() {
    }

    /** The analyzer that indexes values (and tokenizes phrase queries, which Qdrant reads as documents). */
    public static Analyzer forValues(TextIndexOptions o) {
        return new TextAnalyzer(o, false);
    }

    /**
     * The analyzer of {@code text} and {@code text_any} queries: the value analyzer, except for the prefix
     * tokenizer, whose query words are not split into prefixes but cut to the longest indexed prefix (and, as in
     * Qdrant, not checked against the stop words).
     */
    public static Analyzer forQueries(TextIndexOptions o) {
        return o.tokenizer() == TextIndexOptions.Tokenizer.PREFIX ? new TextAnalyzer(o, true) : forValues(o);
    }

    private static final class TextAnalyzer extends Analyzer {
        private final TextIndexOptions o;
        private final boolean prefixQuery;
        private final CharArraySet stopWords;

        TextAnalyzer(TextIndexOptions o, boolean prefixQuery) {
            this.o = o;
            this.prefixQuery = prefixQuery;
            this.stopWords = StopWordSets.of(o.stopwordLanguages(), o.customStopwords(), o.lowercase());
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = switch (o.tokenizer()) {
                case WORD, PREFIX -> tokenizer(TextAnalyzers::isWordChar);
                case WHITESPACE -> tokenizer(cp -> !isWhitespace(cp));
                case MULTILINGUAL -> new ICUTokenizer();
            };
            TokenStream s = source;
            if (o.tokenizer() == TextIndexOptions.Tokenizer.MULTILINGUAL) {
                s = new TokenFilters.HasLetter(s);
            }
            if (o.asciiFolding()) {
                s = new ASCIIFoldingFilter(s);
            }
            if (o.lowercase()) {
                s = new LowerCaseFilter(s);
            }
            if (!stopWords.isEmpty() && !prefixQuery) {
                s = new StopFilter(s, stopWords);
            }
            if (o.stemmer() != null) {
                s = new SnowballFilter(s, Stemmers.of(o.stemmer()));
            }
            int min = o.minTokenLen() == null ? 0 : o.minTokenLen();
            int max = o.maxTokenLen() == null ? Integer.MAX_VALUE : o.maxTokenLen();
            if (o.tokenizer() == TextIndexOptions.Tokenizer.PREFIX) {
                // the word's length is checked against the minimum only; the maximum bounds the prefixes
                if (min > 0) {
                    s = new CodepointCountFilter(s, min, Integer.MAX_VALUE);
                }
                s = prefixQuery ? new TokenFilters.Truncate(s, max) : new TokenFilters.Prefixes(s, min, max);
            } else if (min > 0 || max < Integer.MAX_VALUE) {
                s = new CodepointCountFilter(s, min, max);
            }
            return new TokenStreamComponents(source, new TokenFilters.ConsecutivePositions(s));
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return VALUE_GAP;
        }
    }

    private static Tokenizer tokenizer(java.util.function.IntPredicate tokenChar) {
        return new CharTokenizer(AttributeFactory.DEFAULT_ATTRIBUTE_FACTORY, MAX_WORD_CHARS) {
            @Override
            protected boolean isTokenChar(int c) {
                return tokenChar.test(c);
            }
        };
    }

    /** Rust's {@code char::is_alphanumeric}, which Qdrant's word tokenizer splits on the negation of. */
    static boolean isWordChar(int cp) {
        if (Character.isAlphabetic(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }

    /** Unicode's White_Space property (Rust's {@code char::is_whitespace}), no-break spaces included. */
    static boolean isWhitespace(int cp) {
        return cp >= 0x09 && cp <= 0x0D || cp == 0x85 || Character.isSpaceChar(cp);
    }
}
