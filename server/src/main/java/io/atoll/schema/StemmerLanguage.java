package io.atoll.schema;

import java.util.List;
import java.util.Locale;

/** The languages of Qdrant's Snowball stemmer ({@code SnowballLanguage}), each with the short code Qdrant accepts. */
public enum StemmerLanguage {
    ARABIC("ar"), ARMENIAN("hy"), DANISH("da"), DUTCH("nl"), ENGLISH("en"), FINNISH("fi"), FRENCH("fr"),
    GERMAN("de"), GREEK("el"), HUNGARIAN("hu"), ITALIAN("it"), NORWEGIAN("no"), PORTUGUESE("pt"), ROMANIAN("ro"),
    RUSSIAN("ru"), SPANISH("es"), SWEDISH("sv"), TAMIL("ta"), TURKISH("tr");

    private final String code;

    StemmerLanguage(String code) {
        this.code = code;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static StemmerLanguage named(String name) {
        return TextIndexOptions.named(List.of(values()), v -> List.of(v.apiName(), v.code), name,
                "stemmer language");
    }
}
