package io.atoll.storage.index;

import io.atoll.schema.CollectionParams;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.VectorParams;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;

/** The codec a shard writes with: Lucene's default, with each vector field's own HNSW m and ef_construct. */
final class IndexCodec {
    private IndexCodec() {
    }

    static Codec forCollection(CollectionParams params) {
        Map<String, KnnVectorsFormat> formats = new HashMap<>();
        for (Map.Entry<String, VectorParams> e : params.vectors().entrySet()) {
            HnswConfig h = e.getValue().hnsw(params.hnsw());
            // m = 0 is Qdrant's "no graph": such vectors are always searched exactly (see ShardReads), and Lucene,
            // which cannot store vectors without a graph in this format, gets a minimal one.
            formats.put(FieldNames.vector(e.getKey(), e.getValue().generation()), new HighDimensionHnswFormat(Math.max(2, h.m()), h.efConstruct()));
        }
        // a vector added after the writer opened is built with the collection's graph parameters
        KnnVectorsFormat fallback = new HighDimensionHnswFormat(Math.max(2, params.hnsw().m()),
                params.hnsw().efConstruct());
        return new Lucene104Codec() {
            @Override
            public KnnVectorsFormat getKnnVectorsFormatForField(String field) {
                return formats.getOrDefault(field, fallback);
            }
        };
    }
}
