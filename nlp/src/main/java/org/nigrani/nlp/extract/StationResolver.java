package org.nigrani.nlp.extract;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nigrani.nlp.station.City;
import org.nigrani.nlp.station.Station;
import org.nigrani.nlp.station.StationDirectory;

/**
 * Finds the police stations of the directory a post names <em>as stations</em>: a station name (or alias) next to a
 * police word, in English, Roman Urdu or Urdu script ("Sohrab Goth police", "SHO Preedy", "thana Hatri",
 * "Aabpara police ke ASI", "تھانہ ہٹڑی", "ہٹڑی تھانے"). A place named on its own ("near Sohrab Goth") is not a
 * station.
 *
 * <p>Precision first, since a wrong station sends an alert to the wrong person:
 * <ul>
 *   <li>the name must touch the police word: at most two small words between them ("ke", "ki", "wale", "of", "the";
 *       "کے", "کی", "والے"), and no comma or full stop;</li>
 *   <li>the longest name wins (SITE Super Highway over SITE; Gulshan-e-Iqbal over a bare Gulshan), and a name with a
 *       word before or after it that makes a longer, unknown name ("North Nazimabad", "thana Super Highway
 *       Industrial Area") is not taken for the shorter one;</li>
 *   <li>a name several stations share (Gulberg: Karachi, Lahore, Peshawar) resolves only when the post names exactly
 *       one of their cities, or, failing that, when the post's other stations are in exactly one of them;</li>
 *   <li>a post that names cities (ours, or others such as Multan or Sukkur) speaks of a station in one of them:
 *       "Civil Lines police Gujranwala" is not the directory's Civil Lines in Lahore;</li>
 *   <li>a name the directory only writes with its city ("Saddar Karachi", "City police station Hyderabad") needs that
 *       city in the post; names that are also common words or roads ("City", "Market", "Super Highway") need a station
 *       word (thana, PS, SHO), not just "police";</li>
 *   <li>a police post ("Hatri chowki") names no station; a bare "station" counts only in a post about the police;</li>
 *   <li>misspellings are tolerated only on words of five letters or more ({@link Fuzzy}), and only when one known
 *       word is nearest; a name may drop a last "Town", "Goth" or "Colony" ("Orangi police") only when no other
 *       station has that word.</li>
 * </ul>
 *
 * <p>Police words are found with an OpenNLP {@code DictionaryNameFinder} ({@link PoliceWords}). Station names are
 * matched by this class's own index rather than by a second dictionary finder: a name has to be tried only at the
 * few places next to a police word, and has to match across spacing ("Sohrabgoth", "Gul Bahar"), hyphenation and
 * izafat ("Gulshan-e-Iqbal", "Gulshan Iqbal", "gulshaneiqbal") and misspelling, none of which an exact token
 * dictionary does.
 *
 * <p>Immutable and thread-safe after construction.
 */
public final class StationResolver {

