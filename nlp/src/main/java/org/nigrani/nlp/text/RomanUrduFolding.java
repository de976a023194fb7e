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
        int n = token.length();
        if (n < 2 || !isLatinWord(token) || !foldable(token)) {
            return token;
        }
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            char next = i + 1 < n ? token.charAt(i + 1) : 0;
            if (c == 'e' && next == 'e') { // qeemat, teen: a long i
                sb.append('i');
                i++;
            } else if (c == 'o' && next == 'o') { // poolis, zoor: a long u
                sb.append('u');
                i++;
            } else {
                char folded = c == 'v' ? 'w' : c == 'q' ? 'k' : c;
                if (sb.length() == 0 || sb.charAt(sb.length() - 1) != folded) { // maara, thappar: doubling is not meaning
                    sb.append(folded);
                }
            }
        }
        int len = sb.length();
        // word-final ay / ai / ae / ey are one sound: karay, karai, kare; paisay, paise
        if (len > 2 && (sb.charAt(len - 1) == 'y' || sb.charAt(len - 1) == 'i' || sb.charAt(len - 1) == 'e')
                && (sb.charAt(len - 2) == 'a' || sb.charAt(len - 2) == 'e')) {
            sb.setLength(len - 2);
            sb.append('e');
        }
        return sb.toString();
    }

    /** Whether any rule applies, checked without allocating: most words come back unchanged. */
    private static boolean foldable(String token) {
        int n = token.length();
        for (int i = 0; i < n; i++) {
            char c = token.charAt(i);
            if (c == 'v' || c == 'q' || (i + 1 < n && token.charAt(i + 1) == c)) {
                return true;
            }
        }
        char last = token.charAt(n - 1);
        char before = token.charAt(n - 2);
        return n > 2 && (last == 'y' || last == 'i' || last == 'e') && (before == 'a' || before == 'e');
    }

    private static boolean isLatinWord(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }
}
