package io.atoll.collection;

import io.atoll.error.AtollException;
import io.atoll.point.PointStruct;
import io.atoll.point.VectorValue;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
import io.atoll.schema.SparseVectorParams;
import io.atoll.schema.VectorDatatype;
import io.atoll.schema.VectorParams;
import java.util.HashMap;
import java.util.Map;

/** Checks vectors against a collection's config and normalizes them where the distance needs it. */
final class VectorValidation {
    private VectorValidation() {
    }

    static String displayName(String name) {
        return name.isEmpty() ? "(default)" : name;
    }

    /** The vector checked against the named vector's params, in its datatype's precision, normalized for cosine. */
    static float[] checked(CollectionParams params, String name, float[] v) {
        VectorParams vp = params.vector(name);
        if (vp == null) {
            throw AtollException.badRequest("Wrong input: Not existing vector name error: " + displayName(name));
        }
        if (v.length != vp.size()) {
            throw AtollException.badRequest("Wrong input: Vector dimension error: expected dim: " + vp.size()
                    + ", got " + v.length);
        }
        for (float x : v) {
            if (!Float.isFinite(x)) {
                throw AtollException.badRequest("Wrong input: vector " + displayName(name)
                        + " contains a value that is not a finite 32-bit float");
            }
        }
        if (vp.datatype() == VectorDatatype.FLOAT16) {
            for (float x : v) {
                if (Math.abs(x) > VectorDatatype.FLOAT16_MAX) {
                    throw AtollException.badRequest("Wrong input: vector " + displayName(name) + " holds " + x
                            + ", out of the float16 range (at most " + VectorDatatype.FLOAT16_MAX + " either way)");
                }
            }
        }
        // as Qdrant: normalized first, then held in the datatype's precision
        return vp.datatype().held(vp.distance().normalizes() ? Distance.normalized(v) : v);
    }

    static Map<String, VectorValue> checked(CollectionParams params, Map<String, VectorValue> vectors) {
        Map<String, VectorValue> out = new HashMap<>();
        vectors.forEach((name, v) -> out.put(name, checked(params, name, v)));
        return out;
    }

    /**
     * A value of any kind checked against the name's kind, with Qdrant's texts for a mismatch; a dense vector given
     * for a multivector name is a multivector of one, as in Qdrant.
     */
    static VectorValue checked(CollectionParams params, String name, VectorValue value) {
        SparseVectorParams sp = params.sparseVector(name);
        if (sp != null) {
            if (!(value instanceof VectorValue.Sparse s)) {
                throw AtollException.badRequest("Wrong input: Conversion between sparse and regular vectors failed");
            }
            return sparse(name, sp, s);
        }
        VectorParams vp = params.vector(name);
        if (vp == null) {
            throw AtollException.badRequest("Wrong input: Not existing vector name error: " + displayName(name));
        }
        return switch (value) {
            case VectorValue.Sparse s -> throw AtollException.badRequest(
                    "Wrong input: Conversion between sparse and regular vectors failed");
            case VectorValue.Multi m when !vp.isMulti() ->
                    throw AtollException.badRequest("Wrong input: Conversion between multi and regular vectors failed");
            case VectorValue.Multi m -> multi(params, name, m.vectors());
            case VectorValue.Dense d when vp.isMulti() -> multi(params, name, new float[][] {d.values()});
            case VectorValue.Dense d -> VectorValue.of(checked(params, name, d.values()));
        };
    }

    private static VectorValue multi(CollectionParams params, String name, float[][] vectors) {
        if (vectors.length == 0) {
            throw AtollException.unprocessable("Validation error in JSON body: [" + displayName(name)
                    + ": multi vector must not be empty]");
        }
        float[][] out = new float[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            out[i] = checked(params, name, vectors[i]);
        }
        return new VectorValue.Multi(out);
    }

    /** Finite weights in the datatype's precision (the parser has checked lengths and unique indices). */
    private static VectorValue sparse(String name, SparseVectorParams sp, VectorValue.Sparse s) {
        float[] values = s.values().clone();
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw AtollException.badRequest("Wrong input: sparse vector " + displayName(name)
                        + " contains a value that is not a finite 32-bit float");
            }
            if (sp.datatype() == VectorDatatype.FLOAT16 && Math.abs(values[i]) > VectorDatatype.FLOAT16_MAX) {
                throw AtollException.badRequest("Wrong input: sparse vector " + displayName(name) + " holds "
                        + values[i] + ", out of the float16 range (at most " + VectorDatatype.FLOAT16_MAX
                        + " either way)");
            }
        }
        return new VectorValue.Sparse(s.indices(), sp.datatype().held(values));
    }

    static PointStruct checked(CollectionParams params, PointStruct p) {
        return new PointStruct(p.id(), checked(params, p.vectors()), p.payload());
    }
}
