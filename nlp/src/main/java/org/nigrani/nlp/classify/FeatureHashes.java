package org.nigrani.nlp.classify;

import java.util.Arrays;
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
    private static final long FOLDED = mix(mix(OFFSET, 'f'), '=');
    private static final long WORDS = mix(mix(OFFSET, 'w'), '=');
    private static final long BIGRAMS = mix(mix(OFFSET, 'b'), '=');
    private static final long CHAR_GRAMS = mix(mix(OFFSET, 'c'), '=');

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

    /**
     * A post's features, hashed once and scored by every model. One thread reuses one vector from post to post:
     * {@link #fill} overwrites it, so a post allocates no feature arrays.
     */
    static final class Vector {
        long[] hashes = new long[0];
        int[] tokens = new int[0];
        byte[] kinds = new byte[0];
        int size;
        private final StringBuilder folded = new StringBuilder();

        /** Replaces the contents with the features of {@code tokens} and {@code cues}, in {@link #forEach} order. */
        void fill(String[] tokens, int cues) {
            size = 0;
            ensureRoom(3 * tokens.length); // a folded word, the word and a bigram each
            addNGrams(tokens);
            ensureRoom(CUE_HASHES[cues].length);
            for (long cue : CUE_HASHES[cues]) {
                add(cue, -1, CUE);
            }
        }

        /** Makes room for {@code more} features after those added so far. */
        private void ensureRoom(int more) {
            if (size + more > hashes.length) {
                int capacity = Math.max(size + more, 2 * hashes.length);
                hashes = Arrays.copyOf(hashes, capacity);
                this.tokens = Arrays.copyOf(this.tokens, capacity);
                kinds = Arrays.copyOf(kinds, capacity);
            }
        }

        private void add(long hash, int token, int kind) {
            hashes[size] = hash;
            tokens[size] = token;
            kinds[size] = (byte) kind;
            size++;
        }

        private void addNGrams(String[] tokens) {
            for (int i = 0; i < tokens.length; i++) {
                if (!tokens[i].startsWith("_") && RomanUrduFolding.fold(tokens[i], folded)) {
                    add(nonZero(chars(FOLDED, folded)), i, WORD);
                }
            }
            for (int i = 0; i < tokens.length; i++) {
                add(nonZero(chars(WORDS, tokens[i])), i, WORD);
                if (i + 1 < tokens.length) {
                    long b = chars(BIGRAMS, tokens[i]);
                    b = chars(mix(b, '_'), tokens[i + 1]);
                    add(nonZero(b), i, BIGRAM);
                }
            }
            for (int i = 0; i < tokens.length; i++) {
                String token = tokens[i];
                int length = token.length();
                if (token.startsWith("_") || length < 3) {
                    continue;
                }
                ensureRoom(length - 1);
                // the n-grams of "<" + token + ">": position -1 stands for '<', position length for '>'
                add(nonZero(mix(mix(mix(mix(CHAR_GRAMS, '<'), token.charAt(0)), token.charAt(1)), token.charAt(2))), i, CHARS);
                for (int start = 0; start + CharNGrams.N <= length; start++) {
                    add(nonZero(chars(CHAR_GRAMS, token, start, start + CharNGrams.N)), i, CHARS);
                }
                add(nonZero(mix(chars(CHAR_GRAMS, token, length - 3, length), '>')), i, CHARS);
            }
        }
    }

    /** All features of a post with its cues, in the order {@link #forEach} gives them, in a new vector. */
    static Vector vector(String[] tokens, int cues) {
        Vector v = new Vector();
        v.fill(tokens, cues);
        return v;
    }

    /** Calls {@code sink} for every feature of {@code tokens}: folded words, words and bigrams, chars, then cues. */
    static void forEach(String[] tokens, Sink sink) {
        Vector v = vector(tokens, ActorCues.cues(tokens));
        for (int f = 0; f < v.size; f++) {
            sink.accept(v.hashes[f], v.tokens[f], v.kinds[f]);
        }
    }

    private static long chars(long h, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            h = mix(h, s.charAt(i));
        }
        return h;
    }

    private static long chars(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = mix(h, s.charAt(i));
        }
        return h;
    }

    private static long chars(long h, String s, int from, int to) {
        for (int i = from; i < to; i++) {
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
