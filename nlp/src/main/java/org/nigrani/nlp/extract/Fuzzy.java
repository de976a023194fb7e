package org.nigrani.nlp.extract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Finds the one known word (or name written as one word) a misspelt word stands for: "Preedi" for "Preedy",
 * "Kohsaar" for "Kohsar", "Gulshn" for "Gulshan".
 *
 * <p>At most one edit (insertion, deletion, change of a vowel or swap of neighbours) when both words have 5 to 8
 * letters, two from 9 (changing a consonant counts two); never for words under 5 letters, where one letter makes
 * another name (SITE-A, SITE-B). A word two known words are equally close to stands for neither.
 */
final class Fuzzy {

    static final int MIN_LENGTH = 5;
    static final int LONG = 9;

    /** Known words by length, and the letters each holds as a bit set. */
    private final String[][] byLength;
    private final long[][] letters;

    Fuzzy(Collection<String> known) {
        int max = 0;
        for (String k : known) {
            max = Math.max(max, k.length());
        }
        List<List<String>> lists = new ArrayList<>();
        for (int i = 0; i <= max + 2; i++) {
            lists.add(new ArrayList<>());
        }
        for (String k : known) {
            if (k.length() >= MIN_LENGTH - 1) {
                lists.get(k.length()).add(k);
            }
        }
        byLength = new String[lists.size()][];
        letters = new long[lists.size()][];
        for (int i = 0; i < lists.size(); i++) {
            byLength[i] = lists.get(i).stream().sorted().toArray(String[]::new);
            letters[i] = new long[byLength[i].length];
            for (int j = 0; j < byLength[i].length; j++) {
                letters[i][j] = letters(byLength[i][j]);
            }
        }
    }

    static int budget(int a, int b) {
        int m = Math.min(a, b);
        return m >= LONG ? 2 : m >= MIN_LENGTH ? 1 : 0;
    }

    /** The known word closest to {@code word} within the budget, or null if none or if two are equally close. */
    String nearest(String word) {
        int n = word.length();
        if (n < MIN_LENGTH) {
            return null;
        }
        long mask = letters(word);
        boolean latin = word.charAt(0) < 0x250;
        int[][] rows = new int[3][n + 3];
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (int len = Math.max(0, n - 2); len <= n + 2 && len < byLength.length; len++) {
            int budget = budget(n, len);
            if (Math.abs(len - n) > budget) {
                continue;
            }
            String[] words = byLength[len];
            long[] masks = letters[len];
            for (int j = 0; j < words.length; j++) {
                // each edit adds or removes at most two letters of the set: a cheap test that rules most words out
                if (Long.bitCount(mask ^ masks[j]) > 2 * budget || (words[j].charAt(0) < 0x250) != latin) {
                    continue;
                }
                String k = words[j];
                int d = distance(k, word, Math.min(budget, bestDistance), rows);
                if (d <= budget) {
                    if (d < bestDistance) {
                        best = k;
                        bestDistance = d;
                        tie = false;
                    } else if (d == bestDistance && !k.equals(best)) {
                        tie = true;
                    }
                }
            }
        }
        return tie ? null : best;
    }

    private static long letters(String w) {
        long m = 0;
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            m |= 1L << (c >= 'a' && c <= 'z' ? c - 'a' : 26 + c % 38);
        }
        return m;
    }

    /**
     * Vowels, and the Urdu letters that write them: misspelt names change these ("Preedy", "Pridi"; "Shalimar",
     * "Shalamar"); changing a consonant makes another word ("moral", "Koral"; "Sialkot", "Shalkot") and costs two.
     */
    static boolean vowelLike(char c) {
        return switch (c) {
            case 'a', 'e', 'i', 'o', 'u', 'y', 'ا', 'آ', 'و', 'ی', 'ے', 'ہ', 'ع', 'ئ', 'ء', 'ؤ' -> true;
            default -> false;
        };
    }

    /**
     * Optimal string alignment distance (Levenshtein plus swaps of neighbours), or {@code limit + 1} as soon as it
     * must exceed {@code limit}.
     */
    static int distance(String a, String b, int limit) {
        return distance(a, b, limit, new int[3][b.length() + 1]);
    }

    /** As {@link #distance(String, String, int)}, with three rows of at least {@code b.length() + 1} to work in. */
    private static int distance(String a, String b, int limit, int[][] rows) {
        int n = a.length();
        int m = b.length();
        if (Math.abs(n - m) > limit) {
            return limit + 1;
        }
        int[] prev2 = rows[0];
        int[] prev = rows[1];
        int[] cur = rows[2];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            char ca = a.charAt(i - 1);
            for (int j = 1; j <= m; j++) {
                char cb = b.charAt(j - 1);
                int cost = ca == cb ? 0 : vowelLike(ca) && vowelLike(cb) ? 1 : 2;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && ca == b.charAt(j - 2) && a.charAt(i - 2) == cb) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] t = prev2;
            prev2 = prev;
            prev = cur;
            cur = t;
        }
        return prev[m];
    }
}
