package io.atoll.cli;

import java.util.Locale;

/** Byte counts and durations as people read them: {@code 12.3 MiB}, {@code 1m05s}. */
final class Units {
    private static final String[] BINARY = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    /** {@code 512 B}, {@code 12.3 MiB}. */
    static String bytes(long n) {
        int unit = unitOf(n);
        return unit == 0 ? n + " B" : String.format(Locale.ROOT, "%.1f %s", n / Math.pow(1024, unit), BINARY[unit]);
    }

    /** {@code 40.2/88.0 MiB}: both in the unit of the total, so the two compare at a glance. */
    static String bytes(long done, long total) {
        int unit = unitOf(total);
        if (unit == 0) {
            return done + "/" + total + " B";
        }
        double size = Math.pow(1024, unit);
        return String.format(Locale.ROOT, "%.1f/%.1f %s", done / size, total / size, BINARY[unit]);
    }

    private static int unitOf(long n) {
        int unit = 0;
        double v = Math.abs((double) n);
        while (v >= 1024 && unit < BINARY.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit;
    }

    /** An estimate in seconds as {@code <1s}, {@code 4s}, {@code 1m05s}: finer than a second would be false precision. */
    static String seconds(double s) {
        return s < 1 ? "<1s" : duration(Math.round(s) * 1000);
    }

    /** {@code 850ms}, {@code 4s}, {@code 1m05s}, {@code 2h03m}, {@code 3d04h}; negative reads as 0. */
    static String duration(long millis) {
        long ms = Math.max(0, millis);
        if (ms < 1000) {
            return ms + "ms";
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86_400, s % 86_400 / 3600);
    }
}
