package io.atoll.schema;

import java.util.List;
import java.util.Locale;

/**
 * The stop word languages of Qdrant's {@code stopwords} (its {@code Language}), each with the short code Qdrant
 * also accepts. Atoll takes its lists from Lucene, which has none for some of them: those are refused by name
 * rather than accepted and ignored.
 */
public enum StopwordsLanguage {
    ARABIC("ar"), AZERBAIJANI("az", false), BASQUE("eu"), BENGALI("bn"), CATALAN("ca"), CHINESE("zh", false),
    DANISH("da"), DUTCH("nl"), ENGLISH("en"), FINNISH("fi"), FRENCH("fr"), GERMAN("de"), GREEK("el"),
    HEBREW("he", false), HINGLISH("hi-en", false), HUNGARIAN("hu"), INDONESIAN("id"), ITALIAN("it"),
    JAPANESE("jp", false), KAZAKH("kk", false), NEPALI("ne"), NORWEGIAN("no"), PORTUGUESE("pt"), ROMANIAN("ro"),
    RUSSIAN("ru"), SLOVENE("sl", false), SPANISH("es"), SWEDISH("sv"), TAJIK("tg", false), TURKISH("tr");

    private final String code;
    private final boolean available;

    StopwordsLanguage(String code) {
        this(code, true);
    }

    StopwordsLanguage(String code, boolean available) {
        this.code = code;
        this.available = available;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static StopwordsLanguage named(String name) {
        StopwordsLanguage l = TextIndexOptions.named(List.of(values()), v -> List.of(v.apiName(), v.code), name,
                "stop words language");
        if (!l.available) {
            throw TextIndexOptions.format("stop words for `" + l.apiName() + "` are not available in Atoll (it has "
                    + "no list for this language yet); list the words in `stopwords.custom` instead");
        }
        return l;
    }
}