    private static final int MAX_GAP = 2;
    private static final boolean[] BOTH = {false, true};
    private static final Set<String> LEFT_CONNECTORS = keys("ke", "ki", "ka", "kay", "k", "kee", "wale", "wali", "wala", "walay",
            "walon", "waale", "waali", "کے", "کی", "کا", "والے", "والی", "والا", "والوں");
    private static final Set<String> RIGHT_CONNECTORS = keys("of", "at", "the", "sahab", "sahib", "saab", "صاحب");
    private static final Set<String> COORDINATORS = keys("and", "aur", "or", "ya", "اور", "یا", "و");
    /** Last words of names that are often left out: "Orangi police" for Orangi Town, "Sohrab police" for Sohrab Goth. */
    private static final Set<String> DROPPABLE_LAST_WORDS = keys("town", "goth", "colony", "ٹاؤن", "گوٹھ", "کالونی");
    /** English words that start names of areas in many cities: never enough on their own. */
    private static final Set<String> NOT_ENOUGH_ALONE = keys("model", "green", "garden", "satellite", "new", "old", "civil",
            "defence", "police", "city", "faisal", "iqbal", "johar", "jauhar", "jinnah", "shah", "north", "south", "east", "west");
    /**
     * Names that are also common words or roads: "City police" is the city's police and "Super Highway policemen" man
     * pickets on the road, but "City thana" and "Super Highway thana" are stations.
     */
    private static final Set<String> NEED_STATION_WORD = joinedKeys("city", "market", "super highway", "superhighway",
            "سٹی", "مارکیٹ", "سپر ہائی وے");
    /** Words before a name that make it part of a longer one: "North Nazimabad" is not Nazimabad. */
    private static final Set<String> LONGER_BEFORE = keys("north", "south", "east", "west", "new", "old", "upper", "lower",
            "purani", "purana", "naya", "nai", "central", "greater", "shumali", "janubi", "نارتھ", "ساؤتھ", "ایسٹ", "ویسٹ", "نیو",
            "پرانی", "پرانا", "نیا", "نئی", "شمالی", "جنوبی", "اپر", "لوئر");
    /** Words after a name that make it part of a longer one: "thana Super Highway Industrial Area". */
    private static final Set<String> LONGER_AFTER = keys("industrial", "area", "town", "colony", "goth", "mandi", "bazar",
            "bazaar", "road", "block", "sector", "phase", "nagar", "extension", "scheme", "market", "chowk", "انڈسٹریل", "ایریا",
            "ٹاؤن", "کالونی", "گوٹھ", "منڈی", "بازار", "روڈ", "بلاک", "سیکٹر", "نگر", "چوک");
    /**
     * Cities and towns outside the directory: a post that names one of them (and not the station's own city) is about
     * a station there ("A-Section thana, Sukkur"; "Civil Lines police Gujranwala"), not one of ours.
     */
    private static final List<String> OTHER_CITIES = List.of("Multan", "Faisalabad", "Lyallpur", "Sialkot", "Gujranwala", "Sukkur",
            "Larkana", "Bahawalpur", "Bahawalnagar", "Sargodha", "Sahiwal", "Sheikhupura", "Gujrat", "Jhelum", "Okara",
            "Rahim Yar Khan", "Dera Ghazi Khan", "DG Khan", "D.G. Khan", "Mardan", "Abbottabad", "Mingora", "Kohat", "Bannu",
            "Dera Ismail Khan", "DI Khan", "D.I. Khan", "Nawabshah", "Shaheed Benazirabad", "Mirpurkhas", "Mirpur Khas", "Jacobabad",
            "Shikarpur", "Khairpur", "Thatta", "Badin", "Kotri", "Jamshoro", "Tando Adam", "Tando Allahyar", "Sanghar",
            "Umerkot", "Ghotki", "Kashmore", "Kandhkot", "Matiari", "Turbat", "Gwadar", "Khuzdar", "Zhob", "Loralai",
            "Sibi", "Muzaffarabad", "Gilgit", "Skardu", "Chiniot", "Jhang", "Vehari", "Khanewal", "Muzaffargarh", "Attock",
            "Chakwal", "Murree", "Taxila", "Hafizabad", "Mandi Bahauddin", "Narowal", "Pakpattan", "Layyah", "Mianwali", "Bhakkar",
            "Khushab", "Nowshera", "Charsadda", "Swabi", "Haripur", "Mansehra", "Kharian", "Lalamusa", "Daska", "Kamoke",
            "Muridke", "Parachinar", "Landi Kotal", "Torkham",
            "ملتان", "فیصل آباد", "سیالکوٹ", "گوجرانوالہ", "سکھر", "لاڑکانہ", "بہاولپور", "بہاولنگر", "سرگودھا",
            "ساہیوال", "شیخوپورہ", "گجرات", "جہلم", "اوکاڑہ", "رحیم یار خان", "ڈیرہ غازی خان", "ایبٹ آباد",
            "مینگورہ", "کوہاٹ", "ڈیرہ اسماعیل خان", "نوابشاہ", "میرپورخاص", "میرپور خاص", "جیکب آباد", "شکارپور",
            "خیرپور", "ٹھٹھہ", "بدین", "کوٹری", "جامشورو", "ٹنڈو آدم", "ٹنڈو الہ یار", "سانگھڑ", "عمرکوٹ", "گھوٹکی",
            "تربت", "گوادر", "خضدار", "ژوب", "مظفرآباد", "گلگت", "سکردو", "چنیوٹ", "جھنگ", "وہاڑی", "خانیوال",
            "مظفرگڑھ", "چکوال", "ٹیکسلا", "حافظ آباد", "نارووال", "پاکپتن", "میانوالی", "بھکر", "خوشاب", "نوشہرہ",
            "چارسدہ", "صوابی", "ہری پور", "مانسہرہ", "کھاریاں", "پاراچنار", "لنڈی کوتل", "طورخم");
    /** What {@link #cityByKey} holds for the cities outside the directory. */
    private static final City OTHER = new City("(other)", List.of());
    /** City aliases that are also common words in Roman Urdu ("adalat mein pesh kiya"). */
    private static final Set<String> NOT_CITY_NAMES = keys("pesh");

