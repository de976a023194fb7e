package org.nigrani.nlp.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nigrani.nlp.testing.Shipped;

class StationDirectoryTest {

    // ---------------------------------------------------------------- the shipped config/stations.yaml

    static Path shippedFile() {
        return Shipped.stationsFile();
    }

    /**
     * Stations the directory must have. Where the station's real name differs from the short form people use, the
     * real one is listed: Shah Latif Town (Shah Latif), the A- and B-Section stations of Latifabad, Khan Raziq Shaheed,
     * and East and West Cantt for Peshawar's cantonment.
     */
    static final Map<String, List<String>> REQUIRED = Map.of(
            "Karachi", List.of("SITE Super Highway", "Sohrab Goth", "Preedy", "Ferozabad", "Gulshan-e-Iqbal",
                    "Gulistan-e-Jauhar", "Gulberg", "Artillery Maidan", "Darakhshan", "Clifton", "Boat Basin", "Saddar",
                    "Korangi", "Landhi", "Orangi Town", "SITE-A", "Mominabad", "Aziz Bhatti", "New Karachi",
                    "Shah Latif Town", "Jamshed Quarters"),
            "Hyderabad", List.of("Hatri", "Latifabad A-Section", "Latifabad B-Section", "Market", "Hussainabad",
                    "Phuleli", "Baldia", "Pinyari", "Cantonment"),
            "Lahore", List.of("Model Town", "Gulberg", "Race Course", "Township", "Garden Town", "Defence A",
                    "Defence B", "Shadman", "Ichhra", "Anarkali", "Lower Mall", "Data Darbar", "Shalimar", "Mozang"),
            "Islamabad", List.of("Kohsar", "Aabpara", "Margalla", "Secretariat", "Sabzi Mandi", "Shalimar",
                    "Karachi Company", "Ramna", "Golra", "Tarnol", "Industrial Area", "Bhara Kahu"),
            "Rawalpindi", List.of("City", "Waris Khan", "Saddar Bairooni", "Civil Lines", "New Town", "Airport",
                    "Ratta Amral", "Sadiqabad", "Pirwadhai", "R.A. Bazar"),
            "Peshawar", List.of("Gulbahar", "Hayatabad", "Faqirabad", "Khan Raziq Shaheed", "Tatara", "Chamkani",
                    "East Cantt", "West Cantt"),
            "Quetta", List.of("City", "Bijli Road", "Satellite Town", "Jinnah Town", "Quaidabad", "Sariab"));

    @Test
    void theShippedDirectoryLoads() {
        StationDirectory directory = StationDirectory.load(shippedFile());

        assertThat(directory.stations()).hasSizeGreaterThanOrEqualTo(80);
        assertThat(directory.cities()).extracting(City::name).containsExactlyInAnyOrder(
                "Karachi", "Hyderabad", "Lahore", "Islamabad", "Rawalpindi", "Peshawar", "Quetta");
        Map<String, Long> perCity = directory.stations().stream()
                .collect(Collectors.groupingBy(Station::city, TreeMap::new, Collectors.counting()));
        assertThat(perCity).containsOnlyKeys(REQUIRED.keySet());
        assertThat(perCity.get("Karachi")).isGreaterThanOrEqualTo(25);
        assertThat(perCity.get("Lahore")).isGreaterThanOrEqualTo(15);
        assertThat(perCity.get("Islamabad")).isGreaterThanOrEqualTo(10);
        assertThat(perCity.get("Rawalpindi")).isGreaterThanOrEqualTo(10);
        assertThat(perCity.get("Hyderabad")).isGreaterThanOrEqualTo(8);
        assertThat(perCity.get("Peshawar")).isGreaterThanOrEqualTo(8);
        assertThat(perCity.get("Quetta")).isGreaterThanOrEqualTo(6);
        assertThat(directory.city("Karachi")).hasValueSatisfying(c -> assertThat(c.aliases()).contains("کراچی"));
    }

    @Test
    void theShippedDirectoryHasEveryRequiredStation() {
        StationDirectory directory = StationDirectory.load(shippedFile());
        REQUIRED.forEach((city, names) -> {
            Set<String> there = directory.stations().stream().filter(s -> s.city().equals(city))
                    .map(Station::name).collect(Collectors.toSet());
            assertThat(there).as(city).containsAll(names);
        });
        assertThat(directory.byId("khi-site-super-highway")).hasValueSatisfying(s -> {
            assertThat(s.name()).isEqualTo("SITE Super Highway");
            assertThat(s.aliases()).contains("سائٹ سپر ہائی وے");
        });
    }

