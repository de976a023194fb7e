package org.nigrani.nlp.station;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads {@code stations.yaml} into a {@link StationDirectory} and checks it. Every problem found is reported, one
 * line each, naming the file, the entry (a station by id and position, {@code stations[12]} when it has no id) and
 * the field.
 *
 * <p>Checked: unknown keys at every level; required fields ({@code id}, {@code name}, {@code city}, {@code head.rank},
 * {@code head.email}); the id's form and uniqueness; that the city is one of {@code cities}; emails (a bare
 * {@code local@domain.tld}: they become mail headers); coordinates (numbers, inside Pakistan); aliases (not empty,
 * not only police words, not a city's name, not shared by two stations of one city once compared by
 * {@link #aliasKey(String)}).
 */
final class StationDirectoryReader {

    /** Lower case words joined by single hyphens: {@code khi-site-super-highway}. */
    static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    /**
     * A bare address and nothing else: no display name, no spaces, no CR/LF, a dotted domain ending in a top-level
     * domain of letters.
     */
    static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9_%+-]+(?:\\.[A-Za-z0-9_%+-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}");

    /** Generous box around Pakistan: a coordinate outside it is a typo (swapped lat/lon, a dropped digit). */
    static final double MIN_LAT = 23, MAX_LAT = 38, MIN_LON = 60, MAX_LON = 78;

    /** Words that say "police station" rather than name one; {@link #aliasKey} drops them. */
    static final Set<String> POLICE_WORDS = Set.of("police", "station", "thana", "thaana", "thanna", "ps", "sho",
            "تھانہ", "تھانے", "تھانا", "پولیس", "اسٹیشن", "سٹیشن");

    private static final Set<String> ROOT_KEYS = Set.of("cities", "stations");
    private static final Set<String> CITY_KEYS = Set.of("name", "aliases");
    private static final Set<String> STATION_KEYS =
            Set.of("id", "name", "city", "district", "aliases", "head", "coordinates");
    private static final Set<String> HEAD_KEYS = Set.of("name", "rank", "email");
    private static final Set<String> COORDINATE_KEYS = Set.of("lat", "lon");

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-\u2010\u2011\u2012\u2013\u2014_]+");
    private static final Pattern INVISIBLE = Pattern.compile("[\u200B-\u200F\u2060\uFEFF\u064B-\u065F\u0670]");

    private StationDirectoryReader() {}

    static StationDirectory read(Path file) {
        JsonNode root;
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
        try (InputStream in = Files.newInputStream(file)) {
            root = yaml.readTree(in);
        } catch (NoSuchFileException e) {
            throw new StationDirectoryException(file + ": no such file");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new StationDirectoryException(file + ": not valid YAML: " + e.getOriginalMessage()
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"), e);
        } catch (IOException e) {
            throw new StationDirectoryException(file + ": cannot be read: " + e.getMessage(), e);
        }
        Problems problems = new Problems(file);
        if (root == null || !root.isObject()) {
            problems.add("", "", "expected a mapping with 'cities' and 'stations'");
            throw problems.exception();
        }
        unknownKeys(root, ROOT_KEYS, "", "", problems);

        List<City> cities = readCities(root.get("cities"), problems);
        List<Station> stations = readStations(root.get("stations"), cities, problems);
        if (!problems.isEmpty()) {
            throw problems.exception();
        }
        try {
            return StationDirectory.of(cities, stations);
        } catch (StationDirectoryException e) {
            throw new StationDirectoryException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * How aliases are compared: Unicode-normalised, lower case, Arabic letter forms folded to Urdu ones, dots and
     * diacritics dropped, runs of spaces, hyphens and underscores made one space, and police words removed. So
     * {@code Gulshan-e-Iqbal Police Station} and {@code gulshan e iqbal thana} have the same key.
     */
    static String aliasKey(String alias) {
        String s = Normalizer.normalize(alias, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .replace('\u064A', '\u06CC')   // Arabic yeh -> Farsi/Urdu yeh
                .replace('\u0649', '\u06CC')   // alef maksura -> Urdu yeh
                .replace('\u0643', '\u06A9')   // Arabic kaf -> keheh
                .replace('\u0647', '\u06C1')   // heh -> heh goal
                .replace(".", "");
        s = INVISIBLE.matcher(s).replaceAll("");
        return SEPARATORS.splitAsStream(s.strip())
                .filter(w -> !w.isEmpty() && !POLICE_WORDS.contains(w))
                .collect(Collectors.joining(" "));
    }

    private static List<City> readCities(JsonNode list, Problems problems) {
        List<City> cities = new ArrayList<>();
        if (list == null || !list.isArray() || list.isEmpty()) {
            problems.add("", "cities", "expected a non-empty list of cities");
            return cities;
        }
        Map<String, String> cityByKey = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode c = list.get(i);
            String position = "cities[" + i + "]";
            if (!c.isObject()) {
                problems.add(position, "", "expected a mapping with 'name' and 'aliases'");
                continue;
            }
            String name = text(c, "name", true, position, problems);
            String where = name == null ? position : "city '" + name + "' (" + position + ")";
            unknownKeys(c, CITY_KEYS, where, "", problems);
            List<String> aliases = strings(c, "aliases", where, problems);
            if (name == null) {
                continue;
            }
            List<String> names = prepend(name, aliases);
            for (int a = 0; a < names.size(); a++) {
                String other = cityByKey.putIfAbsent(aliasKey(names.get(a)), name);
                if (a == 0 && other != null) {
                    problems.add(where, "name", other.equals(name) ? "city '" + name + "' is listed twice"
                            : "'" + name + "' is also an alias of city '" + other + "'");
                } else if (other != null && !other.equals(name)) {
                    problems.add(where, "aliases[" + (a - 1) + "]",
                            "'" + names.get(a) + "' is also the name or an alias of city '" + other + "'");
                }
            }
            cities.add(new City(name, aliases));
        }
        return cities;
    }

    private static List<Station> readStations(JsonNode list, List<City> cities, Problems problems) {
        List<Station> stations = new ArrayList<>();
        if (list == null || !list.isArray()) {
            problems.add("", "stations", "expected a list of stations");
            return stations;
        }
        Map<String, String> cityByKey = new HashMap<>();   // city names and aliases, for the alias check
        Map<String, String> cityNames = new LinkedHashMap<>();
        for (City c : cities) {
            cityNames.put(c.name(), c.name());
            for (String n : prepend(c.name(), c.aliases())) {
                cityByKey.putIfAbsent(aliasKey(n), c.name());
            }
        }
        Map<String, String> positionById = new HashMap<>();
        Map<String, Map<String, String>> ownerByAliasKey = new HashMap<>();   // city -> alias key -> station
        for (int i = 0; i < list.size(); i++) {
            JsonNode s = list.get(i);
            String position = "stations[" + i + "]";
            if (!s.isObject()) {
                problems.add(position, "", "expected a mapping with id, name, city, aliases and head");
                continue;
            }
            int before = problems.size();
            String id = text(s, "id", true, position, problems);
            String where = id == null ? position : "station '" + id + "' (" + position + ")";
            unknownKeys(s, STATION_KEYS, where, "", problems);
            if (id != null) {
                if (!ID.matcher(id).matches()) {
                    problems.add(where, "id", "'" + id + "' is not a valid id: lower case letters and digits joined"
                            + " by single hyphens, such as khi-site-super-highway");
                }
                String first = positionById.putIfAbsent(id, position);
                if (first != null) {
                    problems.add(where, "id", "id '" + id + "' is already used by " + first);
                }
            }
            String name = text(s, "name", true, where, problems);
            String city = text(s, "city", true, where, problems);
            if (city != null && !cityNames.containsKey(city)) {
                String guess = cityByKey.get(aliasKey(city));
                problems.add(where, "city", "unknown city '" + city + "'"
                        + (guess != null ? " (did you mean '" + guess + "'?)" : "")
                        + "; known cities: " + String.join(", ", cityNames.keySet()));
            }
            String district = text(s, "district", false, where, problems);
            List<String> aliases = strings(s, "aliases", where, problems);
            Station.Head head = head(s.get("head"), where, problems);
            Station.Coordinates at = coordinates(s.get("coordinates"), where, problems);

            String owner = id != null ? id : position;
            for (int a = 0; a < aliases.size(); a++) {
                String alias = aliases.get(a);
                String field = "aliases[" + a + "]";
                String key = aliasKey(alias);
                if (key.isEmpty()) {
                    problems.add(where, field, "'" + alias + "' has nothing but police words");
                    continue;
                }
                String asCity = cityByKey.get(key);
                if (asCity != null) {
                    problems.add(where, field, "'" + alias + "' is the name (or an alias) of city '" + asCity
                            + "', not of a station");
                }
            }
            if (city != null && cityNames.containsKey(city)) {
                Map<String, String> owners = ownerByAliasKey.computeIfAbsent(city, c -> new HashMap<>());
                List<String> names = name == null ? aliases : prepend(name, aliases);
                for (int a = 0; a < names.size(); a++) {
                    String key = aliasKey(names.get(a));
                    if (key.isEmpty()) {
                        continue;
                    }
                    String other = owners.putIfAbsent(key, owner);
                    if (other != null && !other.equals(owner)) {
                        String field = name != null && a == 0 ? "name" : "aliases[" + (name == null ? a : a - 1) + "]";
                        problems.add(where, field, "'" + names.get(a) + "' is also a name or alias of station '"
                                + other + "' in " + city + " (compared as '" + key + "'); stations '" + other
                                + "' and '" + owner + "' cannot share it");
                    }
                }
            }
            if (id != null && name != null && city != null && head != null && problems.size() == before) {
                stations.add(new Station(id, name, city, district, aliases, head, at));
            }
        }
        return stations;
    }

    private static Station.Head head(JsonNode h, String where, Problems problems) {
        if (h == null || h.isNull()) {
            problems.add(where, "head", "missing; expected {name, rank, email}");
            return null;
        }
        if (!h.isObject()) {
            problems.add(where, "head", "expected a mapping {name, rank, email}");
            return null;
        }
        unknownKeys(h, HEAD_KEYS, where, "head.", problems);
        String name = text(h, "name", false, where, "head.name", problems);
        String rank = text(h, "rank", true, where, "head.rank", problems);
        String email = text(h, "email", true, where, "head.email", problems);
        String raw = email == null ? null : h.get("email").asText();   // unstripped: no trailing CR/LF either
        if (raw != null && !EMAIL.matcher(raw).matches()) {
            problems.add(where, "head.email", "'" + printable(raw) + "' is not an email address: expected a bare"
                    + " local@domain.tld, without a display name, spaces or line breaks");
            email = null;
        }
        return rank == null || email == null ? null : new Station.Head(name, rank, email);
    }

    private static Station.Coordinates coordinates(JsonNode at, String where, Problems problems) {
        if (at == null) {
            return null;
        }
        if (!at.isObject()) {
            problems.add(where, "coordinates", "expected a mapping {lat, lon}; leave the key out when not known");
            return null;
        }
        unknownKeys(at, COORDINATE_KEYS, where, "coordinates.", problems);
        Double lat = number(at, "lat", -90, 90, MIN_LAT, MAX_LAT, where, problems);
        Double lon = number(at, "lon", -180, 180, MIN_LON, MAX_LON, where, problems);
        return lat == null || lon == null ? null : new Station.Coordinates(lat, lon);
    }

    private static Double number(JsonNode at, String key, double min, double max, double pkMin, double pkMax,
            String where, Problems problems) {
        String field = "coordinates." + key;
        JsonNode n = at.get(key);
        if (n == null || n.isNull()) {
            problems.add(where, field, "missing");
            return null;
        }
        if (!n.isNumber() || !Double.isFinite(n.doubleValue())) {
            problems.add(where, field, "'" + printable(n.asText()) + "' is not a number");
            return null;
        }
        double v = n.doubleValue();
        if (v < min || v > max) {
            problems.add(where, field, v + " is out of range " + (int) min + ".." + (int) max);
            return null;
        }
        if (v < pkMin || v > pkMax) {
            problems.add(where, field, v + " is outside Pakistan (lat " + (int) MIN_LAT + ".." + (int) MAX_LAT
                    + ", lon " + (int) MIN_LON + ".." + (int) MAX_LON + "); are lat and lon swapped?");
            return null;
        }
        return v;
    }

    private static String text(JsonNode node, String key, boolean required, String where, Problems problems) {
        return text(node, key, required, where, key, problems);
    }

    private static String text(JsonNode node, String key, boolean required, String where, String field,
            Problems problems) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(where, field, "missing");
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add(where, field, "expected text, found " + describe(v));
            return null;
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            problems.add(where, field, "empty");
            return null;
        }
        if (hasControl(s)) {
            problems.add(where, field, "contains a control character (a line break?): \"" + printable(s) + "\"");
            return null;
        }
        return s;
    }

    /** Names end up in alert subjects and emails: a line break there is a header injection waiting to happen. */
    private static boolean hasControl(String s) {
        return s.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029);
    }

    private static List<String> strings(JsonNode node, String key, String where, Problems problems) {
        List<String> out = new ArrayList<>();
        JsonNode list = node.get(key);
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            problems.add(where, key, "expected a list in brackets, such as [one, two], found " + describe(list));
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode v = list.get(i);
            String field = key + "[" + i + "]";
            if (!v.isTextual()) {
                problems.add(where, field, "expected text, found " + describe(v));
            } else if (v.asText().isBlank()) {
                problems.add(where, field, "empty");
            } else if (hasControl(v.asText().strip())) {
                problems.add(where, field, "contains a control character (a line break?): \"" + printable(v.asText().strip()) + "\"");
            } else {
                out.add(v.asText().strip());
            }
        }
        return out;
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String where, String prefix,
            Problems problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problems.add(where, prefix + key, "unknown key; expected one of "
                        + known.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static String describe(JsonNode v) {
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return v.getNodeType().name().toLowerCase(Locale.ROOT) + " " + v.asText();
    }

    /** Makes control characters (a CR/LF smuggled into an address) visible in the message. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04X", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /** Problems found so far, each to become one line of the exception's message. */
    private static final class Problems {
        private final Path file;
        private final List<String[]> lines = new ArrayList<>();   // {where, field, what}

        Problems(Path file) {
            this.file = file;
        }

        void add(String where, String field, String what) {
            lines.add(new String[] {where, field, what});
        }

        int size() {
            return lines.size();
        }

        boolean isEmpty() {
            return lines.isEmpty();
        }

        StationDirectoryException exception() {
            List<String> out = new ArrayList<>();
            for (String[] l : lines) {
                StringBuilder b = new StringBuilder().append(file).append(": ");
                if (!l[0].isEmpty()) {
                    b.append(l[0]).append(l[1].isEmpty() ? ": " : ", ");
                }
                if (!l[1].isEmpty()) {
                    b.append("field '").append(l[1]).append("': ");
                }
                out.add(b.append(l[2]).toString());
            }
            String message = out.size() == 1 ? out.get(0)
                    : file + ": " + out.size() + " problems\n" + String.join("\n", out);
            return new StationDirectoryException(message);
        }
    }
}
