package org.nigrani.nlp.extract;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import org.nigrani.nlp.text.Normaliser;

/**
 * A post cut into words, each with its place in the text as written, its {@link Keys key}, and whether a clause
 * or sentence ends before it.
 *
 * <p>Folds letters exactly as {@link Normaliser} does (one pass, no regular expressions), but keeps offsets, so a
 * mention can be quoted as written. URLs and @handles are not words (a video link is noted); hashtags are split
 * into their words ({@code #SohrabGothPolice}: sohrab, goth, police); "SHO's" is the word SHO; a word glued to a
 * police word ({@code #sohrabgothpolice}) is split from it; words split where letters meet digits or scripts change.
 */
final class Tokens {

    static final byte NO_BREAK = 0;
    /** A comma or similar between this word and the one before. */
    static final byte CLAUSE = 1;
    /** A full stop, question mark, colon, line break ... between this word and the one before. */
    static final byte SENTENCE = 2;

    /** Police words a name is often glued to in lowercase hashtags: #sohrabgothpolice, #thanahatri. */
    private static final String[] GLUED_SUFFIXES = {"police", "thana", "thane", "pulis"};
    private static final String[] GLUED_PREFIXES = {"thana", "thane"};

    final String text;
    final int size;
    final String[] keys;
    final String[] words;
    final int[] starts;
    final int[] ends;
    final byte[] breakBefore;
    final boolean[] upper;
    final boolean videoLink;

    private Tokens(Builder b) {
        this.text = b.text;
        this.size = b.size;
        this.keys = Arrays.copyOf(b.keys, b.size);
        this.words = Arrays.copyOf(b.words, b.size);
        this.starts = b.starts;
        this.ends = b.ends;
        this.breakBefore = b.breakBefore;
        this.upper = b.upper;
        this.videoLink = b.videoLink;
    }

    static Tokens of(String text) {
        return new Builder(text == null ? "" : text).build();
    }

    /** The text as written from the start of word {@code from} to the end of word {@code to - 1}. */
    String span(int from, int to) {
        return text.substring(starts[from], ends[to - 1]);
    }

    /** Whether a clause or sentence break lies between word {@code from} and word {@code to} (exclusive of from's own). */
    boolean breakBetween(int from, int to, byte atLeast) {
        for (int i = from + 1; i <= to && i < size; i++) {
            if (breakBefore[i] >= atLeast) {
                return true;
            }
        }
        return false;
    }

    /** The first character after word {@code i} that is not a space, or 0. */
    char nextNonSpace(int i) {
        for (int j = ends[i]; j < text.length(); j++) {
            char c = text.charAt(j);
            if (!Character.isWhitespace(c)) {
                return c;
            }
        }
        return 0;
    }

    private static final class Builder {
        final String text;
        int size;
        String[] keys = new String[64];
        String[] words = new String[64];
        int[] starts = new int[64];
        int[] ends = new int[64];
        byte[] breakBefore = new byte[64];
        boolean[] upper = new boolean[64];
        boolean videoLink;
        byte pendingBreak;
        final StringBuilder word = new StringBuilder(32);

        Builder(String text) {
            this.text = text;
        }

        Tokens build() {
            String s = text;
            int n = s.length();
            int i = 0;
            while (i < n) {
                char c = s.charAt(i);
                int cp = s.codePointAt(i);
                if (Character.isLetterOrDigit(cp)) {
                    int url = atWordStart(i) ? urlEnd(i) : -1;
                    if (url > 0) {
                        pendingBreak = (byte) Math.max(pendingBreak, CLAUSE);
                        i = url;
                    } else {
                        i = word(i, false);
                    }
                } else if (c == '@' && i + 1 < n && isHandleChar(s.charAt(i + 1))) {
                    i++;
                    while (i < n && isHandleChar(s.charAt(i))) {
                        i++;
                    }
                } else if (c == '#' && i + 1 < n && Character.isLetterOrDigit(s.codePointAt(i + 1))) {
                    i = word(i + 1, true);
                } else {
                    separator(c, i);
                    i += Character.charCount(cp);
                }
            }
            return new Tokens(this);
        }

