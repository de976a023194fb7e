package org.nigrani.nlp.classify;

import org.nigrani.nlp.text.RomanUrduFolding;

/**
 * The doccat features of a token array as 64-bit hashes, computed without building a single string.
 *
 * <p>Exactly the features {@link TokenNGrams} and {@link CharNGrams} produce as strings ("w=word", "b=a_b",
 * "c=&lt;abc"), hashed as if the string had been built; {@link #of(String)} hashes a built string the same way. A test
 * holds the two in step. Scoring this way is what makes classification fast enough for the stream (no allocation
 * per feature).
 */
final class FeatureHashes {

    /** Receives one feature; {@code token} is the index of the word it came from (the first word of a bigram). */
    interface Sink {
        void accept(long hash, int token, int kind);
    }

    static final int WORD = 0;
    static final int BIGRAM = 1;
    static final int CHARS = 2;
    /** A document-level cue from {@link ActorCues}; its token index is -1. */
    static final int CUE = 3;

    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private FeatureHashes() {}

    /** The hash of a feature string, as {@link #forEach} computes it for the same feature. */
    static long of(String feature) {
        long h = OFFSET;
        for (int i = 0; i < feature.length(); i++) {
            h = mix(h, feature.charAt(i));
        }
        return nonZero(h);
    }

    /** The hashes of {@link ActorCues#features} for each of the 16 cue sets, so no cue string is built per post. */
    private static final long[][] CUE_HASHES = new long[16][];

    static {
        for (int cues = 0; cues < CUE_HASHES.length; cues++) {
            CUE_HASHES[cues] = ActorCues.features(cues).stream().mapToLong(FeatureHashes::of).toArray();
        }
    }

    /** A post's features, hashed once and scored by every model. */
    static final class Vector {
        long[] hashes = new long[256];
        int[] tokens = new int[256];
        byte[] kinds = new byte[256];
        int size;

        void add(long hash, int token, int kind) {
            if (size == hashes.length) {
                hashes = java.util.Arrays.copyOf(hashes, size * 2);
                tokens = java.util.Arrays.copyOf(tokens, size * 2);
                kinds = java.util.Arrays.copyOf(kinds, size * 2);
            }
            hashes[size] = hash;
            tokens[size] = token;
            kinds[size] = (byte) kind;
            size++;
        }
    }

    /** All features of a post with its cues, in the order {@link #forEach} gives them. */
    static Vector vector(String[] tokens, int cues) {
        Vector v = new Vector();
        forEach(tokens, cues, v::add);
        return v;
    }

    /** Calls {@code sink} for every feature of {@code tokens}: folded words, words and bigrams, chars, then cues. */
    static void forEach(String[] tokens, Sink sink) {
        forEach(tokens, ActorCues.cues(tokens), sink);
    }

    /** As {@link #forEach(String[], Sink)} with the cues already found, since every model of a post needs them. */
    static void forEach(String[] tokens, int cues, Sink sink) {
        forEachNGram(tokens, sink);
        for (long cue : CUE_HASHES[cues]) {
            sink.accept(cue, -1, CUE);
        }
    }

    private static void forEachNGram(String[] tokens, Sink sink) {
        for (int i = 0; i < tokens.length; i++) {
            if (!tokens[i].startsWith("_")) {
                String folded = RomanUrduFolding.fold(tokens[i]);
                if (!folded.equals(tokens[i])) {
                    sink.accept(nonZero(chars(mix(mix(OFFSET, 'f'), '='), folded)), i, WORD);
                }
            }
        }
        for (int i = 0; i < tokens.length; i++) {
            long w = mix(mix(OFFSET, 'w'), '=');
            sink.accept(nonZero(chars(w, tokens[i])), i, WORD);
            if (i + 1 < tokens.length) {
                long b = chars(mix(mix(OFFSET, 'b'), '='), tokens[i]);
                b = chars(mix(b, '_'), tokens[i + 1]);
                sink.accept(nonZero(b), i, BIGRAM);
            }
        }
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.startsWith("_") || token.length() < 3) {
                continue;
            }
            // the n-grams of "<" + token + ">": position -1 stands for '<', position length for '>'
            for (int start = -1; start + CharNGrams.N <= token.length() + 1; start++) {
                long h = mix(mix(OFFSET, 'c'), '=');
                for (int k = start; k < start + CharNGrams.N; k++) {
                    h = mix(h, k < 0 ? '<' : k == token.length() ? '>' : token.charAt(k));
                }
                sink.accept(nonZero(h), i, CHARS);
            }
        }
    }

    private static long chars(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = mix(h, s.charAt(i));
        }
        return h;
    }

    private static long mix(long h, char c) {
        return (h ^ c) * PRIME;
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }
}
