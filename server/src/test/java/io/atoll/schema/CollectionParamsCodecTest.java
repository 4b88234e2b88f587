package io.atoll.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.atoll.cluster.meta.MetadataCodec;
import io.atoll.cluster.meta.MetadataRecord;
import io.atoll.point.PointStruct;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * L0: collection params read back from the Raft log or a metadata snapshot equal what was written, with absent
 * values absent again (a payload index without params once came back with a JSON null, shown as "params": null).
 */
class CollectionParamsCodecTest {
    @Test
    void absentValuesStayAbsentThroughTheMetadataCodec() throws Exception {
        TreeMap<String, VectorParams> v = new TreeMap<>();
        v.put(PointStruct.DEFAULT_VECTOR, new VectorParams(4, Distance.DOT, null, false));
        CollectionParams params = new CollectionParams(v, false, 1, 1, 1, true, HnswConfig.DEFAULT, new TreeMap<>(),
                null, null).withPayloadIndex("city", new CollectionParams.PayloadIndexParams(PayloadFieldType.KEYWORD,
                null));
        MetadataRecord back = MetadataCodec.decodeRecord(MetadataCodec.encode(
                new MetadataRecord.UpdateCollectionParams("c", params, params)));
        CollectionParams read = ((MetadataRecord.UpdateCollectionParams) back).params();
        assertNull(read.payloadSchema().get("city").params());
        assertNull(read.metadata());
        assertEquals(params, read);
    }
}
