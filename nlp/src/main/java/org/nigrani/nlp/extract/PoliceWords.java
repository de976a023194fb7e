package org.nigrani.nlp.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import opennlp.tools.dictionary.Dictionary;
import opennlp.tools.namefind.DictionaryNameFinder;
import opennlp.tools.util.Span;
import opennlp.tools.util.StringList;

/**
 * The words that make a place name a police station: "police", "thana", "PS", "SHO", "تھانہ" ...
 *
 * <p>An OpenNLP {@link DictionaryNameFinder} over the words' {@link Keys keys}, so "thaana", "thanay", "تهانه" and
 * "P.S." are found as the dictionary's "thana", "thane", "تھانہ" and "PS"; it takes the longest entry at each place
 * ("police station" over "police"). Thread-safe: the finder only reads its dictionary.
 */
final class PoliceWords {

    /** Words that name the police in general: a name may come before them ("Kohsar police") but not after. */
    private static final List<String> GENERAL = List.of("police", "polees", "polis", "pulis", "poleece", "cops", "policemen",
            "policeman", "پولیس", "پلس");

    /** Words that name a station or its head: a name may come before ("Hatri thana") or after ("thana Hatri", "SHO Preedy"). */
    private static final List<String> STATION = List.of(
            "police station", "police-station", "policestation", "police thana",
            "PS", "P.S.", "thana", "thaana", "thanna", "thane", "thaane", "thanay", "thaney", "thanedar", "thanidar",
            "SHO", "S.H.O", "station house officer",
            "تھانہ", "تھانے", "تھانا", "تھانیدار", "تھانے دار", "پولیس اسٹیشن", "پولیس سٹیشن", "پولیس تھانہ", "ایس ایچ او");

    /**
     * Police posts: recognised, so "Korangi police chowki" is not read as "Korangi police", but a name next to them is
     * a post, not a station (the labelling guideline: "Hatri chowki" names no station).
     */
    private static final List<String> POST = List.of("chowki", "chowky", "choki", "chauki", "police chowki", "police post",
            "police picket", "picket", "چوکی", "پولیس چوکی");

    /** "Sohrab Goth station" is a police station only in a post that speaks of the police; else it may be a railway one. */
    private static final List<String> BARE_STATION = List.of("station", "اسٹیشن", "سٹیشن");
    private static final List<String> POLICE_CONTEXT = List.of("cop", "cops", "policeman", "policemen", "constable", "constables",
            "ASI", "inspector", "sipahi", "sipahiyon", "wardi", "uniform", "munshi", "muharrir", "FIR", "lockup", "custody",
            "اہلکار", "اہلکاروں", "کانسٹیبل", "سپاہی", "وردی", "ایف آئی آر", "حوالات");

    /** Plural words after a list of names: "Preedy and Artillery Maidan police stations". */
    private static final List<String> PLURAL = List.of("police stations", "thanas", "thanon", "thaanon", "chowkis", "SHOs",
            "تھانوں", "تھانہ جات");

    private final DictionaryNameFinder finder;
    private final int maxWords;
    private final Set<String> general = new HashSet<>();
    private final Set<String> plural = new HashSet<>();
    private final Set<String> posts = new HashSet<>();
    private final Set<String> bareStation = new HashSet<>();
    private final Set<String> context = new HashSet<>();
    private final Set<String> firstKeys = new HashSet<>();

    PoliceWords() {
        Dictionary dictionary = new Dictionary(true);
        for (String p : GENERAL) {
            general.add(add(dictionary, p));
        }
        for (String p : STATION) {
            add(dictionary, p);
        }
        for (String p : PLURAL) {
            plural.add(add(dictionary, p));
        }
        for (String p : POST) {
            posts.add(add(dictionary, p));
        }
        for (String p : BARE_STATION) {
            bareStation.add(add(dictionary, p));
        }
        for (String p : POLICE_CONTEXT) {
            context.add(Tokens.of(p).keys[0]);
        }
        finder = new DictionaryNameFinder(dictionary, "police");
        maxWords = dictionary.getMaxTokenCount();
    }

    private String add(Dictionary dictionary, String phrase) {
        String[] keys = Tokens.of(phrase).keys;
        dictionary.put(new StringList(keys));
        firstKeys.add(keys[0]);
        return String.join(" ", keys);
    }

    /**
     * One police word in a post: words {@code start} to {@code end} (exclusive). {@code general}: a name may only come
     * before it; {@code post}: a police post, which names no station.
     */
    record Hit(int start, int end, boolean general, boolean plural, boolean post, boolean bare) {}

    List<Hit> find(Tokens t) {
        List<Hit> hits = new ArrayList<>(4);
        boolean policeNamed = false;
        boolean bare = false;
        for (Span s : spans(t.keys)) {
            if (s.length() > 1 && t.breakBetween(s.getStart(), s.getEnd() - 1, Tokens.SENTENCE) && !dotted(t, s)) {
                continue; // "... the police. Station staff ..." is not "police station"
            }
            String joined = s.length() == 1 ? t.keys[s.getStart()] : String.join(" ", List.of(t.keys).subList(s.getStart(), s.getEnd()));
            boolean isBare = bareStation.contains(joined);
            bare |= isBare;
            policeNamed |= !isBare;
            hits.add(new Hit(s.getStart(), s.getEnd(), general.contains(joined) || isBare, plural.contains(joined),
                    posts.contains(joined), isBare));
        }
        if (bare) {
            for (int i = 0; i < t.size && !policeNamed; i++) {
                policeNamed = context.contains(t.keys[i]);
            }
            if (!policeNamed) {
                hits.removeIf(Hit::bare);
            }
        }
        return hits;
    }

    /**
     * The finder's spans, asked only where a police word may start: the finder tries every entry length at every
     * word, and most words of a post start none.
     */
    private List<Span> spans(String[] keys) {
        List<Span> out = new ArrayList<>(4);
        int i = 0;
        while (i < keys.length) {
            if (!firstKeys.contains(keys[i])) {
                i++;
                continue;
            }
            Span[] found = finder.find(Arrays.copyOfRange(keys, i, Math.min(keys.length, i + maxWords)));
            if (found.length > 0 && found[0].getStart() == 0) {
                out.add(new Span(i, i + found[0].getEnd(), found[0].getType()));
                i += found[0].getEnd();
            } else {
                i++;
            }
        }
        return out;
    }

    /** P.S., S.H.O.: single letters with dots between them. */
    private static boolean dotted(Tokens t, Span s) {
        for (int i = s.getStart(); i < s.getEnd(); i++) {
            if (t.keys[i].length() != 1) {
                return false;
            }
        }
        return true;
    }

    /** Whether the words hold a police word anywhere. */
    boolean containsPoliceWord(String[] keys) {
        return finder.find(keys).length > 0;
    }

    /** The words of a phrase (an alias) with police words taken off both ends: "Preedy thana" gives "Preedy". */
    String[] strip(String[] keys) {
        int from = 0;
        int to = keys.length;
        boolean changed = true;
        while (changed && from < to) {
            changed = false;
            Span[] spans = finder.find(Arrays.copyOfRange(keys, from, to));
            if (spans.length > 0 && spans[0].getStart() == 0) {
                from += spans[0].getEnd();
                changed = true;
            } else if (spans.length > 0 && spans[spans.length - 1].getEnd() == to - from) {
                to = from + spans[spans.length - 1].getStart();
                changed = true;
            }
        }
        return Arrays.copyOfRange(keys, from, to);
    }
}
