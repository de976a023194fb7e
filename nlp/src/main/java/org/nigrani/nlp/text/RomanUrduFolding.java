package org.nigrani.nlp.text;

/**
 * Folds the spelling variation of Roman Urdu into one key per word: "rishwat", "rishwet" and "rshwt" stay apart,
 * but "maara"/"mara", "thappar"/"thapar", "qeemat"/"keemat", "vardi"/"wardi" and "paisay"/"paise" meet.
 *
 * <p>Urdu has no standard Latin spelling, so one word reaches us in several forms. The key is lossy on purpose and
 * is used beside the word itself, never instead of it: the classifier sees both, and investigators keep reading the
 * words as written.
 */
public final class RomanUrduFolding {

    private RomanUrduFolding() {}

    /** The folded key of a lowercase Latin-script token; other tokens come back unchanged. */
    public static String fold(String token) {
        StringBuilder sb = new StringBuilder(token.length());
        return fold(token.toCharArray(), 0, token.length(), sb) ? sb.toString() : token;
    }

    /**
     * Writes the folded key of the token {@code text[from, to)} to {@code into} (cleared first) when it differs from
     * the token, and says whether it does; for callers that hold a post's words in one array and only hash the key.
     */
    public static boolean fold(char[] text, int from, int to, StringBuilder into) {
        int n = to - from;
        into.setLength(0);
        if (n < 2 || !foldable(text, from, to)) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = text[i];
            char next = i + 1 < to ? text[i + 1] : 0;
            if (c == 'e' && next == 'e') { // qeemat, teen: a long i
                into.append('i');
                i++;
            } else if (c == 'o' && next == 'o') { // poolis, zoor: a long u
                into.append('u');
                i++;
            } else {
                char folded = c == 'v' ? 'w' : c == 'q' ? 'k' : c;
                if (into.length() == 0 || into.charAt(into.length() - 1) != folded) { // maara, thappar: doubling is not meaning
                    into.append(folded);
                }
            }
        }
        int len = into.length();
        // word-final ay / ai / ae / ey are one sound: karay, karai, kare; paisay, paise
        if (len > 2 && (into.charAt(len - 1) == 'y' || into.charAt(len - 1) == 'i' || into.charAt(len - 1) == 'e')
                && (into.charAt(len - 2) == 'a' || into.charAt(len - 2) == 'e')) {
            into.setLength(len - 2);
            into.append('e');
        }
        if (into.length() != n) {
            return true;
        }
        for (int i = 0; i < n; i++) {
            if (into.charAt(i) != text[from + i]) {
                return true;
            }
        }
        return false;
    }

    /** Whether the token is a Latin word (a-z only) to which a rule applies, checked in one pass without allocating. */
    private static boolean foldable(char[] text, int from, int to) {
        boolean foldable = false;
        for (int i = from; i < to; i++) {
            char c = text[i];
            if (c < 'a' || c > 'z') {
                return false;
            }
            foldable |= c == 'v' || c == 'q' || (i + 1 < to && text[i + 1] == c);
        }
        char last = text[to - 1];
        char before = text[to - 2];
        return foldable || to - from > 2 && (last == 'y' || last == 'i' || last == 'e') && (before == 'a' || before == 'e');
    }
}
