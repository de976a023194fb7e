package org.nigrani.nlp.extract;

import org.nigrani.nlp.text.RomanUrduFolding;

/**
 * The matching key of one word: spellings that people use for the same name meet ("Preedy", "Preedi", "Pridy";
 * "Goath", "Goth"; "تهانه", "تھانہ"), and the key of a name written as one word is the key of the name written as
 * several ("Sohrabgoth", "Sohrab Goth").
 *
 * <p>Keys are lossy on purpose and are only compared with other keys; what investigators read is the text as
 * written.
 */
final class Keys {

    private Keys() {}

    /**
     * The key of a word as {@link Tokens} writes it (lower case, Urdu letters folded by
     * {@link org.nigrani.nlp.text.Normaliser#foldLetter}). Latin words of four or more letters get the Roman Urdu
     * folding of {@link RomanUrduFolding} and a little more; shorter ones stay as written, so abbreviations such as
     * SSP and SP do not meet.
     */
    static String key(String word) {
        int n = word.length();
        if (n == 0) {
            return word;
        }
        char first = word.charAt(0);
        if (first < 0x80) {
            if (n < 4 || !isLatin(word)) {
                return word;
            }
            return latin(RomanUrduFolding.fold(word));
        }
        return arabicScript(word);
    }

    /** "oa" is one vowel ("Goath", "Goth"); a final y after a consonant is an i ("Preedy", "Preedi"). */
    private static String latin(String k) {
        int n = k.length();
        boolean oa = k.indexOf("oa") >= 0;
        boolean finalY = n >= 4 && k.charAt(n - 1) == 'y' && !isVowel(k.charAt(n - 2));
        if (!oa && !finalY) {
            return k;
        }
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            char c = k.charAt(i);
            if (c == 'a' && i > 0 && k.charAt(i - 1) == 'o') {
                continue;
            }
            sb.append(i == n - 1 && finalY ? 'i' : c);
        }
        return sb.toString();
    }

    /**
     * Letters Urdu writers use interchangeably: آ/ا, ئ/ی, ۓ/ے, ۂ/ۃ/ہ, ں/ن, ھ (Arabic keyboards type ه for it), and the
     * retroflex letters those keyboards lack (ٹ/ت, ڈ/د, ڑ/ر: "ہٹڑی", "ہتری").
     */
    private static String arabicScript(String w) {
        int n = w.length();
        int i = 0;
        while (i < n && arabicFold(w.charAt(i)) == w.charAt(i)) {
            i++;
        }
        if (i == n) {
            return w;
        }
        char[] out = w.toCharArray();
        for (; i < n; i++) {
            out[i] = arabicFold(out[i]);
        }
        return new String(out);
    }

    private static char arabicFold(char c) {
        return switch (c) {
            case 'آ' -> 'ا';
            case 'ئ' -> 'ی';
            case 'ۓ' -> 'ے';
            case 'ۂ', 'ۃ', 'ھ' -> 'ہ';
            case 'ں' -> 'ن';
            case 'ٹ' -> 'ت';
            case 'ڈ' -> 'د';
            case 'ڑ' -> 'ر';
            default -> c;
        };
    }

    /** Keys of consecutive words as one: concatenated, and a letter doubled across the joint counts once. */
    static String join(String[] keys, int from, int to, boolean skipIzafat) {
        StringBuilder sb = new StringBuilder(24);
        for (int i = from; i < to; i++) {
            String k = keys[i];
            if (skipIzafat && i > from && i < to - 1 && isIzafat(k)) {
                continue;
            }
            appendCollapsed(sb, k);
        }
        return sb.toString();
    }

    static void appendCollapsed(StringBuilder sb, String k) {
        for (int j = 0; j < k.length(); j++) {
            char c = k.charAt(j);
            int len = sb.length();
            if (len > 0 && sb.charAt(len - 1) == c && !Character.isDigit(c)) {
                continue;
            }
            sb.append(c);
        }
    }

    /** The "e" of Gulshan-e-Iqbal (also written -i-): left out when names are compared. */
    static boolean isIzafat(String key) {
        return key.equals("e") || key.equals("i");
    }

    static boolean isLatin(String w) {
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (c < 'a' || c > 'z') {
                return false;
            }
        }
        return true;
    }

    static boolean isLetters(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isLetter(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isVowel(char c) {
        return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
    }
}