    private final PoliceWords police = new PoliceWords();
    /** Joined name keys to the stations they name. */
    private final Map<String, List<Entry>> byKey = new HashMap<>();
    private final Set<String> nameWords = new HashSet<>();
    private final Fuzzy fuzzyWords;
    private final Fuzzy fuzzyNames;
    private final int maxNameWords;
    private final Map<String, City> cityByKey = new HashMap<>();
    private final Set<String> cityFirstWords = new HashSet<>();
    private final int maxCityWords;

    /** A station one name key stands for: {@code needsCity} when the directory only writes it with its city. */
    record Entry(Station station, boolean needsCity, boolean partial, String key) {}

    public StationResolver(StationDirectory directory) {
        Objects.requireNonNull(directory, "directory");
        Map<String, Map<String, Entry>> index = new LinkedHashMap<>();
        Set<String> joinedForFuzzy = new HashSet<>();
        Map<String, Set<String>> partOf = new HashMap<>(); // joined proper prefixes and suffixes -> station ids
        Map<String, List<Station>> droppable = new LinkedHashMap<>();
        int maxWords = 1;
        for (Station s : directory.stations()) {
            List<String[]> cityNames = cityKeys(directory.city(s.city()).orElseThrow());
            String[] nameKeys = police.strip(Tokens.of(s.name()).keys);
            if (nameKeys.length == 0) {
                throw new IllegalArgumentException("station '" + s.id() + "': its name '" + s.name() + "' is only police words");
            }
            boolean nameHasCity = cityNames.stream().anyMatch(c -> indexOf(nameKeys, c) >= 0);
            List<String[]> free = new ArrayList<>();
            for (String alias : s.aliases()) {
                String[] keys = police.strip(Tokens.of(alias).keys);
                if (keys.length == 0) {
                    continue;
                }
                if (!police.containsPoliceWord(keys)) {
                    free.add(keys);
                }
                if (!nameHasCity) {
                    String[] bare = withoutCity(keys, cityNames);
                    if (bare != keys) {
                        bare = police.strip(bare); // "Market police station Hyderabad" gives "Market"
                    }
                    if (bare != keys && bare.length > 0) {
                        put(index, bare, s, true);
                    }
                }
            }
            String nameKey = Keys.join(nameKeys, 0, nameKeys.length, true);
            if (!index.containsKey(nameKey) || !index.get(nameKey).containsKey(s.id())) {
                free.add(nameKeys); // "Saddar" stays a name that needs its city when every alias writes it with one
            }
            for (String[] keys : free) {
                put(index, keys, s, false);
                maxWords = Math.max(maxWords, keys.length);
                String[] words = Arrays.stream(keys).filter(k -> !Keys.isIzafat(k)).toArray(String[]::new);
                nameWords.addAll(Arrays.asList(words));
                if (words.length > 1 && Arrays.stream(words).allMatch(w -> w.length() >= 4)) {
                    joinedForFuzzy.add(Keys.join(words, 0, words.length, false));
                }
                for (int i = 1; i < words.length; i++) {
                    partOf.computeIfAbsent(Keys.join(words, 0, i, false), k -> new HashSet<>()).add(s.id());
                    partOf.computeIfAbsent(Keys.join(words, i, words.length, false), k -> new HashSet<>()).add(s.id());
                }
                if (words.length > 1 && DROPPABLE_LAST_WORDS.contains(words[words.length - 1])
                        && !NOT_ENOUGH_ALONE.contains(words[0])) {
                    String prefix = Keys.join(words, 0, words.length - 1, false);
                    if (prefix.length() >= Fuzzy.MIN_LENGTH) {
                        List<Station> list = droppable.computeIfAbsent(prefix, k -> new ArrayList<>());
                        if (!list.contains(s)) {
                            list.add(s);
                        }
                    }
                }
            }
        }
        // "Sohrab" alone stands for Sohrab Goth only when no other station has the word at its start or end
        droppable.forEach((prefix, stations) -> {
            Set<String> ids = new HashSet<>();
            stations.forEach(st -> ids.add(st.id()));
            if (partOf.getOrDefault(prefix, Set.of()).equals(ids)) {
                for (Station st : stations) {
                    index.computeIfAbsent(prefix, k -> new LinkedHashMap<>()).putIfAbsent(st.id(), new Entry(st, false, true, prefix));
                }
            }
        });
        index.forEach((k, m) -> byKey.put(k, List.copyOf(m.values())));
        this.maxNameWords = maxWords + 1; // "Sohrab Go th", "Gul Bahar" for a one-word alias
        this.fuzzyWords = new Fuzzy(nameWords);
        this.fuzzyNames = new Fuzzy(joinedForFuzzy);

        int maxCity = 1;
        for (City c : directory.cities()) {
            for (String[] keys : cityKeys(c)) {
                String joined = Keys.join(keys, 0, keys.length, false);
                if (!NOT_CITY_NAMES.contains(joined)) {
                    cityByKey.putIfAbsent(joined, c);
                    cityFirstWords.add(keys[0]);
                    maxCity = Math.max(maxCity, keys.length);
                }
            }
        }
        for (String other : OTHER_CITIES) {
            String[] keys = Tokens.of(other).keys;
            if (cityByKey.putIfAbsent(Keys.join(keys, 0, keys.length, false), OTHER) == null) {
                cityFirstWords.add(keys[0]);
                maxCity = Math.max(maxCity, keys.length);
            }
        }
        this.maxCityWords = maxCity;
    }

