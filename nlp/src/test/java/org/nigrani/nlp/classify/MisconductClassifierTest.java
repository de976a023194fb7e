package org.nigrani.nlp.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MisconductClassifierTest {

    private final MisconductClassifier classifier = MisconductClassifier.fromClasspath(0.5);

    @Test
    void flagsAPlainAllegationWithACategoryAndReasons() {
        Verdict v = classifier.classify("The SHO and two constables beat my brother in custody at the thana and demanded a bribe for his release");
        assertThat(v.flagged()).isTrue();
        assertThat(v.score()).isBetween(0.5, 1.0);
        assertThat(Labels.CATEGORIES).contains(v.category());
        assertThat(v.why()).isNotEmpty().hasSizeLessThanOrEqualTo(MisconductClassifier.EXPLANATION_SIZE);
    }

    @Test
    void passesOverOrdinaryChatter() {
        Verdict v = classifier.classify("Beautiful weather in Lahore today, perfect for chai and a long walk in the park");
        assertThat(v.flagged()).isFalse();
        assertThat(v.category()).isEqualTo(Labels.NO_CATEGORY);
        assertThat(v.why()).isEmpty();
    }

    @Test
    void emptyTextIsNeverFlagged() {
        assertThat(MisconductClassifier.fromClasspath(0).classify("   ").flagged()).isFalse();
    }

    @Test
    void thresholdZeroFlagsEverythingAndOneAlmostNothing() {
        assertThat(MisconductClassifier.fromClasspath(0).classify("cricket match today").flagged()).isTrue();
        assertThatThrownBy(() -> MisconductClassifier.fromClasspath(1.5)).hasMessageContaining("threshold");
    }

    @Test
    void theBuildsDevF1IsAtLeastTheFloor() {
        Corpus corpus = Corpus.read(Path.of("src/main/corpus"));
        Evaluation dev = Evaluation.of(classifier, corpus.split("dev"));
        assertThat(dev.overall().f1()).as("police_misconduct F1 on the dev split").isGreaterThanOrEqualTo(FLOOR);
    }

    /** Below this police_misconduct F1 on the dev split, the build's model is not fit to ship. */
    static final double FLOOR = 0.90;

    @Test
    void trainingIsDeterministic(@TempDir Path dir) throws Exception {
        Path corpusDir = Files.createDirectories(dir.resolve("corpus"));
        // a small slice keeps the test quick; determinism does not depend on size
        List<String> lines = Files.readAllLines(Path.of("src/main/corpus/en.jsonl")).subList(0, 300);
        Files.write(corpusDir.resolve("en.jsonl"), lines);
        var first = ModelBuild.build(corpusDir, dir.resolve("a"), Trainer.Parameters.DEFAULT);
        var second = ModelBuild.build(corpusDir, dir.resolve("b"), Trainer.Parameters.DEFAULT);
        assertThat(second).isEqualTo(first);
        MisconductClassifier a = MisconductClassifier.fromDirectory(dir.resolve("a"), 0.5);
        MisconductClassifier b = MisconductClassifier.fromDirectory(dir.resolve("b"), 0.5);
        for (String line : lines) {
            String text = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("text").asText();
            assertThat(b.classify(text)).isEqualTo(a.classify(text));
        }
    }
}
