package io.atoll.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the TEXMEX vector files: each row is a little-endian int32 dimension followed by that many float32
 * (.fvecs) or int32 (.ivecs) values. Only the rows asked for are read, so a prefix of a large file is cheap.
 */
final class Texmex {
    private Texmex() {
    }

    static float[][] fvecs(Path file, int rows) throws IOException {
        ByteBuffer b = read(file, rows);
        float[][] out = new float[rows][];
        for (int r = 0; r < rows; r++) {
            float[] v = new float[b.getInt()];
            b.asFloatBuffer().get(v);
            b.position(b.position() + 4 * v.length);
            out[r] = v;
        }
        return out;
    }

    static int[][] ivecs(Path file, int rows) throws IOException {
        ByteBuffer b = read(file, rows);
        int[][] out = new int[rows][];
        for (int r = 0; r < rows; r++) {
            int[] v = new int[b.getInt()];
            b.asIntBuffer().get(v);
            b.position(b.position() + 4 * v.length);
            out[r] = v;
        }
        return out;
    }

    /** Writes {@code rows} as an .ivecs file (each row its length, then its values). */
    static void writeIvecs(Path file, int[][] rows) throws IOException {
        int ints = 0;
        for (int[] r : rows) {
            ints += 1 + r.length;
        }
        ByteBuffer b = ByteBuffer.allocate(4 * ints).order(ByteOrder.LITTLE_ENDIAN);
        for (int[] r : rows) {
            b.putInt(r.length);
            for (int v : r) {
                b.putInt(v);
            }
        }
        java.nio.file.Files.write(file, b.array());
    }

    /** Rows in the file, from its size and the first row's dimension (every row has the same one). */
    static int rowCount(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return (int) (ch.size() / rowBytes(ch));
        }
    }

    private static long rowBytes(FileChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        ch.read(head, 0);
        return 4L + 4L * head.flip().getInt();
    }

    private static ByteBuffer read(Path file, int rows) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long bytes = rows * rowBytes(ch);
            if (bytes > ch.size()) {
                throw new IOException(file + " has " + ch.size() / rowBytes(ch) + " rows, " + rows + " wanted");
            }
            ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining() && ch.read(b, b.position()) >= 0) {
                // FileChannel may return fewer bytes than asked; keep reading
            }
            return b.flip();
        }
    }
}
