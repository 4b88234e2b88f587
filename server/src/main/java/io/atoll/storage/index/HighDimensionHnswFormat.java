package io.atoll.storage.index;

import io.atoll.schema.VectorParams;
import java.io.IOException;
import org.apache.lucene.codecs.KnnVectorsFormat;
import org.apache.lucene.codecs.KnnVectorsReader;
import org.apache.lucene.codecs.KnnVectorsWriter;
import org.apache.lucene.codecs.lucene99.Lucene99HnswVectorsFormat;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;

/**
 * Lucene's HNSW format with the dimension limit raised from 1024 to Atoll's 4096. It writes under the standard
 * format's name, so segments are read back (and merged) by Lucene's own reader found through SPI.
 */
final class HighDimensionHnswFormat extends KnnVectorsFormat {
    private final Lucene99HnswVectorsFormat delegate;

    HighDimensionHnswFormat(int maxConn, int beamWidth) {
        super("Lucene99HnswVectorsFormat");
        this.delegate = new Lucene99HnswVectorsFormat(maxConn, beamWidth);
    }

    @Override
    public KnnVectorsWriter fieldsWriter(SegmentWriteState state) throws IOException {
        return delegate.fieldsWriter(state);
    }

    @Override
    public KnnVectorsReader fieldsReader(SegmentReadState state) throws IOException {
        return delegate.fieldsReader(state);
    }

    @Override
    public int getMaxDimensions(String fieldName) {
        return VectorParams.MAX_DIMENSION;
    }

    @Override
    public String toString() {
        return "HighDimensionHnswFormat(" + delegate + ")";
    }
}
