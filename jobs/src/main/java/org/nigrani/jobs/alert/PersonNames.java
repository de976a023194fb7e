package org.nigrani.jobs.alert;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nigrani.nlp.station.City;
import org.nigrani.nlp.station.Station;
import org.nigrani.nlp.station.StationDirectory;

/**
 * Masks what looks like a private person's name in Latin-script post text, for the {@code excerpt} quote policy.
 *
 * <p>No name model knows Roman Urdu, so this errs towards masking: a run of two or more capitalised words that are
 * neither in a place name the directory knows nor common post words ("Asif Khan", "Bilal Ahmed Siddiqui") becomes
 * {@code [name]}, and so does a single capitalised word right after a word that introduces a person ("my brother
 * Bilal", "bhai Imran", "Mr Raza"). Capitalised acronyms (SHO, FIR, SITE) are left alone. Urdu script has no
 * capitals to go by; its names are not recognised, which README says.
 */
final class PersonNames {

    static final String MASK = "[name]";

    private static final Pattern WORD = Pattern.compile("\\p{IsLatin}[\\p{IsLatin}'’]*");

    /** Words after which a capitalised word is a person. */
    private static final Set<String> CUES = Set.of("brother", "sister", "son", "daughter", "father", "mother", "wife",
            "husband", "uncle", "aunt", "cousin", "friend", "neighbour", "neighbor", "colleague", "mr", "mrs", "ms", "miss",
            "dr", "named", "called", "name", "bhai", "bhaee", "behen", "bhen", "behan", "beta", "beti", "abbu", "ammi",
            "chacha", "mamu", "khala", "phupho", "dost");

    /** Capitalised words posts use that are not names. */
    private static final Set<String> COMMON = Set.of("police", "policeman", "policemen", "cop", "cops", "station", "thana",
            "thaana", "chowki", "constable", "constables", "inspector", "sub", "head", "officer", "officers", "sho", "asi",
            "dsp", "ssp", "sp", "dig", "ig", "igp", "rangers", "traffic", "mobile", "squad", "video", "viral", "watch",
            "breaking", "news", "shame", "please", "justice", "for", "today", "yesterday", "tonight", "last", "night",
            "morning", "evening", "urgent", "update", "live", "footage", "exclusive", "alert", "help", "share", "stop",
            "save", "this", "that", "the", "a", "an", "in", "at", "on", "of", "and", "or", "near", "outside", "inside",
            "my", "our", "his", "her", "their", "we", "they", "he", "she", "i", "you", "is", "was", "are", "were",
            "road", "street", "chowk", "bazaar", "bazar", "market", "highway", "super", "town", "colony", "block", "sector",
            "phase", "gate", "main", "university", "hospital", "park", "bridge", "flyover", "mandi", "goth", "abad",
            "pakistan", "pakistani", "sindh", "punjab", "balochistan", "khyber", "pakhtunkhwa", "kpk", "kp", "afghan",
            "afghans", "afghanistan", "pashtun", "pathan", "baloch", "hazara", "christian", "christians", "hindu",
            "hindus", "ahmadi", "muslim", "government", "govt", "court", "high", "supreme", "chief", "minister", "cm",
            "pm", "internal", "affairs", "complaint", "complaints", "portal", "fir", "eid", "ramzan", "ramadan", "allah",
            "sir", "sahab", "sahib", "ji", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "north", "south", "east", "west", "new", "old", "city", "district", "tehsil");

    /** Place names as whole phrases: many are named after people (Shah Faisal, Aziz Bhatti), so not word by word. */
    private final Pattern places;

    private PersonNames(Pattern places) {
        this.places = places;
    }

    /** Knows the common words only. */
    static PersonNames common() {
        return new PersonNames(null);
    }

    /** Also knows the directory's station, district and city names and aliases, as phrases. */
    static PersonNames of(StationDirectory directory) {
        Set<String> phrases = new HashSet<>();
        for (Station s : directory.stations()) {
            phrases.add(s.name());
            phrases.addAll(s.aliases());
            if (s.district() != null) {
                phrases.add(s.district());
            }
        }
        for (City c : directory.cities()) {
            phrases.add(c.name());
            phrases.addAll(c.aliases());
        }
        List<String> latin = phrases.stream().filter(p -> WORD.matcher(p).find()).distinct()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed()).map(Pattern::quote).toList();
        return new PersonNames(latin.isEmpty() ? null
                : Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + String.join("|", latin) + ")(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    String mask(String text) {
        List<int[]> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        boolean[] place = new boolean[words.size()];
        if (places != null) {
            Matcher p = places.matcher(text);
            while (p.find()) {
                for (int k = 0; k < words.size(); k++) {
                    place[k] |= words.get(k)[0] >= p.start() && words.get(k)[1] <= p.end();
                }
            }
        }
        boolean[] masked = new boolean[words.size()];
        int i = 0;
        while (i < words.size()) {
            if (place[i] || !candidate(text, words.get(i))) {
                i++;
                continue;
            }
            int j = i + 1;
            while (j < words.size() && !place[j] && candidate(text, words.get(j))
                    && onlySpaceBetween(text, words.get(j - 1), words.get(j))) {
                j++;
            }
            boolean cued = i > 0 && spaceOrDotBetween(text, words.get(i - 1), words.get(i))
                    && CUES.contains(word(text, words.get(i - 1)).toLowerCase(Locale.ROOT).replace(".", ""));
            if (j - i >= 2 || cued) {
                for (int k = i; k < j; k++) {
                    masked[k] = true;
                }
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        for (int k = 0; k < words.size(); k++) {
            if (!masked[k]) {
                continue;
            }
            int end = k;
            while (end + 1 < words.size() && masked[end + 1]) {
                end++;
            }
            out.append(text, at, words.get(k)[0]).append(MASK);
            at = words.get(end)[1];
            k = end;
        }
        return out.append(text.substring(at)).toString();
    }

    /** Capitalised (not all capitals), Latin, and not a known word. */
    private boolean candidate(String text, int[] w) {
        String s = word(text, w);
        if (s.length() < 2 || !Character.isUpperCase(s.charAt(0))) {
            return false;
        }
        boolean lower = false;
        for (int k = 1; k < s.length(); k++) {
            lower |= Character.isLowerCase(s.charAt(k));
        }
        return lower && !COMMON.contains(s.toLowerCase(Locale.ROOT));
    }

    private static boolean onlySpaceBetween(String text, int[] a, int[] b) {
        return text.substring(a[1], b[0]).isBlank();
    }

    /** "Mr. Raza": a cue may end with a dot. */
    private static boolean spaceOrDotBetween(String text, int[] a, int[] b) {
        String gap = text.substring(a[1], b[0]).strip();
        return gap.isEmpty() || gap.equals(".");
    }

    private static String word(String text, int[] w) {
        return text.substring(w[0], w[1]);
    }
}
