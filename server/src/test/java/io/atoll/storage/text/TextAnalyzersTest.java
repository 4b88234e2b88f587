package io.atoll.storage.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.atoll.schema.TextIndexOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

/** The tokens each tokenizer and option makes, on the examples Qdrant's own tokenizer tests use. */
class TextAnalyzersTest {
    private static TextIndexOptions options(String json) throws Exception {
        return TextIndexOptions.parse(new ObjectMapper().readTree("{\"type\": \"text\"" + json + "}"));
    }

    private static List<String> tokens(Analyzer a, String text) throws Exception {
        List<String> out = new ArrayList<>();
        try (TokenStream ts = a.tokenStream("t:f", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                out.add(term.toString());
            }
            ts.end();
        }
        return out;
    }

    @Test
    void theWordTokenizerSplitsOnAnythingButLettersAndDigits() throws Exception {
        Analyzer a = TextAnalyzers.forValues(TextIndexOptions.DEFAULT);
        assertEquals(List.of("hello", "world", "привет", "мир"), tokens(a, "hello, world! Привет, мир!"));
        assertEquals(List.of("don", "t", "user", "name", "3", "14"), tokens(a, "don't user_name 3.14"));
    }

    @Test
    void thePrefixTokenizerIndexesPrefixesAndCutsQueries() throws Exception {
        TextIndexOptions o = options(", \"tokenizer\": \"prefix\", \"min_token_len\": 1, \"max_token_len\": 4");
        assertEquals(List.of("h", "he", "hel", "hell", "м", "ми", "мир"), tokens(TextAnalyzers.forValues(o),
                "hello, мир!"));
        assertEquals(List.of("hell", "мир"), tokens(TextAnalyzers.forQueries(o), "hello, мир!"));
    }

    @Test
    void optionsApplyInQdrantsOrder() throws Exception {
        // folded before lowercasing, stop words before stemming, lengths after stemming
        TextIndexOptions o = options(", \"ascii_folding\": true, \"stopwords\": \"english\", \"stemmer\": "
                + "{\"type\": \"snowball\", \"language\": \"english\"}, \"min_token_len\": 3");
        assertEquals(List.of("cafe", "run", "quick"), tokens(TextAnalyzers.forValues(o), "The CAFÉS are running quickly"));
        assertEquals(List.of("The", "Apple"), tokens(TextAnalyzers.forValues(options(", \"lowercase\": false, "
                + "\"stopwords\": {\"custom\": [\"the\"]}")), "The Apple"), "no lowercasing: stop words by case");
    }

    @Test
    void theMultilingualTokenizerSegmentsByDictionary() throws Exception {
        Analyzer a = TextAnalyzers.forValues(options(", \"tokenizer\": \"multilingual\""));
        assertEquals(List.of("本日", "の", "日付", "は"), tokens(a, "本日の日付は"));
        assertEquals(List.of("what", "are", "you", "waiting", "for"), tokens(a, "What are you waiting for? 42"));
    }
}