    /** The stations the post names, in the order of the text, each once. */
    public List<StationMention> resolve(String text) {
        return analyse(Tokens.of(text)).stations();
    }

    /** What the resolver found in a post: its stations, and the cities it names (canonical names, text order, each once). */
    record Analysis(List<StationMention> stations, List<String> cities) {}

    /** One place where a name touches a police word. */
    private record Candidate(int nameStart, int nameEnd, int start, int end, List<Entry> entries, boolean general, boolean bare) {}

    Analysis analyse(Tokens t) {
        List<PoliceWords.Hit> hits = police.find(t);
        List<Candidate> candidates = hits.isEmpty() ? List.of() : candidates(t, hits);
        List<String> cities = cities(t, candidates);
        boolean otherCity = cities.remove(OTHER.name());
        if (candidates.isEmpty()) {
            return new Analysis(List.of(), cities);
        }
        boolean cityNamed = otherCity || !cities.isEmpty();
        Station[] resolved = new Station[candidates.size()];
        List<List<Station>> pending = new ArrayList<>(candidates.size());
        Set<String> resolvedCities = new LinkedHashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            List<Station> options = options(candidates.get(i), cities);
            if (cityNamed) {
                // a post that names cities speaks of a station in one of them: "Civil Lines police Gujranwala",
                // "A-Section thana, Sukkur", "Satellite Town police Rawalpindi" are not the directory's stations
                options = options.stream().filter(s -> cities.contains(s.city())).toList();
            }
            pending.add(options);
            if (options.size() == 1) {
                resolved[i] = options.get(0);
                resolvedCities.add(resolved[i].city());
            } else if (options.size() > 1 && (resolved[i] = only(options, cities)) != null) {
                resolvedCities.add(resolved[i].city());
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            if (resolved[i] == null && pending.get(i).size() > 1) {
                resolved[i] = only(pending.get(i), resolvedCities);
            }
        }
        Integer[] order = new Integer[candidates.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(candidates.get(a).start(), candidates.get(b).start()));
        List<StationMention> mentions = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i : order) {
            Station s = resolved[i];
            if (s != null && seen.add(s.id())) {
                Candidate c = candidates.get(i);
                mentions.add(new StationMention(s, t.text.substring(t.starts[c.start()], t.ends[c.end() - 1])));
            }
        }
        return new Analysis(List.copyOf(mentions), cities);
    }

    /** The stations a candidate may be, once names that need their city and a city is not named are left out. */
    private static List<Station> options(Candidate c, List<String> cities) {
        List<Station> out = new ArrayList<>(c.entries().size());
        for (Entry e : c.entries()) {
            if (e.needsCity() && (!cities.contains(e.station().city()) || c.bare())) {
                continue; // "Saddar police" without Karachi; "Cantt station"
            }
            if (c.general() && NEED_STATION_WORD.contains(e.key())) {
                continue; // "City police", "Super Highway policemen"
            }
            if (!out.contains(e.station())) {
                out.add(e.station());
            }
        }
        return out;
    }

    /** The one station among the options whose city is the only one of theirs among {@code cities}, or null. */
    private static Station only(List<Station> options, Collection<String> cities) {
        String city = null;
        Station found = null;
        int count = 0;
        for (Station s : options) {
            if (cities.contains(s.city())) {
                if (city != null && !city.equals(s.city())) {
                    return null; // two of their cities named
                }
                city = s.city();
                found = s;
                count++;
            }
        }
        return count == 1 ? found : null;
    }

    private List<Candidate> candidates(Tokens t, List<PoliceWords.Hit> hits) {
        boolean[] isPolice = new boolean[t.size];
        for (PoliceWords.Hit h : hits) {
            for (int i = h.start(); i < h.end(); i++) {
                isPolice[i] = true;
            }
        }
        List<Candidate> out = new ArrayList<>(4);
        for (PoliceWords.Hit h : hits) {
            if (h.post()) {
                continue; // "Hatri chowki": a police post, not the station
            }
            Candidate left = left(t, h, isPolice);
            if (left != null) {
                add(out, left);
                Candidate c = left;
                for (int n = 0; n < 4 && h.plural() && c != null; n++) { // "Preedy and Artillery Maidan police stations"
                    c = previousInList(t, c, h, isPolice);
                    if (c != null) {
                        add(out, c);
                    }
                }
            }
            if (!h.general()) {
                Candidate right = right(t, h, isPolice);
                if (right != null) {
                    add(out, right);
                }
            }
        }
        return out;
    }

    private static void add(List<Candidate> out, Candidate c) {
        for (Candidate o : out) {
            if (o.nameStart() == c.nameStart() && o.nameEnd() == c.nameEnd()) {
                return;
            }
        }
        out.add(c);
    }

    /** A name ending just before the police word, or before one or two connectors before it ("Preedy ke SHO"). */
    private Candidate left(Tokens t, PoliceWords.Hit h, boolean[] isPolice) {
        int end = h.start();
        for (int gap = 0; gap <= MAX_GAP && end > 0; gap++) {
            if (t.breakBefore[end] >= Tokens.CLAUSE) {
                return null;
            }
            Candidate c = endingAt(t, end, isPolice, h);
            if (c != null) {
                return longerBefore(t, c.nameStart()) ? null : c;
            }
            if (!LEFT_CONNECTORS.contains(t.keys[end - 1])) {
                return null;
            }
            end--;
        }
        return null;
    }

    /** A name starting just after the police word, or after "of", "at", "the" ("SHO of Preedy"). */
    private Candidate right(Tokens t, PoliceWords.Hit h, boolean[] isPolice) {
        int start = h.end();
        for (int gap = 0; gap <= MAX_GAP && start < t.size; gap++) {
            if (t.breakBefore[start] >= Tokens.CLAUSE) {
                return null;
            }
            Candidate c = startingAt(t, start, isPolice, h);
            if (c != null) {
                int after = c.nameEnd();
                boolean longer = after < t.size && t.breakBefore[after] == Tokens.NO_BREAK && LONGER_AFTER.contains(t.keys[after]);
                return longer ? null : c;
            }
            if (!RIGHT_CONNECTORS.contains(t.keys[start])) {
                return null;
            }
            start++;
        }
        return null;
    }

    /** Whether the word before a name makes it part of a longer one ("North Nazimabad", "Old Anarkali" when unknown). */
    private static boolean longerBefore(Tokens t, int nameStart) {
        return nameStart > 0 && t.breakBefore[nameStart] == Tokens.NO_BREAK && LONGER_BEFORE.contains(t.keys[nameStart - 1]);
    }

    /** The name before "and"/"aur"/a comma before a name already found for a plural police word. */
    private Candidate previousInList(Tokens t, Candidate found, PoliceWords.Hit h, boolean[] isPolice) {
        int end = found.nameStart();
        if (end <= 0) {
            return null;
        }
        if (t.breakBefore[end] == Tokens.CLAUSE) {
            // "Preedy, Frere and ..." : the name before the comma
        } else if (COORDINATORS.contains(t.keys[end - 1]) && t.breakBefore[end] == Tokens.NO_BREAK) {
            end--;
            if (end <= 0 || t.breakBefore[end] >= Tokens.SENTENCE) {
                return null;
            }
        } else {
            return null;
        }
        Candidate c = endingAt(t, end, isPolice, h);
        return c == null || longerBefore(t, c.nameStart()) ? null : new Candidate(c.nameStart(), c.nameEnd(), c.nameStart(), found.end(), c.entries(), c.general(), c.bare());
    }

    /** The longest name ending at {@code end}: written exactly if there is one, else misspelt. */
    private Candidate endingAt(Tokens t, int end, boolean[] isPolice, PoliceWords.Hit h) {
        for (boolean fuzzy : BOTH) {
            for (int len = Math.min(maxNameWords, end); len >= 1; len--) {
                Candidate c = at(t, end - len, end, isPolice, h, fuzzy);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The longest name starting at {@code start}: written exactly if there is one, else misspelt. */
    private Candidate startingAt(Tokens t, int start, boolean[] isPolice, PoliceWords.Hit h) {
        for (boolean fuzzy : BOTH) {
            for (int len = Math.min(maxNameWords, t.size - start); len >= 1; len--) {
                Candidate c = at(t, start, start + len, isPolice, h, fuzzy);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    /** The name at words {@code from}..{@code to} (exclusive), exactly or else fuzzily, as a candidate; or null. */
    private Candidate at(Tokens t, int from, int to, boolean[] isPolice, PoliceWords.Hit h, boolean fuzzy) {
        for (int i = from; i < to; i++) {
            if (isPolice[i] || (i > from && t.breakBefore[i] >= Tokens.CLAUSE)) {
                return null;
            }
        }
        if (Keys.isIzafat(t.keys[from]) || Keys.isIzafat(t.keys[to - 1])) {
            return null;
        }
        List<Entry> entries = fuzzy ? fuzzy(t.keys, from, to) : exact(t.keys, from, to);
        if (entries == null) {
            return null;
        }
        int start = Math.min(from, h.start());
        int end = Math.max(to, h.end());
        return new Candidate(from, to, start, end, entries, h.general(), h.bare());
    }

    private List<Entry> exact(String[] keys, int from, int to) {
        String joined = Keys.join(keys, from, to, true);
        List<Entry> exact = byKey.get(joined);
        if (exact == null && to - from > 2) {
            String unjoined = Keys.join(keys, from, to, false);
            if (!unjoined.equals(joined)) {
                exact = byKey.get(unjoined);
            }
        }
        return exact;
    }

    private List<Entry> fuzzy(String[] keys, int from, int to) {
        // one misspelt word or more, each of five letters or more
        String[] corrected = null;
        boolean possible = true;
        for (int i = from; i < to && possible; i++) {
            String k = keys[i];
            if (nameWords.contains(k) || (Keys.isIzafat(k) && i > from && i < to - 1)) {
                continue;
            }
            String near = k.length() >= Fuzzy.MIN_LENGTH && Keys.isLetters(k) ? fuzzyWords.nearest(k) : null;
            if (near == null) {
                possible = false;
            } else {
                if (corrected == null) {
                    corrected = Arrays.copyOfRange(keys, from, to);
                }
                corrected[i - from] = near;
            }
        }
        if (possible && corrected != null) {
            List<Entry> e = byKey.get(Keys.join(corrected, 0, corrected.length, true));
            if (e != null) {
                return e;
            }
        }
        // a misspelt name written as one word, or spaced differently: "Sohrabgoath", "SITE Supr Highway"; no short
        // words, which would let "by Sohrab Goth" pass for "Sohrab Goth" with two edits
        for (int i = from; i < to; i++) {
            if (keys[i].length() < 3) {
                return null;
            }
        }
        String joined = Keys.join(keys, from, to, true);
        if (joined.length() >= Fuzzy.MIN_LENGTH && Keys.isLetters(joined)) {
            String near = fuzzyNames.nearest(joined);
            if (near != null) {
                return byKey.get(near);
            }
        }
        return null;
    }

    /** The cities the post names, in text order, each once; a city word inside another city's station name does not count. */
    private List<String> cities(Tokens t, List<Candidate> candidates) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < t.size; i++) {
            if (!cityFirstWords.contains(t.keys[i])) {
                continue;
            }
            for (int len = Math.min(maxCityWords, t.size - i); len >= 1; len--) {
                City c = cityByKey.get(len == 1 ? t.keys[i] : Keys.join(t.keys, i, i + len, false));
                if (c != null) {
                    if (!insideOtherCitysName(candidates, i, i + len, c) && !out.contains(c.name())) {
                        out.add(c.name());
                    }
                    i += len - 1;
                    break;
                }
            }
        }
        return out;
    }

    /** "Karachi Company police" (a station in Islamabad) does not name Karachi. */
    private static boolean insideOtherCitysName(List<Candidate> candidates, int from, int to, City city) {
        for (Candidate c : candidates) {
            if (from < c.nameEnd() && to > c.nameStart()) {
                return c.entries().stream().noneMatch(e -> e.station().city().equals(city.name()));
            }
        }
        return false;
    }

    private void put(Map<String, Map<String, Entry>> index, String[] keys, Station s, boolean needsCity) {
        String withoutIzafat = Keys.join(keys, 0, keys.length, true);
        String withIzafat = Keys.join(keys, 0, keys.length, false);
        for (String k : withIzafat.equals(withoutIzafat) ? List.of(withoutIzafat) : List.of(withoutIzafat, withIzafat)) {
            Map<String, Entry> m = index.computeIfAbsent(k, x -> new LinkedHashMap<>());
            Entry old = m.get(s.id());
            if (old == null || (old.needsCity() && !needsCity) || old.partial()) {
                m.put(s.id(), new Entry(s, needsCity, false, k));
            }
        }
    }

    private static List<String[]> cityKeys(City c) {
        List<String[]> out = new ArrayList<>();
        out.add(Tokens.of(c.name()).keys);
        for (String a : c.aliases()) {
            String[] k = Tokens.of(a).keys;
            if (k.length > 0) {
                out.add(k);
            }
        }
        return out;
    }

    /** The alias without its city at the start or end ("Saddar Karachi" gives "Saddar"), or the alias itself. */
    private static String[] withoutCity(String[] keys, List<String[]> cityNames) {
        for (String[] c : cityNames) {
            if (keys.length > c.length && matchesAt(keys, c, 0)) {
                return Arrays.copyOfRange(keys, c.length, keys.length);
            }
            if (keys.length > c.length && matchesAt(keys, c, keys.length - c.length)) {
                return Arrays.copyOfRange(keys, 0, keys.length - c.length);
            }
        }
        return keys;
    }

    private static boolean matchesAt(String[] keys, String[] part, int at) {
        for (int j = 0; j < part.length; j++) {
            if (!keys[at + j].equals(part[j])) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(String[] keys, String[] part) {
        outer:
        for (int i = 0; i + part.length <= keys.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (!keys[i + j].equals(part[j])) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static Set<String> joinedKeys(String... names) {
        Set<String> out = new HashSet<>();
        for (String n : names) {
            String[] k = Tokens.of(n).keys;
            out.add(Keys.join(k, 0, k.length, true));
        }
        return Set.copyOf(out);
    }

    private static Set<String> keys(String... words) {
        Set<String> out = new HashSet<>();
        for (String w : words) {
            for (String k : Tokens.of(w).keys) {
                out.add(k);
            }
        }
        return Set.copyOf(out);
    }
}