    @Test
    void theShippedHeadsAreRolesWithUniquePlaceholderEmails() {
        StationDirectory directory = StationDirectory.load(shippedFile());
        Set<String> emails = new HashSet<>();
        for (Station s : directory.stations()) {
            assertThat(s.head().email()).as(s.id()).endsWith("@example.org");
            assertThat(emails.add(s.head().email())).as("email of %s is unique", s.id()).isTrue();
            assertThat(s.head().rank()).as(s.id()).isEqualTo("SHO");
            assertThat(s.head().name()).as(s.id()).isEqualTo("Station House Officer " + s.name());
            assertThat(s.id()).as(s.id()).matches("(khi|hyd|lhr|isb|rwp|psh|qta)-[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(s.aliases()).as(s.id()).isNotEmpty();
        }
    }

    // ---------------------------------------------------------------- validation

    private static final String CITIES = """
            cities:
              - name: Karachi
                aliases: [Khi, کراچی]
              - name: Lahore
                aliases: [Lhr, لاہور]
            """;

    /** A valid station to put next to the one under test. */
    private static final String PREEDY = """
              - id: khi-preedy
                name: Preedy
                city: Karachi
                aliases: [Preedy thana, پریڈی]
                head: {name: Station House Officer Preedy, rank: SHO, email: sho.preedy.khi@example.org}
            """;

    private static String station(String body) {
        return CITIES + "stations:\n" + PREEDY + body;
    }

    private static String clifton(String aliases, String head, String extra) {
        return "  - id: khi-clifton\n    name: Clifton\n    city: Karachi\n    aliases: " + aliases + "\n    head: "
                + head + "\n" + extra;
    }

    private static final String HEAD = "{rank: SHO, email: sho.clifton.khi@example.org}";

    private static Arguments invalid(String problem, String yaml, String station, String field, String detail) {
        return Arguments.of(problem, yaml, station, field, detail);
    }

    static Stream<Arguments> invalidDirectories() {
        String clifton = "station 'khi-clifton' (stations[1])";
        return Stream.of(
                invalid("unknown top-level key", CITIES + "station:\n" + PREEDY, "", "field 'station'",
                        "unknown key"),
                invalid("unknown city key", CITIES.replace("aliases: [Lhr", "alias: [Lhr") + "stations:\n" + PREEDY,
                        "city 'Lahore' (cities[1])", "field 'alias'", "unknown key"),
                invalid("unknown station key", station(clifton("[Clifton thana]", HEAD, "    distrct: South\n")),
                        clifton, "field 'distrct'", "unknown key"),
                invalid("unknown head key",
                        station(clifton("[Clifton thana]", "{rank: SHO, emial: sho.clifton.khi@example.org}", "")),
                        clifton, "field 'head.emial'", "unknown key"),
                invalid("unknown coordinates key",
                        station(clifton("[Clifton thana]", HEAD, "    coordinates: {lat: 24.81, lng: 67.03}\n")),
                        clifton, "field 'coordinates.lng'", "unknown key"),
                invalid("missing id", station("  - name: Clifton\n    city: Karachi\n    head: " + HEAD + "\n"),
                        "stations[1]", "field 'id'", "missing"),
                invalid("missing name", station("  - id: khi-clifton\n    city: Karachi\n    head: " + HEAD + "\n"),
                        clifton, "field 'name'", "missing"),
                invalid("missing city", station("  - id: khi-clifton\n    name: Clifton\n    head: " + HEAD + "\n"),
                        clifton, "field 'city'", "missing"),
                invalid("missing head", station("  - id: khi-clifton\n    name: Clifton\n    city: Karachi\n"),
                        clifton, "field 'head'", "missing"),
                invalid("missing head.rank",
                        station(clifton("[Clifton thana]", "{email: sho.clifton.khi@example.org}", "")),
                        clifton, "field 'head.rank'", "missing"),
                invalid("missing head.email", station(clifton("[Clifton thana]", "{rank: SHO}", "")),
                        clifton, "field 'head.email'", "missing"),
                invalid("id not lower case",
                        station(clifton("[Clifton thana]", HEAD, "").replace("khi-clifton", "KHI_Clifton")),
                        "station 'KHI_Clifton' (stations[1])", "field 'id'", "not a valid id"),
                invalid("duplicate id", station(clifton("[Clifton thana]", HEAD, "").replace("khi-clifton",
                        "khi-preedy")), "station 'khi-preedy' (stations[1])", "field 'id'", "already used by stations[0]"),
                invalid("unknown city", station(clifton("[Clifton thana]", HEAD, "").replace("city: Karachi",
                        "city: Khi")), clifton, "field 'city'", "unknown city 'Khi' (did you mean 'Karachi'?); known cities: Karachi, Lahore"),
                invalid("email with a display name", station(clifton("[Clifton thana]",
                        "{rank: SHO, email: 'SHO Clifton <sho.clifton.khi@example.org>'}", "")),
                        clifton, "field 'head.email'", "is not an email address"),
                invalid("email with CR/LF", station(clifton("[Clifton thana]",
                        "{rank: SHO, email: \"sho.clifton.khi@example.org\\r\\nBcc: all@example.org\"}", "")),
                        clifton, "field 'head.email'", "\\u000D\\u000ABcc"),
                invalid("name with CR/LF", station(clifton("[Clifton thana]", HEAD, "").replace("name: Clifton",
                        "name: \"Clifton\\r\\nBcc: all@example.org\"")), clifton.replace("khi-clifton", "khi-clifton"),
                        "field 'name'", "control character (a line break?): \"Clifton\\u000D\\u000ABcc"),
                invalid("head name with a line break", station(clifton("[Clifton thana]",
                        "{name: \"SHO\\nSubject: pwned\", rank: SHO, email: sho.clifton.khi@example.org}", "")),
                        clifton, "field 'head.name'", "control character"),
                invalid("alias with a line separator", station(clifton("[\"Clifton\\u2028thana\"]", HEAD, "")),
                        clifton, "field 'aliases[0]'", "control character"),
                invalid("email without a top-level domain",
                        station(clifton("[Clifton thana]", "{rank: SHO, email: sho.clifton@localhost}", "")),
                        clifton, "field 'head.email'", "is not an email address"),
                invalid("email with a space",
                        station(clifton("[Clifton thana]", "{rank: SHO, email: sho clifton@example.org}", "")),
                        clifton, "field 'head.email'", "is not an email address"),
                invalid("coordinates out of range",
                        station(clifton("[Clifton thana]", HEAD, "    coordinates: {lat: 124.8, lon: 67.03}\n")),
                        clifton, "field 'coordinates.lat'", "out of range"),
                invalid("coordinates not a number",
                        station(clifton("[Clifton thana]", HEAD, "    coordinates: {lat: '24.8', lon: 67.03}\n")),
                        clifton, "field 'coordinates.lat'", "not a number"),
                invalid("coordinates outside Pakistan (swapped)",
                        station(clifton("[Clifton thana]", HEAD, "    coordinates: {lat: 67.03, lon: 24.81}\n")),
                        clifton, "field 'coordinates.lat'", "outside Pakistan"),
                invalid("coordinates without lon",
                        station(clifton("[Clifton thana]", HEAD, "    coordinates: {lat: 24.81}\n")),
                        clifton, "field 'coordinates.lon'", "missing"),
                invalid("alias shared by two stations of a city",
                        station(clifton("[Clifton thana, PREEDY Police-Station]", HEAD, "")),
                        clifton, "field 'aliases[1]'", "stations 'khi-preedy' and 'khi-clifton' cannot share it"),
                invalid("alias that is another station's name",
                        station(clifton("[پریڈی تھانہ]", HEAD, "")),
                        clifton, "field 'aliases[0]'", "station 'khi-preedy'"),
                invalid("alias equal to a city name", station(clifton("[Clifton thana, Karachi]", HEAD, "")),
                        clifton, "field 'aliases[1]'", "name (or an alias) of city 'Karachi'"),
                invalid("alias equal to a city's Urdu name", station(clifton("[کراچی تھانہ]", HEAD, "")),
                        clifton, "field 'aliases[0]'", "city 'Karachi'"),
                invalid("empty alias", station(clifton("[Clifton thana, '  ']", HEAD, "")),
                        clifton, "field 'aliases[1]'", "empty"),
                invalid("alias of police words only", station(clifton("[Police Station, Clifton]", HEAD, "")),
                        clifton, "field 'aliases[0]'", "nothing but police words"),
                invalid("alias that is not text", station(clifton("[Clifton thana, [a, b]]", HEAD, "")),
                        clifton, "field 'aliases[1]'", "expected text"),
                invalid("aliases not a list", station(clifton("Clifton thana", HEAD, "")),
                        clifton, "field 'aliases'", "expected a list"),
                invalid("name not text", station(clifton("[Clifton thana]", HEAD, "").replace("name: Clifton",
                        "name: 42")), clifton, "field 'name'", "expected text"),
                invalid("no cities", "stations:\n" + PREEDY, "", "field 'cities'", "non-empty list"),
                invalid("city listed twice", CITIES + "  - name: Karachi\nstations:\n" + PREEDY,
                        "city 'Karachi' (cities[2])", "field 'name'", "listed twice"),
                invalid("key given twice", station(clifton("[Clifton thana]", HEAD, "    aliases: [Clifton]\n")),
                        "", "field 'aliases'", "not valid YAML: Duplicate field 'aliases' (line 17, column"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDirectories")
    void aBrokenDirectoryIsRefusedNamingFileStationAndField(String problem, String yaml, String station, String field,
            String detail, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("stations.yaml"), yaml);

        assertThatThrownBy(() -> StationDirectory.load(file))
                .isInstanceOf(StationDirectoryException.class)
                .hasMessageStartingWith(file.toString())
                .hasMessageContaining(station)
                .hasMessageContaining(field)
                .hasMessageContaining(detail);
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("stations.yaml"), station("""
                  - name: Clifton
                    city: Quetta
                    head: {rank: SHO, email: not-an-address}
                """));

        assertThatThrownBy(() -> StationDirectory.load(file))
                .hasMessageContaining(file + ": 3 problems")
                .hasMessageContaining(file + ": stations[1], field 'id': missing")
                .hasMessageContaining(file + ": stations[1], field 'city': unknown city 'Quetta'")
                .hasMessageContaining(file + ": stations[1], field 'head.email': 'not-an-address'");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        Path file = dir.resolve("nowhere.yaml");
        assertThatThrownBy(() -> StationDirectory.load(file)).hasMessage(file + ": no such file");
    }

    @Test
    void whatIsAllowed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("stations.yaml"), station("""
                  - id: khi-clifton
                    name: Clifton
                    city: Karachi
                    district: Karachi South
                    aliases: [Clifton thana, clifton POLICE station, کلفٹن]
                    head: {rank: SHO, email: sho.clifton.khi@example.org}
                    coordinates: {lat: 24.81, lon: 67.03}
                  - id: lhr-preedy
                    name: Preedy
                    city: Lahore
                    aliases: [Preedy thana]
                    head: {name: Station House Officer Preedy, rank: SHO, email: sho.preedy.lhr@example.org}
                  - id: lhr-model-town
                    name: Model Town
                    city: Lahore
                    head: {rank: SHO, email: sho.model-town.lhr@example.org}
                """));

        StationDirectory directory = StationDirectory.load(file);

        // the same name in two cities, an alias repeated within one station, a station without aliases, no head name
        assertThat(directory.stations()).extracting(Station::id)
                .containsExactly("khi-preedy", "khi-clifton", "lhr-preedy", "lhr-model-town");
        Station clifton = directory.byId("khi-clifton").orElseThrow();
        assertThat(clifton.coordinates()).isEqualTo(new Station.Coordinates(24.81, 67.03));
        assertThat(clifton.district()).isEqualTo("Karachi South");
        assertThat(clifton.head().name()).isNull();
        assertThat(directory.byId("lhr-model-town").orElseThrow().aliases()).isEmpty();
        assertThat(directory.city("Lahore")).isPresent();
    }

