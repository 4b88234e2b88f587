package io.atoll.storage.index;

import io.atoll.schema.CollectionParams;
import io.atoll.schema.HnswConfig;
import io.atoll.schema.Quantization;
import io.atoll.schema.VectorParams;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene104.Lucene104HnswScalarQuantizedVectorsFormat;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.util.quantization.QuantizedByteVectorValues.ScalarEncoding;

/**
 * The codec a shard writes with: Lucene's default, with each vector field's own HNSW m and ef_construct and, when
 * a quantization_config applies, Lucene's quantized HNSW format of that bit width. Lucene asks the codec for a
 * field's format at every flush and merge, so {@link #update} applies new settings to every segment written from
 * then on; the segments written before are rewritten by the shard (see {@link FormatRewriting}). Readers find the
 * formats through SPI by name, so the codec of a shard's reader is Lucene's own.
 */
public final class IndexCodec extends Lucene104Codec {
    private volatile Formats formats;

    private record Formats(Map<String, VectorFormat> byField, VectorFormat fallback) {
    }

    IndexCodec(CollectionParams params) {
        update(params);
    }

    /** Takes new collection params: their formats apply to the segments written from now on. */
    public void update(CollectionParams params) {
        Map<String, VectorFormat> byField = new HashMap<>();
        for (Map.Entry<String, VectorParams> e : params.vectors().entrySet()) {
            VectorParams vp = e.getValue();
            if (vp.isMulti()) {
                continue; // stored as doc values, without a graph
            }
            byField.put(FieldNames.vector(e.getKey(), vp.generation()),
                    format(vp.hnsw(params.hnsw()), vp.quantization(params.quantization())));
        }
        // a vector added after these params is built with the collection's settings until the next update
        formats = new Formats(Map.copyOf(byField), format(params.hnsw(), Quantization.of(params.quantization())));
    }

    /** The format {@code field} is written with now (its encoding and graph settings). */
    @Override
    public VectorFormat getKnnVectorsFormatForField(String field) {
        Formats f = formats;
        return f.byField.getOrDefault(field, f.fallback);
    }

    private static VectorFormat format(HnswConfig h, Quantization q) {
        // m = 0 is Qdrant's "no graph": such vectors are always searched exactly (see ShardReads), and Lucene,
        // which cannot store vectors without a graph in these formats, gets a minimal one.
        int m = Math.max(2, h.m());
        String graph = "m=" + m + ",ef_construct=" + h.efConstruct();
        if (q == null) {
            return new VectorFormat(new Lucene99HnswVectorsFormat(m, h.efConstruct()), VectorFormat.FLOAT, graph);
        }
        ScalarEncoding encoding = switch (q.bits()) {
            case 8 -> ScalarEncoding.UNSIGNED_BYTE;
            case 4 -> ScalarEncoding.PACKED_NIBBLE;
            case 2 -> ScalarEncoding.DIBIT_QUERY_NIBBLE;
            default -> ScalarEncoding.SINGLE_BIT_QUERY_NIBBLE;
        };
        return new VectorFormat(new Lucene104HnswScalarQuantizedVectorsFormat(encoding, m, h.efConstruct()),
                "int" + q.bits(), graph);
    }
}
