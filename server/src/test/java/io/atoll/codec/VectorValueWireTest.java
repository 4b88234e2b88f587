package io.atoll.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import io.atoll.operation.ShardOperation;
import io.atoll.point.PointId;
import io.atoll.point.PointStruct;
import io.atoll.point.PointVectors;
import io.atoll.point.ScoredPoint;
import io.atoll.point.VectorValue;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Vector values on the wire: the bytes of builds before sparse and multivectors, and the new shapes. */
class VectorValueWireTest {
    private static final ObjectMapper SMILE = new ObjectMapper(new SmileFactory());
    private static final ObjectNode PAYLOAD = JsonNodeFactory.instance.objectNode().put("k", 1);

    // Written by the build before vector values (2d24866): its logged upsert, update of vectors and copied page.
    private static final String OLD_UPSERT =
            "OikKAfqBb3BFdXBzZXJ0hXBvaW50c/j6gWlk6IkAAAAAAAAAAAAAAYZ2ZWN0b3Jz+iD4KAN8AAAAKAQAAAAA+fuGcGF5bG9hZPqAa8L7+/n7";
    private static final String OLD_UPDATE_VECTORS =
            "OikKAfqBb3BNdXBkYXRlX3ZlY3RvcnOFcG9pbnRz+PqBaWToiQAAAAAAAAAAAAAChnZlY3RvcnP6gGL4KAQCAAAAKAQEQAAA+fv7+YpnZW5lcmF0aW9uc/pExvv7";
    private static final String OLD_PAGE =
            "OikKAfj6gWlk6IkAAAAAAAAAAAACAYZ2ZXJzaW9uyIRzY29yZSgDdAAAAIZwYXlsb2Fk+oBrwvuGdmVjdG9yc/qAdvgoBAIAAAAoBAQAAAD5+4dzaGFyZEtleSH7+Q==";

    @Test
    void recordsOfOlderBuildsDecodeAndDenseValuesAreWrittenAsTheyWrote() throws Exception {
        ShardOperation upsert = new ShardOperation.Upsert(List.of(new PointStruct(PointId.of(1),
                Map.of("", VectorValue.of(new float[] {1, 2})), PAYLOAD)), Map.of());
        byte[] old = Base64.getDecoder().decode(OLD_UPSERT);
        ShardOperation back = OperationCodec.decode(old);
        assertEquals(upsert.toString().replaceAll("@\\w+", ""), back.toString().replaceAll("@\\w+", ""));
        assertEquals(VectorValue.of(new float[] {1, 2}),
                ((ShardOperation.Upsert) back).points().getFirst().vectors().get(""));
        assertArrayEquals(old, OperationCodec.encode(upsert), "an older node reads what a newer one logs");

        ShardOperation update = new ShardOperation.UpdateVectors(List.of(new PointVectors(PointId.of(2),
                Map.of("b", VectorValue.of(new float[] {3, 4.5f})))), Map.of("b", 3L));
        old = Base64.getDecoder().decode(OLD_UPDATE_VECTORS);
        assertEquals(update, OperationCodec.decode(old));
        assertArrayEquals(old, OperationCodec.encode(update));

        List<ScoredPoint> page = List.of(new ScoredPoint(PointId.of(9), 4, 0.25f, PAYLOAD,
                Map.of("v", VectorValue.of(new float[] {3, 4}))));
        old = Base64.getDecoder().decode(OLD_PAGE);
        assertEquals(VectorValue.of(new float[] {3, 4}),
                WireCodec.decode(old, ScoredPoint[].class)[0].vectors().get("v"));
        assertArrayEquals(old, WireCodec.encode(page));
    }

    @Test
    void sparseAndMultivectorsHaveShapesOfTheirOwn() throws Exception {
        VectorValue sparse = new VectorValue.Sparse(new int[] {-1, 3}, new float[] {0.25f, 0.5f});
        VectorValue multi = new VectorValue.Multi(new float[][] {{1, 2}, {3, 4}});
        VectorValue empty = VectorValue.of(new float[0]);
        PointStruct p = new PointStruct(PointId.of(1), Map.of("s", sparse), PAYLOAD);
        // sorted by unsigned index: 4294967295 comes after 3
        assertEquals("{\"indices\":[3,-1],\"values\":[0.5,0.25]}",
                SMILE.readTree(WireCodec.encode(p)).get("vectors").get("s").toString());
        assertEquals("[[1.0,2.0],[3.0,4.0]]", SMILE.readTree(WireCodec.encode(multi, VectorValue.class)).toString());
        for (VectorValue v : List.of(sparse, multi, empty, VectorValue.of(new float[] {1.5f}))) {
            assertEquals(v, WireCodec.decode(WireCodec.encode(v, VectorValue.class), VectorValue.class));
            ShardOperation op = new ShardOperation.UpdateVectors(List.of(new PointVectors(PointId.of(2),
                    Map.of("x", v))), Map.of());
            assertEquals(op, OperationCodec.decode(OperationCodec.encode(op)));
        }
        ScoredPoint scored = new ScoredPoint(PointId.of(3), 1, null, PAYLOAD, Map.of("s", sparse, "m", multi));
        assertEquals(scored.vectors(), WireCodec.decode(WireCodec.encode(List.of(scored)), ScoredPoint[].class)[0]
                .vectors());
    }
}
