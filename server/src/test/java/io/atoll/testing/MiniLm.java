package io.atoll.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The shared MiniLM data set (384 dimensions, cosine): base vectors, queries and ground truth in .fvecs/.ivecs. */
public final class MiniLm {
    public static final Path DATA = Path.of("..", "..", "shared", "datasets", "minilm-384-angular");

    private MiniLm() {
    }

    public static List<float[]> fvecs(Path file, int limit) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<float[]> out = new ArrayList<>();
        while (b.hasRemaining() && out.size() < limit) {
            float[] v = new float[b.getInt()];
            for (int i = 0; i < v.length; i++) {
                v[i] = b.getFloat();
            }
            out.add(v);
        }
        return out;
    }

    public static List<int[]> ivecs(Path file, int limit) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<int[]> out = new ArrayList<>();
        while (b.hasRemaining() && out.size() < limit) {
            int[] v = new int[b.getInt()];
            for (int i = 0; i < v.length; i++) {
                v[i] = b.getInt();
            }
            out.add(v);
        }
        return out;
    }

}
