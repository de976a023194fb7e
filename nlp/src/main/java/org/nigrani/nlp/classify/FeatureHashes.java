package org.nigrani.nlp.classify;

import java.util.Arrays;
import org.nigrani.nlp.text.Normaliser;
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
        /** The post's text, so the hashing reads an array rather than asking each token for each char. */
        private char[] text = new char[0];
        /** Where token i starts in {@link #text}; it ends one before where the next starts (or would). */
        private int[] starts = new int[0];

        /**
         * Replaces the contents with the features of {@code tokens} and {@code cues}, in {@link #forEach} order;
         * {@code text} is the tokens joined by single spaces (as {@link Normaliser#tokens} splits a post).
         */
        void fill(String text, String[] tokens, int cues) {
            size = 0;
            copy(text, tokens);
            ensureRoom(3 * tokens.length); // a folded word, the word and a bigram each
            for (int i = 0; i < tokens.length; i++) {
                if (!isPlaceholder(tokens[i]) && RomanUrduFolding.fold(this.text, starts[i], starts[i + 1] - 1, folded)) {
                    add(nonZero(chars(FOLDED, folded)), i, WORD);
                }
            }
            addWordsAndBigrams(tokens.length);
            for (int i = 0; i < tokens.length; i++) {
                if (!isPlaceholder(tokens[i])) {
                    addCharGrams(i);
                }
            }
            ensureRoom(CUE_HASHES[cues].length);
            for (long cue : CUE_HASHES[cues]) {
                add(cue, -1, CUE);
            }
        }

        private void copy(String text, String[] tokens) {
            if (this.text.length < text.length()) {
                this.text = new char[Math.max(text.length(), 2 * this.text.length)];
            }
            text.getChars(0, text.length(), this.text, 0);
            if (starts.length < tokens.length + 1) {
                starts = new int[Math.max(tokens.length + 1, 2 * starts.length)];
            }
            int start = 0;
            for (int i = 0; i < tokens.length; i++) {
                starts[i] = start;
                start += tokens[i].length() + 1;
            }
            starts[tokens.length] = start;
        }

        /** Each word, then the bigram it starts, hashed in one pass over each word's letters. */
        private void addWordsAndBigrams(int n) {
            long pair = 0; // the bigram the previous word starts, hashed up to and including the '_'
            for (int i = 0; i < n; i++) {
                long word = WORDS;
                long next = BIGRAMS;
                for (int c = starts[i]; c < starts[i + 1] - 1; c++) {
                    word = mix(word, text[c]);
                    next = mix(next, text[c]);
                    pair = mix(pair, text[c]);
                }
                if (i > 0) {
                    add(nonZero(pair), i - 1, BIGRAM);
                }
                add(nonZero(word), i, WORD);
                pair = mix(next, '_');
            }
        }

        /** The n-grams of "&lt;" + word + "&gt;" for word i, if it has three letters or more. */
        private void addCharGrams(int i) {
            int start = starts[i];
            int end = starts[i + 1] - 1;
            if (end - start < 3) {
                return;
            }
            ensureRoom(end - start - 1);
            add(nonZero(mix(mix(mix(mix(CHAR_GRAMS, '<'), text[start]), text[start + 1]), text[start + 2])), i, CHARS);
            for (int c = start; c + CharNGrams.N <= end; c++) {
                add(nonZero(mix(mix(mix(mix(CHAR_GRAMS, text[c]), text[c + 1]), text[c + 2]), text[c + 3])), i, CHARS);
            }
            add(nonZero(mix(mix(mix(mix(CHAR_GRAMS, text[end - 3]), text[end - 2]), text[end - 1]), '>')), i, CHARS);
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
    }

    /** Placeholders ({@code _url_} and the like) have no folded form and no character n-grams. */
    private static boolean isPlaceholder(String token) {
        return !token.isEmpty() && token.charAt(0) == '_';
    }

    /** All features of a post with its cues, in the order {@link #forEach} gives them, in a new vector. */
    static Vector vector(String[] tokens, int cues) {
        Vector v = new Vector();
        v.fill(String.join(" ", tokens), tokens, cues);
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

    private static long mix(long h, char c) {
        return (h ^ c) * PRIME;
    }

    private static long nonZero(long h) {
        return h == 0 ? 1 : h;
    }
}