        private boolean atWordStart(int i) {
            return i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)) && text.charAt(i - 1) != '/' && text.charAt(i - 1) != '.';
        }

        private void separator(char c, int i) {
            byte b = switch (c) {
                case '.' -> size > 0 && ends[size - 1] == i && words[size - 1].length() == 1 ? NO_BREAK : SENTENCE;
                case '!', '?', ';', ':', '\n', '\r', '|', '۔', '؟', '؛', '…', '•' -> SENTENCE;
                case ',', '،' -> CLAUSE;
                default -> NO_BREAK;
            };
            if (b > pendingBreak) {
                pendingBreak = b;
            }
        }

        /** Reads one word (or hashtag) from {@code i}; returns where it ends. */
        private int word(int i, boolean hashtag) {
            String s = text;
            int n = s.length();
            int pieceStart = i;
            int kind = -1;
            int previous = 0;
            word.setLength(0);
            boolean allUpper = true;
            while (i < n) {
                int cp = s.codePointAt(i);
                int len = Character.charCount(cp);
                int folded = Normaliser.foldLetter(cp);
                if (folded == -1) { // a vowel mark or joiner: part of the word, not a letter of the key
                    i += len;
                    continue;
                }
                if (!Character.isLetterOrDigit(cp)) {
                    if ((cp == '\'' || cp == '’') && i + 1 < n && Character.isLetter(s.charAt(i + 1)) && word.length() > 0) {
                        char next = s.charAt(i + 1);
                        if ((next == 's' || next == 'S') && (i + 2 >= n || !Character.isLetterOrDigit(s.charAt(i + 2)))) {
                            emit(pieceStart, i, allUpper); // SHO's: the word is SHO
                            return i + 2;
                        }
                        i++; // don't, thaana's: one word, as the Normaliser writes it
                        continue;
                    }
                    if (hashtag && cp == '_') {
                        emit(pieceStart, i, allUpper);
                        word.setLength(0);
                        allUpper = true;
                        kind = -1;
                        i++;
                        pieceStart = i;
                        continue;
                    }
                    break;
                }
                int k = Character.isDigit(cp) ? 2 : cp < 0x250 ? 0 : 1;
                boolean camel = hashtag && Character.isUpperCase(cp) && Character.isLowerCase(previous);
                if (kind != -1 && (k != kind || camel)) {
                    emit(pieceStart, i, allUpper);
                    word.setLength(0);
                    allUpper = true;
                    pieceStart = i;
                }
                kind = k;
                if (Character.isLowerCase(cp)) {
                    allUpper = false;
                }
                int wl = word.length();
                // "plzzzz": at most two of a repeated letter, as the Normaliser keeps
                if (!(wl >= 2 && word.charAt(wl - 1) == folded && word.charAt(wl - 2) == folded && Character.isLetter(folded))) {
                    word.appendCodePoint(folded);
                }
                previous = cp;
                i += len;
            }
            if (word.length() > 0) {
                emit(pieceStart, i, allUpper);
            }
            return i;
        }

        private void emit(int start, int end, boolean allUpper) {
            if (word.length() == 0) {
                return;
            }
            String w = word.toString();
            if (w.length() >= 9 && Keys.isLatin(w) && end - start == w.length()) {
                for (String suffix : GLUED_SUFFIXES) {
                    if (w.endsWith(suffix) && w.length() - suffix.length() >= 4) {
                        int cut = w.length() - suffix.length();
                        add(w.substring(0, cut), start, start + cut, allUpper);
                        add(suffix, start + cut, end, allUpper);
                        return;
                    }
                }
                for (String prefix : GLUED_PREFIXES) {
                    if (w.startsWith(prefix) && w.length() - prefix.length() >= 4) {
                        add(prefix, start, start + prefix.length(), allUpper);
                        add(w.substring(prefix.length()), start + prefix.length(), end, allUpper);
                        return;
                    }
                }
            }
            add(w, start, end, allUpper);
        }

        private void add(String w, int start, int end, boolean allUpper) {
            if (size == keys.length) {
                int cap = size * 2;
                keys = Arrays.copyOf(keys, cap);
                words = Arrays.copyOf(words, cap);
                starts = Arrays.copyOf(starts, cap);
                ends = Arrays.copyOf(ends, cap);
                breakBefore = Arrays.copyOf(breakBefore, cap);
                upper = Arrays.copyOf(upper, cap);
            }
            String normal = w;
            if (!isAscii(w) && !Normalizer.isNormalized(w, Normalizer.Form.NFKC)) {
                normal = Normalizer.normalize(w, Normalizer.Form.NFKC);
                StringBuilder sb = new StringBuilder(normal.length());
                normal.codePoints().map(Normaliser::foldLetter).filter(c -> c != -1).forEach(sb::appendCodePoint);
                normal = sb.toString();
            }
            words[size] = normal;
            keys[size] = Keys.key(normal);
            starts[size] = start;
            ends[size] = end;
            breakBefore[size] = pendingBreak;
            upper[size] = allUpper && Character.isLetter(normal.charAt(0));
            pendingBreak = NO_BREAK;
            size++;
        }

        /** Where a URL starting at {@code i} ends, or -1: http(s)://, www., or a bare domain followed by a path. */
        private int urlEnd(int i) {
            String s = text;
            int n = s.length();
            int end = i;
            while (end < n && !Character.isWhitespace(s.charAt(end))) {
                end++;
            }
            boolean url = s.regionMatches(true, i, "http://", 0, 7) || s.regionMatches(true, i, "https://", 0, 8)
                    || s.regionMatches(true, i, "www.", 0, 4) || bareDomain(s, i, end);
            if (!url) {
                return -1;
            }
            String u = s.substring(i, end).toLowerCase(Locale.ROOT);
            if (isVideoLink(u)) {
                videoLink = true;
            }
            return end;
        }

        /** x.com/i/status/1, example.org/v/abc: a dotted host of ASCII letters, digits and hyphens, then a slash. */
        private static boolean bareDomain(String s, int from, int to) {
            int slash = s.indexOf('/', from);
            if (slash < 0 || slash >= to) {
                return false;
            }
            int lastDot = -1;
            for (int j = from; j < slash; j++) {
                char c = s.charAt(j);
                if (c == '.') {
                    lastDot = j;
                } else if (!(c < 0x80 && (Character.isLetterOrDigit(c) || c == '-'))) {
                    return false;
                }
            }
            if (lastDot <= from || slash - lastDot - 1 < 2) {
                return false;
            }
            for (int j = lastDot + 1; j < slash; j++) {
                if (!Character.isLetter(s.charAt(j))) {
                    return false;
                }
            }
            return true;
        }

        private static final String[] VIDEO_HOSTS = {"youtube.", "youtu.be", "tiktok.", "fb.watch", "vimeo.", "dailymotion.",
            "streamable.", "rumble."};
        private static final String[] VIDEO_PATHS = {"/video", "/videos/", "/reel", "/shorts/", "/watch", "/v/", "/yt/", "/clip",
            "/cctv", "/dashcam", "/live/"};

        static boolean isVideoLink(String u) {
            for (String h : VIDEO_HOSTS) {
                if (u.contains(h)) {
                    return true;
                }
            }
            for (String p : VIDEO_PATHS) {
                if (u.contains(p)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean isHandleChar(char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        }

        private static boolean isAscii(String w) {
            for (int i = 0; i < w.length(); i++) {
                if (w.charAt(i) >= 0x80) {
                    return false;
                }
            }
            return true;
        }
    }
}
