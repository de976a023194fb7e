package org.nigrani.nlp.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nigrani.nlp.station.City;
import org.nigrani.nlp.station.Station;
import org.nigrani.nlp.station.StationDirectory;

/** The resolver's rules on small directories built for each case. */
class StationResolverTest {

    private static final List<City> CITIES = List.of(new City("Karachi", List.of("Khi", "کراچی")),
            new City("Lahore", List.of("Lhr", "لاہور")), new City("Islamabad", List.of("Isb", "اسلام آباد")));

    private static Station station(String id, String name, String city, String... aliases) {
        return new Station(id, name, city, null, List.of(aliases),
                new Station.Head("Station House Officer " + name, "SHO", "sho." + id + "@example.org"), null);
    }

    private static final StationDirectory DIRECTORY = StationDirectory.of(CITIES, List.of(
            station("khi-site", "SITE", "Karachi", "SITE police station"),
            station("khi-site-a", "SITE-A", "Karachi", "SITE A"),
            station("khi-site-super-highway", "SITE Super Highway", "Karachi", "Super Highway thana", "سپر ہائی وے تھانہ"),
            station("khi-sohrab-goth", "Sohrab Goth", "Karachi", "Sohrabgoth", "سہراب گوٹھ"),
            station("khi-preedy", "Preedy", "Karachi", "Preedy thana", "پریڈی"),
            station("khi-gulshan-e-iqbal", "Gulshan-e-Iqbal", "Karachi", "Gulshan Iqbal", "گلشن اقبال"),
            station("khi-gulshan-e-hadeed", "Gulshan-e-Hadeed", "Karachi"),
            station("khi-saddar", "Saddar", "Karachi", "Saddar Karachi", "صدر کراچی"),
            station("lhr-model-town", "Model Town", "Lahore", "Model Town thana"),
            station("lhr-shalimar", "Shalimar", "Lahore", "Shalamar"),
            station("isb-shalimar", "Shalimar", "Islamabad"),
            station("isb-kohsar", "Kohsar", "Islamabad", "کوہسار"),
            station("isb-karachi-company", "Karachi Company", "Islamabad")));

    private static final StationResolver RESOLVER = new StationResolver(DIRECTORY);

    private static List<String> ids(String text) {
        return RESOLVER.resolve(text).stream().map(m -> m.station().id()).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            SITE police ne pakra                                  | khi-site
            SITE-A police ne pakra                                | khi-site-a
            SITE A thana                                          | khi-site-a
            SITE Super Highway police                             | khi-site-super-highway
            Super Highway thana ke sipahi                         | khi-site-super-highway
            Gulshan-e-Iqbal police                                | khi-gulshan-e-iqbal
            Gulshan-e-Hadeed police                               | khi-gulshan-e-hadeed
            Gulshan police                                        | -
            Model Town police station                             | lhr-model-town
            Model Colony police station                           | -
            """)
    void theLongestNameWins(String text, String expected) {
        assertThat(ids(text)).isEqualTo(expected == null ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Preedi thana ke SHO                  | khi-preedy
            Pridy police station                 | khi-preedy
            Sohrab Goath police                  | khi-sohrab-goth
            Sohrabgoth police                    | khi-sohrab-goth
            Sohrab-Goth police                   | khi-sohrab-goth
            #sohrabgothpolice                    | khi-sohrab-goth
            #SohrabGothPolice                    | khi-sohrab-goth
            Kohsaar police                       | isb-kohsar
            gulshaneiqbal police                 | khi-gulshan-e-iqbal
            Gulshan e Iqbal thane                | khi-gulshan-e-iqbal
            گلشنِ اقبال تھانے                    | khi-gulshan-e-iqbal
            تهانه پريڈي                          | khi-preedy
            SITE-B police                        | -
            Site police                          | khi-site
            moral police                         | -
            Kohsar Market ke bahar               | -
            """)
    void toleratesSpellingSpacingAndScriptButNeverFuzzyOnShortWords(String text, String expected) {
        assertThat(ids(text)).isEqualTo(expected == null ? List.of() : List.of(expected));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Shalimar police ne pakra                                 | -
            Shalimar police Lahore ne pakra                          | lhr-shalimar
            Shalimar thana, اسلام آباد                               | isb-shalimar
            Shalimar police beat me in Lahore and then Islamabad too | -
            Shalamar police ne pakra                                 | lhr-shalimar
            Kohsar police aur Shalimar police dono                   | isb-kohsar isb-shalimar
            Saddar police ne pakra                                   | -
            Saddar police Karachi ne pakra                           | khi-saddar
            تھانہ صدر کراچی                                          | khi-saddar
            Karachi Company police                                   | isb-karachi-company
            Karachi Company police aur Shalimar police               | isb-karachi-company isb-shalimar
            Preedy thana, Lahore se aaye bhai ko pakra               | -
            """)
    void aSharedNameNeedsItsCity(String text, String expected) {
        assertThat(ids(text)).isEqualTo(expected == null ? List.of() : List.of(expected.split(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            near Sohrab Goth the police stopped us
            Sohrab Goth mein police ka naka
            Sohrab Goth, police ne kaha
            We went to Preedy. Police there were rude
            police ne Sohrab Goth se uthaya
            Sohrab Goth KMC office
            Sohrab Goth traffic police
            Sohrab Goth ki chowki
            North Preedy police
            thana Preedy Road wale
            """)
    void aPlaceNotNamedAsAStationIsNoStation(String text) {
        assertThat(ids(text)).isEmpty();
    }

    @Test
    void severalStationsComeInTextOrderOnceEach() {
        assertThat(ids("SHO Preedy ne Kohsar police ko call kiya, phir Preedy thana wapas")).containsExactly("khi-preedy", "isb-kohsar");
        assertThat(ids("Preedy and SITE-A police stations")).containsExactly("khi-preedy", "khi-site-a");
    }

    @Test
    void emptyAndBlankTextsNameNoStation() {
        assertThat(RESOLVER.resolve("")).isEmpty();
        assertThat(RESOLVER.resolve("   ")).isEmpty();
        assertThat(RESOLVER.resolve(null)).isEmpty();
        assertThat(RESOLVER.resolve("police")).isEmpty();
        assertThat(RESOLVER.resolve("thana")).isEmpty();
    }

    @Test
    void isSafeToShareBetweenThreads() throws Exception {
        List<String> texts = List.of("Preedi thana ke SHO", "Shalimar police Lahore", "تھانہ صدر کراچی", "Sohrabgoth police");
        List<List<String>> expected = texts.stream().map(StationResolverTest::ids).toList();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        int k = i % texts.size();
                        if (!ids(texts.get(k)).equals(expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
