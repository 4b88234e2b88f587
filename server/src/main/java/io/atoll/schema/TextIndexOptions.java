package io.atoll.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * How a full-text index turns a string into tokens: Qdrant's {@code TextIndexParams} once parsed, with Qdrant's
 * defaults filled in (word tokenizer, lowercased, nothing folded, dropped or stemmed). The same options analyse the
 * indexed values and the query text, so both always agree. Immutable.
 */
public record TextIndexOptions(Tokenizer tokenizer, boolean lowercase, boolean asciiFolding, boolean phraseMatching,
                               Integer minTokenLen, Integer maxTokenLen, SortedSet<StopwordsLanguage> stopwordLanguages,
                               SortedSet<String> customStopwords, StemmerLanguage stemmer) {

    public enum Tokenizer { WORD, WHITESPACE, PREFIX, MULTILINGUAL }

    /** What an index with no parameters (or {@code "field_schema": "text"}) does. */
    public static final TextIndexOptions DEFAULT = new TextIndexOptions(Tokenizer.WORD, true, false, false, null, null,
            Collections.emptySortedSet(), Collections.emptySortedSet(), null);

    /** A parameter Qdrant would refuse: {@code outOfBounds} when it is well-formed but out of range (a 422). */
    public static final class Invalid extends IllegalArgumentException {
        private final boolean outOfBounds;

        Invalid(String message, boolean outOfBounds) {
            super(message);
            this.outOfBounds = outOfBounds;
        }

        public boolean outOfBounds() {
            return outOfBounds;
        }
    }

    public TextIndexOptions {
        stopwordLanguages = Collections.unmodifiableSortedSet(new TreeSet<>(stopwordLanguages));
        customStopwords = Collections.unmodifiableSortedSet(new TreeSet<>(customStopwords));
    }

    /** The options of a payload index: {@link #DEFAULT} for a text index without parameters. */
    public static TextIndexOptions of(CollectionParams.PayloadIndexParams index) {
        return index.params() == null ? DEFAULT : parse(index.params());
    }

    /**
     * Reads {@code field_schema}'s text parameters. Fields that are no analysis option (type, on_disk, ...) are
     * the caller's to check; each option given is checked for its type and value.
     */
    public static TextIndexOptions parse(JsonNode p) {
        Tokenizer tokenizer = Tokenizer.WORD;
        JsonNode t = p.get("tokenizer");
        if (present(t)) {
            tokenizer = switch (t.isTextual() ? t.asText() : "") {
                case "word" -> Tokenizer.WORD;
                case "whitespace" -> Tokenizer.WHITESPACE;
                case "prefix" -> Tokenizer.PREFIX;
                case "multilingual" -> Tokenizer.MULTILINGUAL;
                default -> throw format("`tokenizer`: unknown variant " + describe(t)
                        + ", expected one of `prefix`, `whitespace`, `word`, `multilingual`");
            };
        }
        Integer min = length(p, "min_token_len");
        Integer max = length(p, "max_token_len");
        if (min != null && max != null && min > max) {
            throw new Invalid("min_token_len: " + min + " is greater than max_token_len: " + max, true);
        }
        SortedSet<StopwordsLanguage> languages = new TreeSet<>();
        SortedSet<String> custom = new TreeSet<>();
        stopwords(p.get("stopwords"), languages, custom);
        return new TextIndexOptions(tokenizer, flag(p, "lowercase", true), flag(p, "ascii_folding", false),
                flag(p, "phrase_matching", false), min, max, languages, custom, stemmer(p.get("stemmer")));
    }

    /**
     * A key naming the tokens these options produce: equal keys, equal tokens for every value. Phrase matching is
     * not part of it (positions are always indexed; the option only allows phrase queries).
     */
    public String analysisKey() {
        return tokenizer + "|" + lowercase + "|" + asciiFolding + "|" + minTokenLen + "|" + maxTokenLen + "|"
                + stopwordLanguages + "|" + customStopwords + "|" + stemmer;
    }

    /** True when values are analysed as with no parameters at all. */
    public boolean analysesAsDefault() {
        return analysisKey().equals(DEFAULT.analysisKey());
    }

    private static void stopwords(JsonNode s, Set<StopwordsLanguage> languages, Set<String> custom) {
        if (!present(s)) {
            return;
        }
        if (s.isTextual()) {
            languages.add(StopwordsLanguage.named(s.asText()));
            return;
        }
        if (!s.isObject()) {
            throw format("`stopwords` must be a language name or an object with `languages` and `custom`, got "
                    + describe(s));
        }
        for (Iterator<String> names = s.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("languages") && !name.equals("custom")) {
                throw format("`stopwords`: unknown field `" + name + "`, expected `languages` or `custom`");
            }
        }
        for (JsonNode l : strings(s.get("languages"), "stopwords.languages")) {
            languages.add(StopwordsLanguage.named(l.asText()));
        }
        for (JsonNode w : strings(s.get("custom"), "stopwords.custom")) {
            custom.add(w.asText());
        }
    }

    private static List<JsonNode> strings(JsonNode a, String field) {
        if (!present(a)) {
            return List.of();
        }
        if (!a.isArray()) {
            throw format("`" + field + "` must be a list of strings, got " + describe(a));
        }
        for (JsonNode n : a) {
            if (!n.isTextual()) {
                throw format("`" + field + "` must be a list of strings, got an element " + describe(n));
            }
        }
        return a.valueStream().toList();
    }

    private static StemmerLanguage stemmer(JsonNode s) {
        if (!present(s)) {
            return null;
        }
        if (!s.isObject()) {
            throw format("`stemmer` must be an object such as {\"type\": \"snowball\", \"language\": \"english\"}, "
                    + "got " + describe(s));
        }
        JsonNode type = s.get("type");
        String kind = type != null && type.isTextual() ? type.asText() : null;
        if ("none".equals(kind) && s.size() == 1) {
            return null; // Qdrant's explicit "no stemming"
        }
        if (!"snowball".equals(kind) || s.size() != 2 || !s.has("language")) {
            throw format("`stemmer`: data did not match any variant of untagged enum StemmingAlgorithm: expected "
                    + "{\"type\": \"snowball\", \"language\": ...} or {\"type\": \"none\"}, got " + s);
        }
        JsonNode language = s.get("language");
        if (!language.isTextual()) {
            throw format("`stemmer.language` must be a language name, got " + describe(language));
        }
        return StemmerLanguage.named(language.asText());
    }

    private static Integer length(JsonNode p, String field) {
        JsonNode n = p.get(field);
        if (!present(n)) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0) {
            throw format("`" + field + "` must be a non-negative integer, got " + describe(n));
        }
        return n.asInt();
    }

    private static boolean flag(JsonNode p, String field, boolean absent) {
        JsonNode n = p.get(field);
        if (!present(n)) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw format("`" + field + "` must be a boolean, got " + describe(n));
        }
        return n.asBoolean();
    }

    private static boolean present(JsonNode n) {
        return n != null && !n.isNull() && !n.isMissingNode();
    }

    private static String describe(JsonNode n) {
        return n.isTextual() ? "`" + n.asText() + "`" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                + " " + n;
    }

    static Invalid format(String message) {
        return new Invalid(message, false);
    }

    /** A language by its name or the short code Qdrant also accepts. */
    static <E extends Enum<E>> E named(List<E> values, java.util.function.Function<E, List<String>> names,
                                       String name, String what) {
        for (E e : values) {
            if (names.apply(e).contains(name)) {
                return e;
            }
        }
        throw format("unknown " + what + " `" + name + "`, expected one of "
                + values.stream().map(e -> "`" + names.apply(e).getFirst() + "`").toList());
    }
}
