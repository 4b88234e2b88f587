package io.atoll.storage.text;

import java.io.IOException;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/** The few token filters Qdrant's tokenizers need that Lucene has no equal of. */
final class TokenFilters {
    private TokenFilters() {
    }

    /**
     * Every token one position after the one before. Qdrant's document is the list of tokens that survived, so a
     * dropped stop word leaves no gap a phrase would have to skip, and each prefix of the prefix tokenizer is a
     * token of its own in the list.
     */
    static final class ConsecutivePositions extends TokenFilter {
        private final PositionIncrementAttribute increment = addAttribute(PositionIncrementAttribute.class);

        ConsecutivePositions(TokenStream in) {
            super(in);
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            increment.setPositionIncrement(1);
            return true;
        }
    }

    /** Keeps tokens with at least one letter: the multilingual tokenizer drops numbers and symbols, as Qdrant's. */
    static final class HasLetter extends FilteringTokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

        HasLetter(TokenStream in) {
            super(in);
        }

        @Override
        protected boolean accept() {
            for (int i = 0; i < term.length(); ) {
                int cp = Character.codePointAt(term.buffer(), i, term.length());
                if (Character.isAlphabetic(cp)) {
                    return true;
                }
                i += Character.charCount(cp);
            }
            return false;
        }
    }

    /** Cuts each token to its first {@code max} code points: a prefix query longer than any indexed prefix. */
    static final class Truncate extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final int max;

        Truncate(TokenStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public boolean incrementToken() throws IOException {
            if (!input.incrementToken()) {
                return false;
            }
            term.setLength(prefixLength(term.buffer(), term.length(), max));
            return true;
        }
    }

    /**
     * Replaces each word by its prefixes of {@code min} to {@code max} code points, shortest first, ending with the
     * word itself once it is no longer than {@code max}: Qdrant's prefix tokenizer, so that a query word matches
     * the indexed words that start with it.
     */
    static final class Prefixes extends TokenFilter {
        private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
        private final int min;
        private final int max;
        private char[] word = new char[0];
        private int wordLength;
        private int codePoints;
        /** The number of code points of the next prefix to emit; 0 when the next word must be read. */
        private int next;

        Prefixes(TokenStream in, int min, int max) {
            super(in);
            this.min = Math.max(1, min);
            this.max = max;
        }

        @Override
        public boolean incrementToken() throws IOException {
            while (next == 0) {
                if (!input.incrementToken()) {
                    return false;
                }
                if (term.length() == 0) {
                    continue;
                }
                word = java.util.Arrays.copyOf(term.buffer(), term.length());
                wordLength = term.length();
                codePoints = Character.codePointCount(word, 0, wordLength);
                next = min;
            }
            int n = Math.min(next, codePoints);
            int length = prefixLength(word, wordLength, n);
            term.copyBuffer(word, 0, length);
            // the whole word ends the run, and so does the longest prefix allowed
            next = n >= codePoints || n >= max ? 0 : n + 1;
            return true;
        }

        @Override
        public void reset() throws IOException {
            super.reset();
            next = 0;
        }
    }

    /** The length in chars of the first {@code codePoints} code points of {@code chars[0..length)}. */
    static int prefixLength(char[] chars, int length, int codePoints) {
        int i = 0;
        for (int n = 0; n < codePoints && i < length; n++) {
            i += Character.charCount(Character.codePointAt(chars, i, length));
        }
        return i;
    }
}
