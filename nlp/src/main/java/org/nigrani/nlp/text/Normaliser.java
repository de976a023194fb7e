package org.nigrani.nlp.text;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a raw post into the lowercase, token-separated text the classifiers see.
 *
 * <p>Posts mix English, Roman Urdu and Urdu script with URLs, handles, hashtags, emoji and elongated words;
 * the same word reaches us in many spellings and code points, and the model should see one form of each.
 */
public final class Normaliser {

    public static final String URL_TOKEN = "_url_";
    public static final String MENTION_TOKEN = "_user_";
    public static final String EMOJI_TOKEN = "_emoji_";

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern MENTION = Pattern.compile("@[A-Za-z0-9_]{1,30}");
    private static final Pattern HASHTAG = Pattern.compile("#([\\p{L}\\p{N}_]+)");
    private static final Pattern CAMEL = Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{L})(?=\\p{N})|(?<=\\p{N})(?=\\p{L})|_");
    private static final Pattern ELONGATED = Pattern.compile("(\\p{L})\\1{2,}");

    private Normaliser() {}

    /** Normalises one post; never returns null, and an empty or blank post gives an empty string. */
    public static String normalise(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String s = Normalizer.normalize(text, Normalizer.Form.NFKC);
        s = URL.matcher(s).replaceAll(" " + URL_TOKEN + " ");
        s = MENTION.matcher(s).replaceAll(" " + MENTION_TOKEN + " ");
        s = splitHashtags(s);
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> appendFolded(out, cp));
        String folded = ELONGATED.matcher(out).replaceAll("$1$1");
        return collapseSpaces(folded);
    }

    /** The tokens of normalised text: it is already space-separated. */
    public static String[] tokens(String normalised) {
        return normalised.isEmpty() ? new String[0] : normalised.split(" ");
    }

    private static String splitHashtags(String s) {
        Matcher m = HASHTAG.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(" " + CAMEL.matcher(m.group(1)).replaceAll(" ") + " "));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static void appendFolded(StringBuilder out, int cp) {
        if (Character.isLetterOrDigit(cp) && !isArabicDiacritic(cp)) {
            out.appendCodePoint(foldArabicScript(Character.toLowerCase(cp)));
        } else if (cp == '_') {
            out.append('_');
        } else if (isEmoji(cp)) {
            out.append(' ').append(EMOJI_TOKEN).append(' ');
        } else if (cp == '\'' || cp == '’') {
            // "don't", "SHO's": keep the word whole rather than splitting off a stray letter
        } else {
            out.append(' ');
        }
    }

    /** Urdu text arrives with Arabic code points for the same letters (ي/ی, ك/ک, ه/ہ); fold to the Urdu ones. */
    static int foldArabicScript(int cp) {
        return switch (cp) {
            case 'ي', 'ى', 'ێ' -> 'ی';
            case 'ك' -> 'ک';
            case 'ه', 'ە' -> 'ہ';
            case 'ۀ' -> 'ہ';
            case 'ة' -> 'ہ';
            case 'أ', 'إ', 'ٱ' -> 'ا';
            case 'ؤ' -> 'و';
            case '٠', '۰' -> '0';
            case '١', '۱' -> '1';
            case '٢', '۲' -> '2';
            case '٣', '۳' -> '3';
            case '٤', '۴' -> '4';
            case '٥', '۵' -> '5';
            case '٦', '۶' -> '6';
            case '٧', '۷' -> '7';
            case '٨', '۸' -> '8';
            case '٩', '۹' -> '9';
            default -> cp;
        };
    }

    private static boolean isArabicDiacritic(int cp) {
        return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED);
    }

    private static boolean isEmoji(int cp) {
        return (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF);
    }

    private static String collapseSpaces(CharSequence s) {
        StringBuilder out = new StringBuilder(s.length());
        boolean space = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ') {
                if (!space) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        int end = out.length();
        if (end > 0 && out.charAt(end - 1) == ' ') {
            out.setLength(end - 1);
        }
        return out.toString();
    }
}
