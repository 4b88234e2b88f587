package io.atoll.api.rest;

import static io.atoll.testing.QdrantAssertions.error;
import static io.atoll.testing.QdrantAssertions.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.atoll.testing.AtollServerExtension;
import io.atoll.testing.QdrantApi;
import io.atoll.testing.RestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A full-text index's options through the REST API on a real node, each as Qdrant 1.19 applies it: tokenizers,
 * lowercase, ASCII folding, token lengths, stop words, stemming and phrase matching. Half the points of each case are
 * written before the index is created and half after, so both the points analysed again and the points indexed
 * with the options are checked; changing the options re-analyses what was there.
 */
class TextIndexOptionsApiTest {
    @RegisterExtension
    static final AtollServerExtension SERVER = new AtollServerExtension();

    private static RestClient client() {
        return SERVER.client();
    }

    /**
     * A collection of two shards whose points 1..n hold {@code desc}: the first half written, then the text index
     * created with {@code options}, then the rest written.
     */
    private static String indexed(String prefix, String options, Object... descs) {
        String c = AtollServerExtension.collection(prefix);
        new QdrantApi(client()).createCollection(c, Map.of("vectors", Map.of("size", 2, "distance", "Dot"),
                "shard_number", 2));
        int half = descs.length / 2;
        upsert(c, 1, List.of(descs).subList(0, half));
        createIndex(c, options);
        upsert(c, half + 1, List.of(descs).subList(half, descs.length));
        return c;
    }

    private static void upsert(String c, int firstId, List<Object> descs) {
        List<Map<String, Object>> points = new ArrayList<>();
        for (int i = 0; i < descs.size(); i++) {
            points.add(Map.of("id", firstId + i, "vector", List.of(1, 0), "payload", Map.of("desc", descs.get(i))));
        }
        if (!points.isEmpty()) {
            ok(client().put("/collections/" + c + "/points?wait=true", Map.of("points", points)));
        }
    }

    private static void createIndex(String c, String options) {
        ok(client().put("/collections/" + c + "/index?wait=true", RestClient.parse(
                "{\"field_name\": \"desc\", \"field_schema\": {\"type\": \"text\"" + options + "}}")));
    }

    /** The ids of the points matching {@code match} on desc, by scroll, checked against count. */
    private static List<Long> matching(String c, String match) {
        JsonNode filter = RestClient.parse("{\"must\": [{\"key\": \"desc\", \"match\": " + match + "}]}");
        QdrantApi api = new QdrantApi(client());
        List<Long> ids = api.scrollAll(c, filter, 3).stream().map(p -> p.get("id").asLong()).sorted().toList();
        assertEquals(ids.size(), api.count(c, filter), "count agrees with scroll for " + match);
        return ids;
    }

    private static String text(String t) {
        return "{\"text\": \"" + t + "\"}";
    }

    @Test
    void stopWordsNeitherMatchNorCount() {
        String c = indexed("text_stop", ", \"stopwords\": \"english\"",
                "the quick fox", "a lazy dog", "quick the", "lazy cats");
        assertEquals(List.of(), matching(c, text("the")), "a query of stop words only matches nothing");
        assertEquals(List.of(2L, 4L), matching(c, text("the lazy")), "a stop word does not count");
        assertEquals(List.of(1L, 2L, 3L, 4L), matching(c, "{\"text_any\": \"the lazy quick\"}"));

        String custom = indexed("text_stop_custom",
                ", \"stopwords\": {\"languages\": [\"en\"], \"custom\": [\"Fox\"]}", "the quick fox", "fox", "dog");
        assertEquals(List.of(), matching(c, text("THE")));
        assertEquals(List.of(), matching(custom, text("fox")), "custom words are lowercased as the tokens are");
        assertEquals(List.of(1L), matching(custom, text("quick fox")));
    }

