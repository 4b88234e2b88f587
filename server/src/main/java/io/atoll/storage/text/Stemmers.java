package io.atoll.storage.text;

import io.atoll.schema.StemmerLanguage;
import org.tartarus.snowball.SnowballStemmer;
import org.tartarus.snowball.ext.ArabicStemmer;
import org.tartarus.snowball.ext.ArmenianStemmer;
import org.tartarus.snowball.ext.DanishStemmer;
import org.tartarus.snowball.ext.DutchStemmer;
import org.tartarus.snowball.ext.EnglishStemmer;
import org.tartarus.snowball.ext.FinnishStemmer;
import org.tartarus.snowball.ext.FrenchStemmer;
import org.tartarus.snowball.ext.GermanStemmer;
import org.tartarus.snowball.ext.GreekStemmer;
import org.tartarus.snowball.ext.HungarianStemmer;
import org.tartarus.snowball.ext.ItalianStemmer;
import org.tartarus.snowball.ext.NorwegianStemmer;
import org.tartarus.snowball.ext.PortugueseStemmer;
import org.tartarus.snowball.ext.RomanianStemmer;
import org.tartarus.snowball.ext.RussianStemmer;
import org.tartarus.snowball.ext.SpanishStemmer;
import org.tartarus.snowball.ext.SwedishStemmer;
import org.tartarus.snowball.ext.TamilStemmer;
import org.tartarus.snowball.ext.TurkishStemmer;

/** Lucene's Snowball stemmer for each of Qdrant's stemmer languages; a new one per token stream (they hold state). */
final class Stemmers {
    private Stemmers() {
    }

    static SnowballStemmer of(StemmerLanguage l) {
        return switch (l) {
            case ARABIC -> new ArabicStemmer();
            case ARMENIAN -> new ArmenianStemmer();
            case DANISH -> new DanishStemmer();
            case DUTCH -> new DutchStemmer();
            case ENGLISH -> new EnglishStemmer();
            case FINNISH -> new FinnishStemmer();
            case FRENCH -> new FrenchStemmer();
            case GERMAN -> new GermanStemmer();
            case GREEK -> new GreekStemmer();
            case HUNGARIAN -> new HungarianStemmer();
            case ITALIAN -> new ItalianStemmer();
            case NORWEGIAN -> new NorwegianStemmer();
            case PORTUGUESE -> new PortugueseStemmer();
            case ROMANIAN -> new RomanianStemmer();
            case RUSSIAN -> new RussianStemmer();
            case SPANISH -> new SpanishStemmer();
            case SWEDISH -> new SwedishStemmer();
            case TAMIL -> new TamilStemmer();
            case TURKISH -> new TurkishStemmer();
        };
    }
}