    @Test
    void aliasesCompareWithoutCaseSeparatorsOrPoliceWords() {
        assertThat(StationDirectoryReader.aliasKey("Gulshan-e-Iqbal Police Station"))
                .isEqualTo(StationDirectoryReader.aliasKey("gulshan  e iqbal thana"))
                .isEqualTo("gulshan e iqbal");
        assertThat(StationDirectoryReader.aliasKey("R.A. Bazar PS")).isEqualTo("ra bazar");
        assertThat(StationDirectoryReader.aliasKey("تھانہ سہراب گوٹھ")).isEqualTo("سہراب گوٹھ");
        assertThat(StationDirectoryReader.aliasKey("كراچي")).isEqualTo(StationDirectoryReader.aliasKey("کراچی"));
        assertThat(StationDirectoryReader.aliasKey("Police Station")).isEmpty();
    }

    @Test
    void ofChecksIdsAndCities() {
        Station.Head head = new Station.Head(null, "SHO", "sho@example.org");
        City karachi = new City("Karachi", List.of());
        Station preedy = new Station("khi-preedy", "Preedy", "Karachi", null, List.of(), head, null);
        assertThatThrownBy(() -> StationDirectory.of(List.of(karachi), List.of(preedy, preedy)))
                .hasMessageContaining("khi-preedy");
        assertThatThrownBy(() -> StationDirectory.of(List.of(karachi),
                List.of(new Station("lhr-x", "X", "Lahore", null, List.of(), head, null))))
                .hasMessageContaining("unknown city 'Lahore'");
    }
}
