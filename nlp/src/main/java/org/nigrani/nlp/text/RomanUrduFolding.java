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
        return fold(token, sb) ? sb.toString() : token;
    }

    /**
     * Writes the folded key of {@code token} to {@code into} (cleared first) when it differs from the token, and says
     * whether it does; for callers that only hash the key, so no string is built per word.
     */
    public static boolean fold(String token, StringBuilder into) {
        int n = token.length();
        into.setLength(0);
        if (n < 2 || !foldable(token)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            char next = i + 1 < n ? token.charAt(i + 1) : 0;
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
        return !token.contentEquals(into);
    }

    /** Whether the token is a Latin word (a-z only) to which a rule applies, checked in one pass without allocating. */
    private static boolean foldable(String token) {
        int n = token.length();
        boolean foldable = false;
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
            foldable |= c == 'v' || c == 'q' || (i + 1 < n && token.charAt(i + 1) == c);
        }
        char last = token.charAt(n - 1);
        char before = token.charAt(n - 2);
        return foldable || n > 2 && (last == 'y' || last == 'i' || last == 'e') && (before == 'a' || before == 'e');
    }
}
