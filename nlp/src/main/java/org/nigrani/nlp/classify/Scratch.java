package org.nigrani.nlp.classify;

import java.util.Arrays;

/**
 * The per-post working arrays of one thread, reused from post to post.
 *
 * <p>A post's features, their slots and the explanation weights take some 8 KB; allocated and zeroed for every post
 * they cost several per cent of the classification. A classifier is shared between threads, so each thread has its
 * own.
 */
final class Scratch {

    private static final ThreadLocal<Scratch> OF_THREAD = ThreadLocal.withInitial(Scratch::new);

    final FeatureHashes.Vector features = new FeatureHashes.Vector();
    /** Each word's weight towards the decision; see {@link ModelTable#relevance}. */
    double[] words = new double[64];
    /** Each word pair's weight, indexed by its first word. */
    double[] pairs = new double[64];
    /** Each feature's slot in the {@link ModelTable}. */
    int[] slots = new int[0];

    private Scratch() {}

    /** This thread's scratch, with {@code words} and {@code pairs} zeroed for a post of {@code tokens} tokens. */
    static Scratch forPost(int tokens) {
        Scratch s = OF_THREAD.get();
        if (s.words.length < tokens) {
            s.words = new double[Math.max(tokens, 2 * s.words.length)];
            s.pairs = new double[s.words.length];
        } else {
            Arrays.fill(s.words, 0, tokens, 0);
            Arrays.fill(s.pairs, 0, tokens, 0);
        }
        return s;
    }

    /** {@link #slots}, long enough for the features now in {@link #features}. */
    int[] slots() {
        if (slots.length < features.size) {
            slots = new int[features.hashes.length];
        }
        return slots;
    }
}