    @Test
    void thePrefixTokenizerMatchesWordsStartingWithTheQuery() {
        String c = indexed("text_prefix", ", \"tokenizer\": \"prefix\", \"max_token_len\": 10",
                "Vector database", "vectorization", "victory", "a vec");
        assertEquals(List.of(1L, 2L, 4L), matching(c, text("vec")));
        assertEquals(List.of(1L, 2L, 3L, 4L), matching(c, text("V")));
        assertEquals(List.of(2L), matching(c, text("vectorizations")), "cut to the longest prefix indexed");
        assertEquals(List.of(1L), matching(c, text("vect data")));
        assertEquals(List.of(), matching(c, text("ector")), "a prefix, not a substring");

        String plain = indexed("text_word", "", "Vector database", "vectorization");
        assertEquals(List.of(), matching(plain, text("vec")), "the word tokenizer wants whole words");
    }

    @Test
    void lowercaseFalseKeepsCase() {
        String c = indexed("text_case", ", \"lowercase\": false", "Apple pie", "apple juice", "APPLE");
        assertEquals(List.of(1L), matching(c, text("Apple")));
        assertEquals(List.of(2L), matching(c, text("apple")));
        String lower = indexed("text_nocase", "", "Apple pie", "apple juice", "APPLE");
        assertEquals(List.of(1L, 2L, 3L), matching(lower, text("aPPle")));
    }

    @Test
    void tokensOutsideTheLengthBoundsAreDropped() {
        String c = indexed("text_len", ", \"min_token_len\": 3, \"max_token_len\": 6",
                "an ox eats grass", "elephant", "ox");
        assertEquals(List.of(), matching(c, text("ox")), "shorter than 3");
        assertEquals(List.of(), matching(c, text("elephant")), "longer than 6");
        assertEquals(List.of(1L), matching(c, text("ox eats")), "dropped from the query too");
        assertEquals(List.of(1L), matching(c, "{\"text_any\": \"grass elephant\"}"));
    }

    @Test
    void theStemmerMatchesOtherFormsOfAWord() {
        String c = indexed("text_stem", ", \"stemmer\": {\"type\": \"snowball\", \"language\": \"english\"}",
                "he runs daily", "running shoes", "the runner", "a run");
        assertEquals(List.of(1L, 2L, 4L), matching(c, text("running")));
        assertEquals(List.of(3L), matching(c, text("runner")));
        String none = indexed("text_nostem", ", \"stemmer\": {\"type\": \"none\"}", "he runs daily", "running");
        assertEquals(List.of(2L), matching(none, text("running")));
    }

    @Test
    void asciiFoldingMatchesAccentedAndPlainLetters() {
        String c = indexed("text_fold", ", \"ascii_folding\": true", "Café au lait", "cafe noir", "naïve", "coffee");
        assertEquals(List.of(1L, 2L), matching(c, text("cafe")));
        assertEquals(List.of(1L, 2L), matching(c, text("CAFÉ")));
        assertEquals(List.of(3L), matching(c, text("naive")));
        String plain = indexed("text_nofold", "", "Café au lait", "cafe noir");
        assertEquals(List.of(2L), matching(plain, text("cafe")));
    }

    @Test
    void phrasesNeedPhraseMatchingAndStayInOneValue() {
        String c = indexed("text_phrase", ", \"phrase_matching\": true, \"stopwords\": \"english\"",
                "quick brown fox", "brown quick fox", List.of("the quick", "brown dog"), "quick the brown");
        assertEquals(List.of(1L, 4L), matching(c, "{\"phrase\": \"Quick Brown\"}"),
                "in order, within one value, stop words skipped");
        assertEquals(List.of(1L, 2L, 3L, 4L), matching(c, text("quick brown")), "text ignores order and values");
        String without = indexed("text_nophrase", "", "quick brown fox", "brown quick fox");
        assertEquals(List.of(), matching(without, "{\"phrase\": \"quick brown\"}"),
                "Qdrant finds no phrase in an index without phrase_matching");
    }

    @Test
    void theWhitespaceTokenizerKeepsPunctuationInWords() {
        String c = indexed("text_ws", ", \"tokenizer\": \"whitespace\"", "wi-fi router", "wi fi", "Wi-Fi\u00a0Router");
        assertEquals(List.of(1L, 3L), matching(c, text("WI-FI")));
        assertEquals(List.of(2L), matching(c, text("wi")));
        String word = indexed("text_words", "", "wi-fi router", "wi fi", "don't");
        assertEquals(List.of(1L, 2L), matching(word, text("wi-fi")), "the word tokenizer splits on punctuation");
        assertEquals(List.of(3L), matching(word, text("t")), "as Qdrant's: any character not a letter or digit");
    }

