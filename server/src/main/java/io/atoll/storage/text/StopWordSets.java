package io.atoll.storage.text;

import io.atoll.schema.StopwordsLanguage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.WordlistLoader;
import org.apache.lucene.analysis.ar.ArabicAnalyzer;
import org.apache.lucene.analysis.bn.BengaliAnalyzer;
import org.apache.lucene.analysis.ca.CatalanAnalyzer;
import org.apache.lucene.analysis.da.DanishAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.el.GreekAnalyzer;
import org.apache.lucene.analysis.es.SpanishAnalyzer;
import org.apache.lucene.analysis.eu.BasqueAnalyzer;
import org.apache.lucene.analysis.fi.FinnishAnalyzer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.hu.HungarianAnalyzer;
import org.apache.lucene.analysis.id.IndonesianAnalyzer;
import org.apache.lucene.analysis.it.ItalianAnalyzer;
import org.apache.lucene.analysis.ne.NepaliAnalyzer;
import org.apache.lucene.analysis.nl.DutchAnalyzer;
import org.apache.lucene.analysis.no.NorwegianAnalyzer;
import org.apache.lucene.analysis.pt.PortugueseAnalyzer;
import org.apache.lucene.analysis.ro.RomanianAnalyzer;
import org.apache.lucene.analysis.ru.RussianAnalyzer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.sv.SwedishAnalyzer;
import org.apache.lucene.analysis.tr.TurkishAnalyzer;
import org.apache.lucene.util.IOUtils;

/** Lucene's stop word list for each language Atoll offers, and the set a text index drops. Stateless. */
final class StopWordSets {
    private StopWordSets() {
    }

    /**
     * The words dropped by an index: every listed language's words and the custom ones, lowercased when the index
     * lowercases its tokens (as Qdrant does), so a stop word matches the token it would become.
     */
    static CharArraySet of(Set<StopwordsLanguage> languages, Set<String> custom, boolean lowercase) {
        CharArraySet out = new CharArraySet(64, false);
        for (StopwordsLanguage l : languages) {
            for (Object w : list(l)) {
                String word = w instanceof char[] chars ? new String(chars) : w.toString();
                out.add(lowercase ? word.toLowerCase(Locale.ROOT) : word);
            }
        }
        for (String w : custom) {
            out.add(lowercase ? w.toLowerCase(Locale.ROOT) : w);
        }
        return CharArraySet.unmodifiableSet(out);
    }

    private static CharArraySet list(StopwordsLanguage l) {
        return switch (l) {
            case ARABIC -> ArabicAnalyzer.getDefaultStopSet();
            case BASQUE -> BasqueAnalyzer.getDefaultStopSet();
            case BENGALI -> BengaliAnalyzer.getDefaultStopSet();
            case CATALAN -> CatalanAnalyzer.getDefaultStopSet();
            case DANISH -> DanishAnalyzer.getDefaultStopSet();
            case DUTCH -> DutchAnalyzer.getDefaultStopSet();
            // EnglishAnalyzer's own set has 33 words; Snowball's list is the one Qdrant's (NLTK's) derives from.
            case ENGLISH -> Holder.ENGLISH;
            case FINNISH -> FinnishAnalyzer.getDefaultStopSet();
            case FRENCH -> FrenchAnalyzer.getDefaultStopSet();
            case GERMAN -> GermanAnalyzer.getDefaultStopSet();
            case GREEK -> GreekAnalyzer.getDefaultStopSet();
            case HUNGARIAN -> HungarianAnalyzer.getDefaultStopSet();
            case INDONESIAN -> IndonesianAnalyzer.getDefaultStopSet();
            case ITALIAN -> ItalianAnalyzer.getDefaultStopSet();
            case NEPALI -> NepaliAnalyzer.getDefaultStopSet();
            case NORWEGIAN -> NorwegianAnalyzer.getDefaultStopSet();
            case PORTUGUESE -> PortugueseAnalyzer.getDefaultStopSet();
            case ROMANIAN -> RomanianAnalyzer.getDefaultStopSet();
            case RUSSIAN -> RussianAnalyzer.getDefaultStopSet();
            case SPANISH -> SpanishAnalyzer.getDefaultStopSet();
            case SWEDISH -> SwedishAnalyzer.getDefaultStopSet();
            case TURKISH -> TurkishAnalyzer.getDefaultStopSet();
            // refused when the index is created (StopwordsLanguage.named): no list in Lucene
            case AZERBAIJANI, CHINESE, HEBREW, HINGLISH, JAPANESE, KAZAKH, SLOVENE, TAJIK ->
                    throw new IllegalArgumentException("no stop words for " + l.apiName());
        };
    }

    private static final class Holder {
        static final CharArraySet ENGLISH = snowball("english_stop.txt");

        private static CharArraySet snowball(String file) {
            try {
                return CharArraySet.unmodifiableSet(WordlistLoader.getSnowballWordSet(
                        IOUtils.getDecodingReader(IOUtils.requireResourceNonNull(
                                SnowballFilter.class.getResourceAsStream(file), file), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("Lucene's " + file + " cannot be read", e);
            }
        }
    }
}
