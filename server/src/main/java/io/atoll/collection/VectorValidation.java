package io.atoll.collection;

import io.atoll.error.AtollException;
import io.atoll.point.PointStruct;
import io.atoll.point.VectorValue;
import io.atoll.schema.CollectionParams;
import io.atoll.schema.Distance;
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
        vectors.forEach((name, v) -> out.put(name, VectorValue.of(checked(params, name, v.asDense()))));
        return out;
    }

    static PointStruct checked(CollectionParams params, PointStruct p) {
        return new PointStruct(p.id(), checked(params, p.vectors()), p.payload());
    }
}
