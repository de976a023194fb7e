package org.nigrani.nlp.text;

import java.text.Normalizer;
import java.util.Arrays;

/**
 * Turns a raw post into the lowercase, token-separated text the classifiers see.
 *
 * <p>Posts mix English, Roman Urdu and Urdu script with URLs, handles, hashtags, emoji and elongated words;
 * the same word reaches us in many spellings and code points, and the model should see one form of each.
 * One pass over the text, with no regular expressions: it runs on every post of the stream.
 */
public final class Normaliser {

    public static final String URL_TOKEN = "_url_";
    public static final String MENTION_TOKEN = "_user_";
    public static final String EMOJI_TOKEN = "_emoji_";
    static final int MAX_HANDLE = 30;

    private Normaliser() {}

    /** Normalises one post; never returns null, and an empty or blank post gives an empty string. */
    public static String normalise(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String s = needsNfkc(text) ? Normalizer.normalize(text, Normalizer.Form.NFKC) : text;
        Output out = new Output(s.length() + 16);
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c < 0x80 && FOLDED[c] >= 0 && c != 'h' && c != 'H' && c != 'w' && c != 'W') {
                i = out.asciiWord(s, i); // most characters: ASCII letters and digits, and no URL starts with them
            } else if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && atWordStart(s, i) && urlAt(s, i)) {
                while (i < n && !Character.isWhitespace(s.charAt(i))) {
                    i++;
                }
                out.token(URL_TOKEN);
            } else if (c == '@' && i + 1 < n && isHandleChar(s.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && end - i - 1 < MAX_HANDLE && isHandleChar(s.charAt(end))) {
                    end++;
                }
                i = end;
                out.token(MENTION_TOKEN);
            } else if (c == '#' && i + 1 < n && isHashtagChar(s.codePointAt(i + 1))) {
                i = hashtag(s, i + 1, out);
            } else {
                int cp = s.codePointAt(i);
                out.fold(cp);
                i += Character.charCount(cp);
            }
        }
        return out.finish();
    }

    /** The tokens of normalised text: it is already space-separated. */
    public static String[] tokens(String normalised) {
        if (normalised.isEmpty()) {
            return new String[0];
        }
        int count = 1;
        for (int i = 0; i < normalised.length(); i++) {
            count += normalised.charAt(i) == ' ' ? 1 : 0;
        }
        String[] tokens = new String[count];
        int start = 0;
        for (int t = 0; t < count; t++) {
            int end = normalised.indexOf(' ', start);
            tokens[t] = normalised.substring(start, end < 0 ? normalised.length() : end);
            start = end + 1;
        }
        return tokens;
    }

    /** Splits a hashtag's words at camelCase, letter-digit boundaries and underscores; returns where it ends. */
    private static int hashtag(String s, int start, Output out) {
        out.space();
        int i = start;
        int previous = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!isHashtagChar(cp)) {
                break;
            }
            boolean split = cp == '_'
                    || (Character.isLowerCase(previous) && Character.isUpperCase(cp))
                    || (Character.isLetter(previous) && Character.isDigit(cp))
                    || (Character.isDigit(previous) && Character.isLetter(cp));
            if (split) {
                out.space();
            }
            if (cp != '_') {
                out.fold(cp);
            }
            previous = cp;
            i += Character.charCount(cp);
        }
        out.space();
        return i;
    }

    private static boolean needsNfkc(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return !Normalizer.isNormalized(s, Normalizer.Form.NFKC);
            }
        }
        return false;
    }

    private static boolean atWordStart(String s, int i) {
        if (i == 0) {
            return true;
        }
        char before = s.charAt(i - 1);
        return !Character.isLetterOrDigit(before) && before != '_';
    }

    private static boolean urlAt(String s, int i) {
        return s.regionMatches(true, i, "http://", 0, 7) || s.regionMatches(true, i, "https://", 0, 8)
                || s.regionMatches(true, i, "www.", 0, 4);
    }

    private static boolean isHandleChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static boolean isHashtagChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }

    /**
     * One code point inside a word as {@link #normalise} writes it: lower case, Urdu code points for Arabic ones
     * (ي/ى to ی, ك to ک, ه/ة to ہ), ASCII digits for Arabic-Indic ones; {@code -1} for what it drops inside a word
     * (vowel marks, joiners). For tools that need the same folding with their own tokens and offsets.
     */
    public static int foldLetter(int cp) {
        if (cp < 128) {
            return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
        }
        if (isArabicDiacritic(cp) || Character.getType(cp) == Character.NON_SPACING_MARK || cp == 0x200C || cp == 0x200D) {
            return -1;
        }
        return foldArabicScript(Character.toLowerCase(cp));
    }

    /** Urdu text arrives with Arabic code points for the same letters (ي/ی, ك/ک, ه/ہ); fold to the Urdu ones. */
    static int foldArabicScript(int cp) {
        return switch (cp) {
            case 'ي', 'ى', 'ێ' -> 'ی';
            case 'ك' -> 'ک';
            case 'ه', 'ە', 'ۀ', 'ة' -> 'ہ';
            case 'أ', 'إ', 'ٱ' -> 'ا';
            case 'ؤ' -> 'و';
            default -> cp >= '٠' && cp <= '٩' ? '0' + (cp - '٠') : cp >= '۰' && cp <= '۹' ? '0' + (cp - '۰') : cp;
        };
    }

    private static boolean isArabicDiacritic(int cp) {
        return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED);
    }

    private static boolean isEmoji(int cp) {
        return (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF);
    }

    /** {@link #folded} of a code point that is written as nothing. */
    private static final int DROP = -1;
    /** {@link #folded} of a code point that separates words. */
    private static final int SPACE = -2;
    /** {@link #folded} of an emoji, which becomes {@link #EMOJI_TOKEN}. */
    private static final int EMOJI = -3;

    /**
     * What one code point of a post becomes: the letter or digit it is written as ({@code '_'} included), or
     * {@link #DROP}, {@link #SPACE} or {@link #EMOJI}.
     */
    static int folded(int cp) {
        if (isArabicDiacritic(cp) || Character.getType(cp) == Character.NON_SPACING_MARK || cp == 0x200C || cp == 0x200D) {
            return DROP; // vowel marks and joiners are spelling variation inside a word, not word breaks
        }
        if (Character.isLetterOrDigit(cp)) {
            return foldArabicScript(Character.toLowerCase(cp));
        } else if (cp == '_') {
            return '_';
        } else if (isEmoji(cp)) {
            return EMOJI;
        }
        return cp == '\'' || cp == '’' ? DROP : SPACE; // "SHO's" stays one word
    }

    /**
     * {@link #folded} of every code point below U+0800 (ASCII, Latin, Greek, Cyrillic, Hebrew and the Arabic blocks
     * Urdu is written in), worked out once: the Unicode property look-ups were a fifth of the time of an Urdu post.
     */
    private static final int[] FOLDED = new int[0x800];

    static {
        for (int cp = 0; cp < FOLDED.length; cp++) {
            FOLDED[cp] = folded(cp);
        }
    }

    /** The output under construction: single spaces between tokens, no letter more than twice in a row. */
    private static final class Output {
        // a char array rather than a StringBuilder, which copies itself over the first time an Urdu letter arrives
        private char[] chars;
        private int length;

        Output(int capacity) {
            chars = new char[capacity];
        }

        void fold(int cp) {
            int folded = cp < FOLDED.length ? FOLDED[cp] : folded(cp);
            if (folded >= 0) {
                letter(folded);
            } else if (folded == SPACE) {
                space();
            } else if (folded == EMOJI) {
                token(EMOJI_TOKEN);
            }
        }

        /**
         * Appends the ASCII letters, digits and underscores from {@code i} on, as {@link #fold} would one by one, and
         * returns where they end. No URL starts inside such a run, as a URL starts a word. One tight loop over local
         * copies of the fields: a call per character waited on the last one's store of {@code length}.
         */
        int asciiWord(String s, int i) {
            int n = s.length();
            char[] chars = this.chars;
            int length = this.length;
            if (length + (n - i) > chars.length) {
                chars = Arrays.copyOf(chars, length + (n - i) + 16);
            }
            for (; i < n; i++) {
                char c = s.charAt(i);
                if (c >= 0x80 || FOLDED[c] < 0) {
                    break;
                }
                char folded = (char) FOLDED[c];
                // "plzzzz" and "plzz" are the same word: keep at most two of a repeated letter (not of a digit or '_')
                boolean third = length >= 2 && chars[length - 1] == folded && chars[length - 2] == folded
                        && folded >= 'a' && folded <= 'z';
                chars[length] = folded;
                length += third ? 0 : 1;
            }
            this.chars = chars;
            this.length = length;
            return i;
        }

        private void letter(int cp) {
            // "plzzzz" and "plzz" are the same word: keep at most two of a repeated letter
            if (length >= 2 && chars[length - 1] == cp && chars[length - 2] == cp && cp < 0x10000 && !(cp >= '0' && cp <= '9')
                    && Character.isLetter(cp)) {
                return;
            }
            if (length + 2 > chars.length) {
                chars = Arrays.copyOf(chars, 2 * chars.length + 2);
            }
            length += Character.toChars(cp, chars, length);
        }

        void token(String token) {
            space();
            if (length + token.length() > chars.length) {
                chars = Arrays.copyOf(chars, 2 * chars.length + token.length());
            }
            token.getChars(0, token.length(), chars, length);
            length += token.length();
            space();
        }

        void space() {
            if (length > 0 && chars[length - 1] != ' ') {
                if (length == chars.length) {
                    chars = Arrays.copyOf(chars, 2 * chars.length + 1);
                }
                chars[length++] = ' ';
            }
        }

        String finish() {
            return new String(chars, 0, length > 0 && chars[length - 1] == ' ' ? length - 1 : length);
        }
    }
}
