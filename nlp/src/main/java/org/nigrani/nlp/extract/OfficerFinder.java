package org.nigrani.nlp.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import opennlp.tools.namefind.RegexNameFinder;
import opennlp.tools.util.Span;

/**
 * Police ranks a post names, with how many of each: "a sub-inspector and three policemen", "SHO aur do sipahi",
 * "ایک اے ایس آئی اور دو کانسٹیبل".
 *
 * <p>An OpenNLP {@link RegexNameFinder} runs one pattern, {@code [number [filler]{0,2}] rank}, over the post's words
 * reduced to what matters: each number word or numeral becomes {@code N} (its value kept aside), rank and filler
 * words stay as their {@link Keys keys}, every other word becomes {@code _}. The pattern is short and the string it
 * scans is, so this costs little; the finder maps matches back to word spans.
 *
 * <p>Counting: a counted mention gives its number ("an ASI": 1; "do teen police wale": the number next to the rank,
 * 3; "a dozen": 12; "two dozen": 24), never across a comma or full stop. An uncounted rank in the singular ("the SHO",
 * "constable Akram") counts 1. An uncounted plural or vague word ("cops", "police wale", "اہلکاروں", "officers") is
 * left out: how many is unknown. A rank mentioned several times counts the largest number given for it, not the sum
 * ("the SHO ... the SHO said" is one SHO). Abbreviations that are also ordinary words (SI, IG, SP, DIG, ASI) count only
 * in capitals, "do" is not two after "why", "I", "you" ... ("why do cops ..."), and IG is not a rank after "on", "via",
 * "my" ... ("posted on IG").
 */
final class OfficerFinder {

    /** The canonical ranks, most senior first: the order of {@link Entities#officers()}. */
    static final List<String> RANKS = List.of("IG", "DIG", "SSP", "SP", "DSP", "SHO", "inspector", "sub-inspector", "ASI",
            "head constable", "constable");

    private record Form(String rank, boolean singular) {}

    private static final Map<String, Integer> NUMBERS = new HashMap<>();
    private static final Set<String> FILLERS = new HashSet<>();
    /** Abbreviations that count only in capitals. */
    private static final Set<String> CAPITALS_ONLY = Set.of("si", "s i", "ig", "igp", "sp", "dig", "asi", "N s i", "igs", "sps", "sis",
            "asis", "digs");
    /** Words before "do" that make it the English verb ("why do cops ..."), not Roman Urdu two. */
    private static final Set<String> ENGLISH_BEFORE_DO = Set.of("why", "how", "what", "where", "when", "who", "which", "i", "you",
            "we", "they", "not", "to", "did", "does", "will", "would", "should", "can", "could", "must", "please", "pls", "plz",
            "also", "u", "dont", "didnt", "cant", "then", "so", "and");
    /** Words before IG that make it Instagram. */
    private static final Set<String> INSTAGRAM_BEFORE = Set.of("on", "via", "my", "your", "his", "her", "their", "at", "from", "in");

    private static final String DOZEN;

    static {
        number(1, "a", "an", "one", "single", "ek", "aik", "ik", "ایک");
        number(2, "two", "do", "دو");
        number(3, "three", "teen", "tin", "تین");
        number(4, "four", "char", "chaar", "چار");
        number(5, "five", "panch", "paanch", "panj", "پانچ");
        number(6, "six", "chay", "chhe", "che", "cheh", "chhay", "چھ", "چھے");
        number(7, "seven", "saat", "sat", "سات");
        number(8, "eight", "aath", "ath", "آٹھ");
        number(9, "nine", "nau", "نو");
        number(10, "ten", "das", "dus", "دس");
        number(11, "eleven", "gyarah", "gyara", "گیارہ");
        number(12, "twelve", "barah", "بارہ", "dozen", "darjan", "درجن");
        number(15, "fifteen", "pandrah", "پندرہ");
        number(20, "twenty", "bees", "بیس");
        DOZEN = Tokens.of("dozen").keys[0];
        for (String f : List.of("police", "pulis", "polis", "polees", "پولیس", "other", "more", "armed", "uniformed", "traffic",
                "male", "female", "lady", "ladies", "women", "plain", "clothes", "mazid", "mazeed", "dusre", "dosre", "of", "the",
                "دیگر", "مزید", "دوسرے", "خاتون")) {
            FILLERS.add(Tokens.of(f).keys[0]);
        }
    }

