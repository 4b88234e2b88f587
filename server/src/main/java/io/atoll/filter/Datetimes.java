package io.atoll.filter;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Parses the datetime strings Qdrant accepts (RFC 3339, with or without offset, 'T' or space, or a bare date). */
public final class Datetimes {
    private Datetimes() {
    }

    /** Microseconds since the epoch, or null when {@code s} is not a datetime. */
    public static Long parseMicros(String s) {
        if (s.length() < 10 || s.length() > 40 || !Character.isDigit(s.charAt(0)) || s.charAt(4) != '-') {
            return null;
        }
        String t = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        try {
            return micros(OffsetDateTime.parse(t).toInstant().atOffset(ZoneOffset.UTC).toLocalDateTime());
        } catch (DateTimeParseException e) {
            // try the next shape
        }
        try {
            return micros(LocalDateTime.parse(t));
        } catch (DateTimeParseException e) {
            // try the next shape
        }
        try {
            return micros(LocalDate.parse(t).atStartOfDay());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long micros(LocalDateTime utc) {
        return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), utc);
    }
}
