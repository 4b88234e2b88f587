package io.atoll.storage.index;

/**
 * The Lucene fields a point's document is made of. Payload values are indexed under their canonical path with a
 * prefix per value kind, so that any payload field can be filtered on without declaring it first.
 */
final class FieldNames {
    private FieldNames() {
    }

    /** Canonical id bytes: indexed term, stored, and sorted doc values for scrolling in id order. */
    static final String ID = "_id";
    /** The point's version (the sequence number of its last change): stored and as numeric doc values. */
    static final String VERSION = "_version";
    /** "1" on live points; tombstones lack it and carry {@link #TOMBSTONE} instead. */
    static final String LIVE = "_live";
    static final String TOMBSTONE = "_tomb";
    /** The payload as UTF-8 JSON, stored only. */
    static final String PAYLOAD = "_payload";
    /** Paths with at least one non-null value (for is_empty), paths holding null (is_null). */
    static final String NON_EMPTY = "_ne";
    static final String NULL = "_null";
    /** Names of the vectors a point has (for has_vector and for telling a missing vector from a present one). */
    static final String HAS_VECTOR = "_hasvec";
    /**
     * One term per payload path whose text tokens were made by a text index's own options ("path\0key"); a path
     * analysed as with no options has none. It tells which points hold tokens of options no longer in force.
     */
    static final String TEXT_ANALYSIS = "_txt";

    /** A vector's field; one added to the collection later carries its generation (see VectorParams). */
    static String vector(String name, long generation) {
        return generation == 0 ? "v:" + name : "v:" + name + "#" + generation;
    }

    /** A multivector's field (binary doc values holding all its vectors); generations as {@link #vector}. */
    static String multi(String name, long generation) {
        return generation == 0 ? "mv:" + name : "mv:" + name + "#" + generation;
    }

    /** A sparse vector's dimensions: one indexed term per dimension, its 4 bytes big-endian (unsigned order). */
    static String sparseTerms(String name, long generation) {
        return generation == 0 ? "sp:" + name : "sp:" + name + "#" + generation;
    }

    /** A sparse vector's exact weights, as binary doc values (see {@link VectorFields}). */
    static String sparseValues(String name, long generation) {
        return generation == 0 ? "sd:" + name : "sd:" + name + "#" + generation;
    }

    /** The value of {@link #HAS_VECTOR} a point with that vector holds. */
    static String hasVector(String name, long generation) {
        return generation == 0 ? name : name + "#" + generation;
    }

    static String keyword(String path) {
        return "k:" + path;
    }

    static String text(String path) {
        return "t:" + path;
    }

    /** The path of a {@link #text} field; any other field name is returned as it is (it is never analysed). */
    static String pathOfText(String field) {
        return field.startsWith("t:") ? field.substring(2) : field;
    }

    static String integer(String path) {
        return "l:" + path;
    }

    static String number(String path) {
        return "f:" + path;
    }

    static String bool(String path) {
        return "b:" + path;
    }

    static String datetime(String path) {
        return "d:" + path;
    }

    static String geo(String path) {
        return "g:" + path;
    }

    static String count(String path) {
        return "c:" + path;
    }
}
