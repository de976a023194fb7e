package org.nigrani.nlp.lang;

/**
 * Hashed features of the Latin-script words of a normalised post: character 1-4-grams of each word padded with
 * spaces, and the whole word.
 *
 * <p>Character n-grams carry the spelling habits that tell Roman Urdu ("aa", "kh", "-ain", "-ay") from English
 * ("th", "-ing", "-tion") even in words never seen in training; the whole-word feature carries function words.
 * One walk both scores (summing weights) and extracts (for training), so the two cannot drift apart; it allocates
 * only a copy of the post, which is what makes scoring run at millions of characters per second.
 */
final class LatinFeatures {

    static final int MAX_N = 4;
    static final int WORDS = 0;
    static final int KNOWN = 1;
    static final int CUES = 2;
    static final int FOREIGN = 3;
    static final int NON_ASCII = 4;
    static final int STATS = 5;

    private static final int WORD_SALT = 0x5BD1E995;
    private static final int FNV32 = 0x811C9DC5;
    private static final int PRIME32 = 0x01000193;
    private static final long FNV64 = 0xcbf29ce484222325L;
    private static final long PRIME64 = 0x100000001b3L;

    private LatinFeatures() {}

    /**
     * Walks the post's Latin words. With {@code out == null} returns the sum of {@code weights} over the features;
     * otherwise writes feature indexes to {@code out} (at least {@link #capacity} long) and returns their count.
     * {@code stats} (may be null) receives word counts: words, words in {@code known}, English/Urdu function
     * words, foreign function words, and non-ASCII Latin letters.
     */
    static float walk(String s, float[] weights, int mask, long[] known, int[] out, int[] stats) {
        // The post, digits folded, between two spaces: every word then has a space on either side, and the loops
        // below read an array instead of asking the string for each character four times over.
        int n = s.length();
        char[] text = new char[n + 2];
        s.getChars(0, n, text, 1);
        text[0] = ' ';
        text[n + 1] = ' ';
        for (int i = 1; i <= n; i++) {
            text[i] = fold(text[i]);
        }
        float sum = 0;
        int count = 0;
        int start = 1;
        while (start <= n) {
            int end = start;
            while (text[end] != ' ') {
                end++;
            }
            int letters = latinLetters(text, start, end);
            if (letters > 0) {
                long wh = wordHash(text, start, end);
                int wordIndex = mix((int) (wh ^ wh >>> 32) ^ WORD_SALT) & mask;
                if (out == null) {
                    sum += weights[wordIndex];
                } else {
                    out[count++] = wordIndex;
                }
                // the n-grams starting at the space before the word (a lone boundary says nothing), then at each letter
                int h = (FNV32 ^ ' ') * PRIME32;
                for (int k = 1; k < MAX_N && start - 1 + k <= end; k++) {
                    h = (h ^ text[start - 1 + k]) * PRIME32;
                    int index = mix(h + k) & mask;
                    if (out == null) {
                        sum += weights[index];
                    } else {
                        out[count++] = index;
                    }
                }
                for (int i = start; i < end; i++) {
                    h = FNV32;
                    for (int k = 0; k < MAX_N && i + k <= end; k++) {
                        h = (h ^ text[i + k]) * PRIME32;
                        int index = mix(h + k) & mask;
                        if (out == null) {
                            sum += weights[index];
                        } else {
                            out[count++] = index;
                        }
                    }
                }
                if (stats != null) {
                    stats[WORDS]++;
                    if (known != null && isKnown(known, wh)) {
                        stats[KNOWN]++;
                    }
                    if (FunctionWords.isCue(wh)) {
                        stats[CUES]++;
                    } else if (FunctionWords.isForeign(wh)) {
                        stats[FOREIGN]++;
                    }
                    stats[NON_ASCII] += letters >>> 16;
                }
            }
            start = end + 1;
        }
        return out == null ? sum : count;
    }

    /** An upper bound on the number of features of {@code s}. */
    static int capacity(String s) {
        return (s.length() + 2) * (MAX_N + 1) + 8;
    }

    /**
     * Latin letters of a token in the low 16 bits and non-ASCII ones in the high bits; 0 when the token is a
     * placeholder, has no Latin letter, or has a letter of another script (it belongs to the script branch).
     */
    private static int latinLetters(char[] s, int start, int end) {
        if (start == end || s[start] == '_') {
            return 0;
        }
        int letters = 0;
        int nonAscii = 0;
        for (int i = start; i < end; i++) {
            char c = s[i];
            if (c >= 'a' && c <= 'z') {
                letters++;
            } else if (c >= 0x80) {
                if (!Character.isLetter(c) || Character.UnicodeScript.of(c) != Character.UnicodeScript.LATIN) {
                    return 0;
                }
                letters++;
                nonAscii++;
            }
        }
        return letters == 0 ? 0 : letters | nonAscii << 16;
    }

    /** Digits all look alike: "500" and "1000" are the same evidence. */
    private static char fold(char c) {
        return c >= '0' && c <= '9' ? '0' : c;
    }

    static long wordHash(String word) {
        long h = FNV64;
        for (int i = 0; i < word.length(); i++) {
            h = (h ^ fold(word.charAt(i))) * PRIME64;
        }
        return h;
    }

    /** {@link #wordHash(String)} of a word whose digits are folded already. */
    private static long wordHash(char[] folded, int start, int end) {
        long h = FNV64;
        for (int i = start; i < end; i++) {
            h = (h ^ folded[i]) * PRIME64;
        }
        return h;
    }

    static boolean isKnown(long[] known, long wordHash) {
        int bit = (int) (wordHash >>> 20) & (known.length * 64 - 1);
        return (known[bit >>> 6] & 1L << bit) != 0;
    }

    static void markKnown(long[] known, long wordHash) {
        int bit = (int) (wordHash >>> 20) & (known.length * 64 - 1);
        known[bit >>> 6] |= 1L << bit;
    }

    /** Murmur3's finaliser: FNV alone leaves the low bits of short n-grams poorly spread. */
    private static int mix(int h) {
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ h >>> 16;
    }
}
