package org.nigrani.nlp.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nigrani.nlp.station.StationDirectory;
import org.nigrani.nlp.testing.Shipped;

/**
 * The resolver against the shipped directory on a table of station mentions written like real posts
 * ({@code station-mentions.tsv}): micro precision and recall over mentions, with every miss and false hit printed.
 */
class StationResolutionTest {

    private static final String TABLE = "/org/nigrani/nlp/extract/station-mentions.tsv";
    private static final double MIN_PRECISION = 0.97;
    private static final double MIN_RECALL = 0.85;
    private static final int MIN_ROWS = 170;

    private record Row(int line, String text, Set<String> expected, String kind) {}

    private static StationDirectory directory;
    private static List<Row> rows;

    @BeforeAll
    static void load() throws Exception {
        directory = Shipped.stations();
        rows = new ArrayList<>();
        try (InputStream in = StationResolutionTest.class.getResourceAsStream(TABLE)) {
            assertThat(in).as(TABLE).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t", -1);
                assertThat(cols.length).as("%s:%d has text, expected ids and kind: %s", TABLE, n, line).isGreaterThanOrEqualTo(2);
                Set<String> expected = new LinkedHashSet<>();
                if (!cols[1].strip().equals("-")) {
                    for (String id : cols[1].split("\\|")) {
                        expected.add(id.strip());
                    }
                }
                rows.add(new Row(n, cols[0], expected, cols.length > 2 ? cols[2] : ""));
            }
        }
    }

    @Test
    void theTableIsLargeAndNamesOnlyStationsOfTheDirectory() {
        assertThat(rows).hasSizeGreaterThanOrEqualTo(MIN_ROWS);
        for (Row row : rows) {
            for (String id : row.expected()) {
                assertThat(directory.byId(id)).as("line %d: station id '%s' is in config/stations.yaml", row.line(), id).isPresent();
            }
        }
        assertThat(rows.stream().filter(r -> r.expected().isEmpty()).count()).as("rows that name no station").isGreaterThan(40);
        assertThat(rows.stream().filter(r -> r.expected().size() > 1).count()).as("rows that name several").isGreaterThan(5);
    }

    @Test
    void resolvesTheTableWithHighPrecisionAndGoodRecall() {
        StationResolver resolver = new StationResolver(directory);
        int truePositives = 0;
        int falsePositives = 0;
        int falseNegatives = 0;
        List<String> report = new ArrayList<>();
        for (Row row : rows) {
            List<StationMention> found = resolver.resolve(row.text());
            Set<String> got = new LinkedHashSet<>();
            found.forEach(m -> got.add(m.station().id()));
            assertThat(got).as("no station twice: %s", found).hasSize(found.size());
            for (String id : got) {
                if (row.expected().contains(id)) {
                    truePositives++;
                } else {
                    falsePositives++;
                    report.add(String.format("FALSE HIT line %d (%s): %s in \"%s\"; expected %s", row.line(), row.kind(), id,
                            row.text(), row.expected().isEmpty() ? "none" : row.expected()));
                }
            }
            for (String id : row.expected()) {
                if (!got.contains(id)) {
                    falseNegatives++;
                    report.add(String.format("MISS      line %d (%s): %s in \"%s\"; found %s", row.line(), row.kind(), id,
                            row.text(), got.isEmpty() ? "none" : got));
                }
            }
        }
        double precision = truePositives / (double) Math.max(1, truePositives + falsePositives);
        double recall = truePositives / (double) Math.max(1, truePositives + falseNegatives);
        System.out.printf("station mentions: %d rows, %d expected mentions; precision %.3f (%d/%d), recall %.3f (%d/%d)%n",
                rows.size(), truePositives + falseNegatives, precision, truePositives, truePositives + falsePositives, recall,
                truePositives, truePositives + falseNegatives);
        report.forEach(System.out::println);
        String diagnosis = String.join("\n", report);
        assertThat(precision).as("precision; misses and false hits:\n%s", diagnosis).isGreaterThanOrEqualTo(MIN_PRECISION);
        assertThat(recall).as("recall; misses and false hits:\n%s", diagnosis).isGreaterThanOrEqualTo(MIN_RECALL);
    }

    @Test
    void mentionsComeInTextOrderWithTheWordsAsWritten() {
        StationResolver resolver = new StationResolver(directory);
        List<StationMention> found = resolver.resolve("Pehle Preedy thane gaye, phir Frere police station, phir dobara SHO Preedy ke paas");
        assertThat(found).extracting(m -> m.station().id()).containsExactly("khi-preedy", "khi-frere");
        assertThat(found).extracting(StationMention::matched).containsExactly("Preedy thane", "Frere police station");
        assertThat(resolver.resolve("#SohrabGothPolice ne phir pakra")).extracting(StationMention::matched)
                .containsExactly("SohrabGothPolice");
        assertThat(resolver.resolve("تھانہ ہٹڑی کے اہلکار")).extracting(StationMention::matched).containsExactly("تھانہ ہٹڑی");
    }
}
