package org.nigrani.nlp.lang;

/**
 * Letter counts per writing system of one normalised post, plus the letters that only Urdu writes in Arabic script.
 *
 * <p>Counts run on {@link org.nigrani.nlp.text.Normaliser} output, which already folds Arabic ي/ك/ه to Urdu
 * ی/ک/ہ; so those three cannot tell Urdu from Arabic or Persian here, and only ٹ ڈ ڑ ں ے ھ (which neither of them
 * writes) count as Urdu letters. Placeholder tokens ({@code _url_}, {@code _user_}, {@code _emoji_}) are skipped:
 * their Latin letters are ours, not the poster's.
 */
final class ScriptProfile {

    int latin;
    int arabic;
    /** Letters of any other script: Devanagari, CJK, Cyrillic, Greek, Hebrew, Thai... */
    int otherScript;
    int urduLetters;

    private ScriptProfile() {}

    static ScriptProfile of(String normalised) {
        // counted in locals, not in the fields: an increment of a field every letter was most of the time this took
        int latin = 0;
        int arabic = 0;
        int otherScript = 0;
        int urduLetters = 0;
        int n = normalised.length();
        int i = 0;
        while (i < n) {
            char c = normalised.charAt(i);
            if (c < 0x80) {
                if (c == '_' && (i == 0 || normalised.charAt(i - 1) == ' ')) {
                    while (i < n && normalised.charAt(i) != ' ') {
                        i++; // a placeholder: skip to the end of the token
                    }
                    continue;
                }
                latin += (char) (c - 'a') < 26 ? 1 : 0; // no branch: letters and spaces alternate unpredictably
                i++;
                continue;
            }
            int cp = normalised.codePointAt(i);
            i += Character.charCount(cp);
            if (isArabicScript(cp)) {
                if (Character.isLetter(cp)) {
                    arabic++;
                    if (isUrduLetter(cp)) {
                        urduLetters++;
                    }
                }
            } else if (Character.isLetter(cp)) {
                if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN) {
                    latin++;
                } else {
                    otherScript++;
                }
            }
        }
        ScriptProfile p = new ScriptProfile();
        p.latin = latin;
        p.arabic = arabic;
        p.otherScript = otherScript;
        p.urduLetters = urduLetters;
        return p;
    }

    int letters() {
        return latin + arabic + otherScript;
    }

    static boolean isArabicScript(int cp) {
        return (cp >= 0x0600 && cp <= 0x06FF) || (cp >= 0x0750 && cp <= 0x077F) || (cp >= 0x08A0 && cp <= 0x08FF)
                || (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
    }

    /** ٹ ڈ ڑ ں ے ۓ ھ: written in Urdu (and Punjabi/Sindhi Shahmukhi), not in Arabic or Persian. */
    static boolean isUrduLetter(int cp) {
        return cp == 0x0679 || cp == 0x0688 || cp == 0x0691 || cp == 0x06BA || cp == 0x06D2 || cp == 0x06D3
                || cp == 0x06BE;
    }
}
