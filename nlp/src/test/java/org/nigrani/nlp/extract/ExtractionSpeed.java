package org.nigrani.nlp.extract;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nigrani.nlp.testing.Shipped;

/**
 * How many 280-character posts per second {@link EntityExtractor} handles on one thread: posts made of the labelled
 * corpus (all languages) cut to 280 characters, several warm-up rounds, then timed rounds. Not a test (timings on a
 * shared machine are no pass/fail criterion); run it after {@code mvn -o -q test-compile -pl nlp} with
 * <pre>
 * mvn -o -q exec:java -pl nlp -Dexec.mainClass=org.nigrani.nlp.extract.ExtractionSpeed -Dexec.classpathScope=test
 * </pre>
 */
public final class ExtractionSpeed {

    private ExtractionSpeed() {}

    public static void main(String[] args) throws IOException {
        EntityExtractor extractor = new EntityExtractor(Shipped.stations());
        List<String> posts = posts(280);
        System.out.printf("%,d posts of 280 characters from the corpus%n", posts.size());
        long sink = 0;
        for (int round = 0; round < 10; round++) {
            long start = System.nanoTime();
            int n = 0;
            while (System.nanoTime() - start < 2_000_000_000L) {
                for (String p : posts) {
                    Entities e = extractor.extract(p);
                    sink += e.officerTotal() + e.stations().size();
                    n++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s round %d: %,.0f posts/s (%.1f µs a post)%n", round < 5 ? "warm-up" : "timed  ", round,
                    n / seconds, seconds * 1e6 / n);
        }
        System.out.println("(checksum " + sink + ")");
    }

    /** The corpus texts, joined and cut into posts of {@code length} characters. */
    static List<String> posts(int length) throws IOException {
        Path corpus = Shipped.stationsFile().getParent().getParent().resolve("nlp/src/main/corpus");
        ObjectMapper json = new ObjectMapper();
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(corpus, "*.jsonl")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path f : sorted) {
                for (String line : Files.readAllLines(f)) {
                    sb.append(sb.length() == 0 ? "" : " ").append(json.readTree(line).get("text").asText());
                    if (sb.length() >= length) {
                        out.add(sb.substring(0, length));
                        sb.setLength(0);
                    }
                }
            }
        }
        return out;
    }
}