    private static void number(int value, String... words) {
        for (String w : words) {
            NUMBERS.put(Tokens.of(w).keys[0], value);
        }
    }

    private final Map<String, Form> phrases = new HashMap<>();
    private final Set<String> rankWords = new HashSet<>();
    private final RegexNameFinder finder;

    OfficerFinder() {
        rank("IG", true, "IG", "IGP", "inspector general", "inspector general of police", "آئی جی", "آئی جی پی", "انسپکٹر جنرل");
        rank("IG", false, "IGs", "inspectors general");
        rank("DIG", true, "DIG", "deputy inspector general", "ڈی آئی جی");
        rank("DIG", false, "DIGs");
        rank("SSP", true, "SSP", "senior superintendent of police", "senior superintendent", "ایس ایس پی");
        rank("SSP", false, "SSPs");
        rank("SP", true, "SP", "superintendent of police", "superintendent", "ایس پی");
        rank("SP", false, "SPs", "superintendents");
        rank("DSP", true, "DSP", "deputy superintendent of police", "deputy superintendent", "ڈی ایس پی");
        rank("DSP", false, "DSPs");
        rank("SHO", true, "SHO", "S.H.O", "station house officer", "thanedar", "thanidar", "ایس ایچ او", "تھانیدار", "تھانے دار");
        rank("SHO", false, "SHOs", "station house officers", "thanedars");
        rank("inspector", true, "inspector", "inspecter", "انسپکٹر", "انسپیکٹر");
        rank("inspector", false, "inspectors");
        rank("sub-inspector", true, "SI", "S.I", "sub inspector", "subinspector", "sub inspecter", "ایس آئی", "سب انسپکٹر",
                "سب انسپیکٹر");
        rank("sub-inspector", false, "sub inspectors", "subinspectors", "SIs");
        rank("ASI", true, "ASI", "A.S.I", "assistant sub inspector", "اے ایس آئی");
        rank("ASI", false, "ASIs", "assistant sub inspectors");
        rank("head constable", true, "head constable", "headconstable", "hawaldar", "havaldar", "ہیڈ کانسٹیبل", "حوالدار");
        rank("head constable", false, "head constables", "hawaldars");
        rank("constable", true, "constable", "constabel", "kanstebal", "کانسٹیبل", "policeman", "police man", "cop", "police wala",
                "policewala", "pulis wala", "polis wala", "wardi wala", "پولیس والا");
        rank("constable", false, "constables", "کانسٹیبلوں", "کانسٹیبلز", "policemen", "police men", "cops", "police wale",
                "police walon", "police walo", "policewale", "pulis wale", "polis wale", "wardi wale", "sipahi", "sepoy", "sepoys",
                "sipahiyon", "sipahion", "sipahio", "سپاہی", "سپاہیوں", "اہلکار", "اہلکاروں", "پولیس والے", "پولیس والوں", "وردی والے",
                "police officer", "police officers", "police official", "police officials", "officer", "officers", "personnel",
                "police personnel", "policewalas", "men in uniform", "uniformed men");
        // alternatives as a trie ("s(?:ho|i|p)..."), so a word is compared once, not once per alternative
        Pattern pattern = Pattern.compile("(?<![^ ])(?:N (?:" + trie(FILLERS) + " ){0,2})?" + trie(phrases.keySet()) + "(?![^ ])");
        finder = new RegexNameFinder(new Pattern[] {pattern}, "officer");
    }

    private void rank(String rank, boolean singular, String... forms) {
        for (String f : forms) {
            String[] keys = Tokens.of(f).keys;
            for (int i = 0; i < keys.length; i++) {
                if (NUMBERS.containsKey(keys[i])) {
                    keys[i] = "N"; // "A.S.I": its "a" is read as a number like any other
                } else {
                    rankWords.add(keys[i]);
                }
            }
            phrases.putIfAbsent(String.join(" ", keys), new Form(rank, singular));
        }
    }

