package org.nigrani.nlp.lang;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The trained part of the identifier: a logistic regression over hashed Latin features (positive = Roman Urdu,
 * negative = English) and the set of words seen in training.
 *
 * <p>Weights live in one flat {@code float[]} indexed by feature hash, so scoring is array reads only; the arrays
 * are never written after construction, which makes a model safe to share between threads.
 */
final class LatinModel {

    private static final int MAGIC = 0x4E4C4944; // "NLID"
    private static final int VERSION = 1;

    private final float[] weights;
    private final float bias;
    private final int mask;
    private final long[] known;

    LatinModel(float[] weights, float bias, long[] known) {
        if (Integer.bitCount(weights.length) != 1 || Integer.bitCount(known.length) != 1) {
            throw new IllegalArgumentException("weights and known-word table sizes must be powers of two, were "
                    + weights.length + " and " + known.length);
        }
        this.weights = weights;
        this.bias = bias;
        this.mask = weights.length - 1;
        this.known = known;
    }

    /** The log-odds that the post's Latin words are Roman Urdu rather than English; fills {@code stats}. */
    float score(String normalised, int[] stats) {
        return bias + LatinFeatures.walk(normalised, weights, mask, known, null, stats);
    }

    int tableSize() {
        return weights.length;
    }

    /** Writes only the non-zero weights and bitset words, in index order, so equal models give equal bytes. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(weights.length);
        out.writeFloat(bias);
        writeSparse(out, weights.length, i -> weights[i] != 0, i -> out.writeFloat(weights[i]));
        out.writeInt(known.length);
        writeSparse(out, known.length, i -> known[i] != 0, i -> out.writeLong(known[i]));
    }

    static LatinModel read(DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a language identifier model (bad magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("language identifier model version " + version + ", expected " + VERSION);
        }
        float[] weights = new float[checkedSize(in.readInt(), "weights")];
        float bias = in.readFloat();
        int nonZero = in.readInt();
        for (int k = 0; k < nonZero; k++) {
            weights[checkedIndex(in.readInt(), weights.length)] = in.readFloat();
        }
        long[] known = new long[checkedSize(in.readInt(), "known words")];
        nonZero = in.readInt();
        for (int k = 0; k < nonZero; k++) {
            known[checkedIndex(in.readInt(), known.length)] = in.readLong();
        }
        return new LatinModel(weights, bias, known);
    }

    private interface IndexTest {
        boolean test(int i);
    }

    private interface IndexWriter {
        void write(int i) throws IOException;
    }

    private static void writeSparse(DataOutputStream out, int length, IndexTest nonZero, IndexWriter value)
            throws IOException {
        int count = 0;
        for (int i = 0; i < length; i++) {
            count += nonZero.test(i) ? 1 : 0;
        }
        out.writeInt(count);
        for (int i = 0; i < length; i++) {
            if (nonZero.test(i)) {
                out.writeInt(i);
                value.write(i);
            }
        }
    }

    private static int checkedSize(int size, String what) throws IOException {
        if (size <= 0 || size > 1 << 24 || Integer.bitCount(size) != 1) {
            throw new IOException("corrupt model: " + what + " table size " + size);
        }
        return size;
    }

    private static int checkedIndex(int index, int length) throws IOException {
        if (index < 0 || index >= length) {
            throw new IOException("corrupt model: index " + index + " outside 0.." + (length - 1));
        }
        return index;
    }
}
