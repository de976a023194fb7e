package org.nigrani.jobs.incident;

import org.nigrani.nlp.text.Normaliser;

/**
 * MinHash signatures and LSH bands over a post's text, to find copies of a caption however they were re-posted
 * ("RT @someone: ...", a changed hashtag, an added line).
 *
 * <p>Shingles are character 5-grams of the normalised text, without mention, URL and emoji placeholders: robust
 * to small edits and to spelling noise. The signature is one-permutation MinHash: each shingle is hashed once and
 * kept as the minimum of one of 64 bins (by the hash's top bits), empty bins borrowing from the next full one
 * (rotation densification, Shrivastava and Li 2014), which estimates Jaccard similarity like 64 separate hash
 * functions at a sixty-fourth of the cost. 16 bands of 4 rows: two texts share a band with probability
 * 1 − (1 − J⁴)¹⁶, about 0.98 at Jaccard 0.6 and 0.07 at 0.3, and the candidates are then confirmed on the whole
 * signature.
 */
final class NearDuplicates {

    static final int HASHES = 64;
    static final int BANDS = 16;
    static final int ROWS = HASHES / BANDS;
    static final int SHINGLE = 5;
    /** Estimated Jaccard similarity from which two texts are copies of one another. */
    static final double SAME_TEXT = 0.6;
    private static final int EMPTY = Integer.MAX_VALUE;

    private NearDuplicates() {}

    /** The signature, or null when the text is too short to say anything about (a copy of "shame" is no evidence). */
    static int[] signature(String text) {
        String s = Normaliser.normalise(text)
                .replace(Normaliser.MENTION_TOKEN, " ").replace(Normaliser.URL_TOKEN, " ").replace(Normaliser.EMOJI_TOKEN, " ")
                .replaceAll("^\\s*rt\\b", " ").replaceAll("\\s+", " ").strip();
        if (s.length() < 20) {
            return null;
        }
        int[] min = new int[HASHES];
        java.util.Arrays.fill(min, EMPTY);
        for (int i = 0; i + SHINGLE <= s.length(); i++) {
            // Fixed constants: signatures are kept in checkpoints and must be the same in every run.
            long h = 1469598103934665603L;
            for (int k = i; k < i + SHINGLE; k++) {
                h = (h ^ s.charAt(k)) * 1099511628211L;
            }
            h = mix(h);
            int bin = (int) (h >>> 58);
            int value = (int) h & 0x7FFFFFFE;
            if (value < min[bin]) {
                min[bin] = value;
            }
        }
        densify(min);
        return min;
    }

    /** Fills each empty bin from the next full one to its right, offset by the distance so that fills differ. */
    private static void densify(int[] min) {
        int[] original = min.clone();
        for (int i = 0; i < HASHES; i++) {
            if (original[i] != EMPTY) {
                continue;
            }
            for (int d = 1; d < HASHES; d++) {
                int from = original[(i + d) % HASHES];
                if (from != EMPTY && from < EMPTY - HASHES) {
                    min[i] = from + d;
                    break;
                }
            }
        }
    }

    /** One hash per band; two signatures sharing any band value are candidates. */
    static long[] bands(int[] signature) {
        long[] out = new long[BANDS];
        for (int b = 0; b < BANDS; b++) {
            long h = b;
            for (int r = 0; r < ROWS; r++) {
                h = mix(h * 31 + signature[b * ROWS + r]);
            }
            out[b] = h;
        }
        return out;
    }

    /** The share of hashes two signatures agree on: an estimate of the Jaccard similarity of their shingles. */
    static double similarity(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < HASHES; i++) {
            if (a[i] == b[i]) {
                same++;
            }
        }
        return same / (double) HASHES;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