    /** Rank to count, most senior first; ranks not named, or named only vaguely, are absent. */
    Map<String, Integer> find(Tokens t) {
        // the words reduced to what matters, a run of other words to one "_"; at[i]: the word reduced[i] stands for
        String[] reduced = new String[2 * t.size];
        int[] at = new int[2 * t.size];
        int n = 0;
        boolean anyRank = false;
        for (int i = 0; i < t.size; i++) {
            String k = t.keys[i];
            String r;
            if (NUMBERS.containsKey(k) || isNumeral(k)) {
                r = "N";
            } else if (rankWords.contains(k)) {
                r = k;
                anyRank = true;
            } else if (FILLERS.contains(k)) {
                r = k;
            } else {
                r = "_";
            }
            if (t.breakBefore[i] >= Tokens.CLAUSE && n > 0) {
                reduced[n] = "|"; // "I paid 500. Constables came": no count across a comma or full stop
                at[n++] = -1;
            }
            if (!(r.equals("_") && n > 0 && reduced[n - 1].equals("_"))) {
                reduced[n] = r;
                at[n++] = i;
            }
        }
        if (!anyRank) {
            return Map.of();
        }
        String[] words = Arrays.copyOf(reduced, n);
        Map<String, Integer> counts = new HashMap<>();
        for (Span s : finder.find(words)) {
            count(t, words, at, s.getStart(), s.getEnd(), counts);
        }
        if (counts.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> ordered = new LinkedHashMap<>();
        for (String r : RANKS) {
            Integer c = counts.get(r);
            if (c != null) {
                ordered.put(r, c);
            }
        }
        return ordered;
    }

    /** Counts one match: words {@code start}..{@code end} of {@code reduced}, which stand for words {@code at[i]} of the post. */
    private void count(Tokens t, String[] reduced, int[] at, int start, int end, Map<String, Integer> counts) {
        int phraseStart = -1;
        Form form = null;
        String phraseKey = null;
        for (int p = start; p < end && form == null; p++) {
            phraseKey = p == end - 1 ? reduced[p] : String.join(" ", Arrays.asList(reduced).subList(p, end));
            form = phrases.get(phraseKey);
            phraseStart = p;
        }
        if (form == null) {
            return;
        }
        int first = at[phraseStart];
        if (CAPITALS_ONLY.contains(phraseKey) && !allUpper(t, first, at[end - 1] + 1)) {
            return; // "si", "sp", "dig", "asi": words, not ranks
        }
        if (phraseStart == end - 1 && form.rank().equals("IG") && first > 0 && INSTAGRAM_BEFORE.contains(t.keys[first - 1])) {
            return; // "posted on IG"
        }
        int count = 0;
        if (phraseStart > start) {
            count = value(t, at[start]);
        }
        if (count == 0 && !form.singular()) {
            return;
        }
        counts.merge(form.rank(), Math.max(count, 1), Math::max);
    }

    /** The number the word at {@code i} gives, or 0 when it is not one here ("why do cops ..."). */
    private static int value(Tokens t, int i) {
        String k = t.keys[i];
        if (k.equals("do") && i > 0 && ENGLISH_BEFORE_DO.contains(t.keys[i - 1])) {
            return 0;
        }
        int v = isNumeral(k) ? Integer.parseInt(k) : NUMBERS.getOrDefault(k, 0);
        if (k.equals(DOZEN) && i > 0) {
            String before = t.keys[i - 1];
            int times = isNumeral(before) ? Integer.parseInt(before) : NUMBERS.getOrDefault(before, 0);
            if (times > 1 && times < 12) {
                v = times * 12; // two dozen
            }
        }
        return v;
    }

    /** A regular expression matching exactly the given words, written as a trie: (?:a(?:si|...)|c(?:op|...)|...). */
    static String trie(Collection<String> words) {
        TreeMap<Character, List<String>> byFirst = new TreeMap<>();
        boolean empty = false;
        for (String w : words) {
            if (w.isEmpty()) {
                empty = true;
            } else {
                byFirst.computeIfAbsent(w.charAt(0), c -> new ArrayList<>()).add(w.substring(1));
            }
        }
        List<String> alternatives = new ArrayList<>();
        byFirst.forEach((c, rest) -> alternatives.add(Pattern.quote(String.valueOf(c)) + trie(rest)));
        if (empty) {
            alternatives.add(""); // last: the longest word wins, shorter ones by backtracking
        }
        if (alternatives.size() == 1) {
            return alternatives.get(0);
        }
        return "(?:" + String.join("|", alternatives) + ")";
    }

    private static boolean allUpper(Tokens t, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!t.upper[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumeral(String k) {
        int n = k.length();
        if (n == 0 || n > 3) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = k.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
