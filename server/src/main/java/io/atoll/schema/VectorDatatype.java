package io.atoll.schema;

/**
 * How a vector's elements are held (Qdrant's {@code datatype}): every value a point is written with takes the
 * element type's precision and range at once, so searches, retrievals and replicas all see the values Qdrant would
 * keep. Atoll's index still holds them as 32-bit floats; the memory saving comes with quantization (issue 15).
 */
public enum VectorDatatype {
    FLOAT32("float32"),
    /** IEEE half precision: each value rounded to the nearest half float (values beyond ±65504 are refused). */
    FLOAT16("float16"),
    /** A byte: the fraction cut off, and values below 0 or above 255 held at the bound, as Rust's {@code as u8}. */
    UINT8("uint8");

    /** The largest finite half float. */
    public static final float FLOAT16_MAX = 65504f;

    private final String apiName;

    VectorDatatype(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    /** Bytes one element takes in Qdrant's storage (what strict mode's vector size limit counts). */
    public int bytes() {
        return switch (this) {
            case FLOAT32 -> 4;
            case FLOAT16 -> 2;
            case UINT8 -> 1;
        };
    }

    public static VectorDatatype fromApiName(String name) {
        for (VectorDatatype d : values()) {
            if (d.apiName.equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The values this type holds for {@code v} (a new array unless nothing changes). */
    public float[] held(float[] v) {
        return switch (this) {
            case FLOAT32 -> v;
            case FLOAT16 -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Float.float16ToFloat(Float.floatToFloat16(v[i]));
                }
                yield out;
            }
            case UINT8 -> {
                float[] out = new float[v.length];
                for (int i = 0; i < v.length; i++) {
                    out[i] = Float.isNaN(v[i]) ? 0 : (float) Math.floor(Math.min(255, Math.max(0, v[i])));
                }
                yield out;
            }
        };
    }
}