    @Test
    void theMultilingualTokenizerSegmentsWordsOfScriptsWithoutSpaces() {
        String c = indexed("text_multi", ", \"tokenizer\": \"multilingual\"",
                "มาทำงานกันเถอะ", "ทำ", "Hello World 2024", "本日の日付は");
        assertEquals(List.of(1L), matching(c, text("ทำงาน")));
        assertEquals(List.of(3L), matching(c, text("hello")));
        assertEquals(List.of(), matching(c, text("2024")), "tokens without a letter are dropped, as in Qdrant");
        assertEquals(List.of(4L), matching(c, text("日付")));
    }

    @Test
    void changingTheOptionsAnalysesEveryPointAgain() {
        String c = indexed("text_change", "", "he runs daily", "running shoes", "the runner");
        assertEquals(List.of(2L), matching(c, text("running")));
        createIndex(c, ", \"stemmer\": {\"type\": \"snowball\", \"language\": \"english\"}");
        for (int i = 0; i < 20; i++) { // while the points are analysed again and after
            assertEquals(List.of(1L, 2L), matching(c, text("running")), "round " + i);
        }
        createIndex(c, ", \"stopwords\": {\"custom\": [\"shoes\"]}");
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of(2L), matching(c, text("running")), "stems gone again, round " + i);
            assertEquals(List.of(), matching(c, text("shoes")), "round " + i);
        }
        ok(client().delete("/collections/" + c + "/index/desc?wait=true"));
        assertEquals(List.of(2L), matching(c, text("ning sh")), "without an index: a substring");
        createIndex(c, "");
        assertEquals(List.of(2L), matching(c, text("shoes")), "the default options again");
        upsert(c, 4, List.of("shoes"));
        assertEquals(List.of(2L, 4L), matching(c, text("SHOES")));
    }

    @Test
    void badOptionsAreRefusedWhenTheIndexIsCreated() {
        String c = indexed("text_bad", "", "x");
        String[][] cases = {
                {"\"tokenizer\": \"ngram\"", "tokenizer"},
                {"\"stopwords\": \"klingon\"", "klingon"},
                {"\"stopwords\": \"kazakh\"", "kazakh", "custom"},
                {"\"stopwords\": {\"languages\": \"english\"}", "stopwords.languages"},
                {"\"stopwords\": {\"custom\": [1]}", "stopwords.custom"},
                {"\"stopwords\": {\"words\": []}", "words"},
                {"\"stopwords\": 7", "stopwords"},
                {"\"stemmer\": {\"type\": \"porter\", \"language\": \"english\"}", "stemmer"},
                {"\"stemmer\": {\"type\": \"snowball\", \"language\": \"klingon\"}", "klingon"},
                {"\"stemmer\": {\"type\": \"snowball\"}", "stemmer"},
                {"\"stemmer\": \"english\"", "stemmer"},
                {"\"min_token_len\": \"3\"", "min_token_len"},
                {"\"max_token_len\": -1", "max_token_len"},
                {"\"lowercase\": \"no\"", "lowercase"},
        };
        for (String[] bad : cases) {
            RestClient.Response r = client().put("/collections/" + c + "/index?wait=true", RestClient.parse(
                    "{\"field_name\": \"desc\", \"field_schema\": {\"type\": \"text\", " + bad[0] + "}}"));
            error(r, 400, java.util.Arrays.copyOfRange(bad, 1, bad.length));
        }
        error(client().put("/collections/" + c + "/index?wait=true", RestClient.parse("{\"field_name\": \"desc\", "
                + "\"field_schema\": {\"type\": \"text\", \"min_token_len\": 5, \"max_token_len\": 2}}")), 422,
                "min_token_len", "max_token_len");
        assertEquals(RestClient.parse("{\"type\": \"text\"}"), ok(client().get("/collections/" + c))
                .at("/payload_schema/desc/params"), "the index stays as it was");
        createIndex(c, ", \"stopwords\": {\"languages\": [\"de\", \"french\"]}, \"stemmer\": {\"type\": \"snowball\", "
                + "\"language\": \"ru\"}");
        assertEquals(List.of(1L), matching(c, text("x")));
    }
}
