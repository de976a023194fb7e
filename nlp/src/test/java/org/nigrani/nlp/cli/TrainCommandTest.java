package org.nigrani.nlp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.nlp.classify.Corpus;
import org.nigrani.nlp.classify.ModelBuild;

/** {@code bin/monitor train} on a small corpus: 300 English and 200 Roman Urdu posts from the bundled corpus. */
class TrainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path corpus;
    static Path model;
    static Cli.Run training;

    @BeforeAll
    static void trainOnce() throws Exception {
        corpus = smallCorpus(shared.resolve("corpus"));
        model = shared.resolve("model");
        training = Cli.run(new TrainCommand(), "--corpus", corpus.toString(), "--output", model.toString());
    }

    static Path smallCorpus(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> en = Files.readAllLines(Path.of("src/main/corpus/en.jsonl"), StandardCharsets.UTF_8).subList(0, 300);
        List<String> roman = Files.readAllLines(Path.of("src/main/corpus/ur-Latn.jsonl"), StandardCharsets.UTF_8).subList(0, 200);
        Files.write(dir.resolve("en.jsonl"), en, StandardCharsets.UTF_8);
        Files.write(dir.resolve("ur-Latn.jsonl"), roman, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("README.md"), "not a corpus file: ignored\n");
        return dir;
    }

    @Test
    void writesTheModelsAndTheirMetadata() throws Exception {
        assertThat(training.exitCode()).as(training.toString()).isZero();
        for (String file : List.of("relevance.bin", "category.bin", "lang.bin", "model.json")) {
            assertThat(model.resolve(file)).as(file).isRegularFile().isNotEmptyFile();
        }
        assertThat(training.out()).contains("Models written to " + model).contains("--model-dir " + model).contains("Dev split:");
        // the progress bar is not asserted: progressbar writes to FileDescriptor.err, not to System.err, so it cannot be captured

        JsonNode metadata = JSON.readTree(model.resolve("model.json").toFile());
        Corpus expected = Corpus.read(corpus);
        assertThat(metadata.get("corpus_sha256").textValue()).matches("[0-9a-f]{64}").isEqualTo(expected.sha256());
        assertThat(metadata.get("corpus_posts").intValue()).isEqualTo(500).isEqualTo(expected.posts().size());
        assertThat(metadata.get("train_posts").intValue()).isEqualTo(expected.split("train").size());

        JsonNode parameters = metadata.get("parameters");
        assertThat(parameters.get("algorithm").textValue()).isEqualTo("MAXENT");
        assertThat(parameters.get("iterations").intValue()).isEqualTo(150);
        assertThat(parameters.get("cutoff").intValue()).isEqualTo(1);

        JsonNode dev = metadata.get("dev");
        assertThat(dev.get("posts").intValue()).isEqualTo(expected.split("dev").size()).isPositive();
        for (String metric : List.of("precision", "recall", "f1")) {
            assertThat(dev.get(metric).isNumber()).as(metric).isTrue();
            assertThat(dev.get(metric).doubleValue()).as(metric).isBetween(0.0, 1.0);
        }
        assertThat(dev.get("f1").doubleValue()).as("even a small corpus learns something").isGreaterThan(0.5);
        assertThat(dev.get("by_language").has("en")).isTrue();
        assertThat(dev.get("by_language").has("ur-Latn")).isTrue();
    }

    @Test
    void parametersOnTheCommandLineReachTheMetadata(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("model");
        Cli.Run run = Cli.run(new TrainCommand(), "--corpus", corpus.toString(), "--output", out.toString(),
                "--iterations", "20", "--cutoff", "2");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode parameters = JSON.readTree(out.resolve("model.json").toFile()).get("parameters");
        assertThat(parameters.get("iterations").intValue()).isEqualTo(20);
        assertThat(parameters.get("cutoff").intValue()).isEqualTo(2);
    }

    @Test
    void extraFilesSuchAsTheInvestigatorsFeedbackJoinTheCorpus(@TempDir Path dir) throws Exception {
        Path feedback = Files.writeString(dir.resolve("feedback.jsonl"), String.join("\n",
                "{\"id\":\"feedback-x-1\",\"text\":\"Cops at the naka took 500 from every rickshaw again tonight\",\"label\":\"police_misconduct\","
                        + "\"category\":\"extortion\",\"lang\":\"en\",\"platform\":\"x\",\"has_video\":false,\"station\":null,\"split\":\"train\"}",
                "{\"id\":\"feedback-x-2\",\"text\":\"Grammar police out in force in the comments today\",\"label\":\"not_relevant\","
                        + "\"category\":\"none\",\"lang\":\"en\",\"platform\":\"x\",\"has_video\":false,\"station\":null,\"split\":\"train\"}") + "\n");
        Path out = dir.resolve("model");
        Cli.Run run = Cli.run(new TrainCommand(), "--corpus", corpus.toString(), "--extra", feedback.toString(),
                "--output", out.toString(), "--iterations", "20");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode metadata = JSON.readTree(out.resolve("model.json").toFile());
        assertThat(metadata.get("corpus_posts").intValue()).isEqualTo(502);
        assertThat(metadata.get("extra_files").get(0).textValue()).isEqualTo("feedback.jsonl");

        Cli.Run missing = Cli.run(new TrainCommand(), "--corpus", corpus.toString(), "--extra", dir.resolve("none.jsonl").toString(),
                "--output", dir.resolve("m2").toString());
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("none.jsonl");
    }

    @Test
    void classifyUsesTheTrainedModelDir(@TempDir Path dir) throws Exception {
        assertThat(training.exitCode()).as(training.toString()).isZero();
        Path input = Files.writeString(dir.resolve("posts.jsonl"), String.join("\n",
                "{\"id\":\"a\",\"text\":\"The SHO and two constables beat my brother in custody and demanded a bribe for his release\"}",
                "{\"id\":\"b\",\"text\":\"Yaar aaj match dekhne chalein? Babar ki batting zabardast thi\"}",
                "{\"id\":\"c\"}") + "\n");
        Path output = dir.resolve("out.jsonl");
        Cli.Run run = Cli.run(new ClassifyCommand(), "--input", input.toString(), "--output", output.toString(),
                "--model-dir", model.toString(), "--stations", Cli.stations().toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).get("id").textValue()).isEqualTo("a");
        assertThat(lines.get(0).get("score").doubleValue()).isBetween(0.0, 1.0);
        assertThat(lines.get(1).get("lang").textValue()).isIn("en", "ur", "ur-Latn", "other");
        assertThat(lines.get(2).get("error")).isNotNull();
    }

    @Test
    void classifyWithAMissingModelDirFailsNamingIt(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("posts.jsonl"), "{\"id\":\"a\",\"text\":\"chai\"}\n");
        Path missing = dir.resolve("no-model");
        Cli.Run run = Cli.run(new ClassifyCommand(), "--input", input.toString(), "--output", dir.resolve("out.jsonl").toString(),
                "--model-dir", missing.toString(), "--stations", Cli.stations().toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains(missing.toString());
    }

    @Test
    void trainingTwiceGivesEqualMetadata(@TempDir Path dir) throws Exception {
        assertThat(training.exitCode()).as(training.toString()).isZero();
        Path again = dir.resolve("again");
        Cli.Run run = Cli.run(new TrainCommand(), "--corpus", corpus.toString(), "--output", again.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(JSON.readTree(again.resolve("model.json").toFile())).isEqualTo(JSON.readTree(model.resolve("model.json").toFile()));
        assertThat(Files.readString(again.resolve("model.json"))).isEqualTo(Files.readString(model.resolve("model.json")));
    }

    /**
     * model.json should be byte-identical across processes too (it is what traces a model to its data). It is not yet:
     * {@code Trainer.Parameters.describe()} and the calibration entry in {@code ModelBuild.build} use {@code Map.of},
     * whose iteration order is randomised per JVM, so the key order of "parameters" and "calibration" changes from
     * one run to the next. Enable once they use an ordered map.
     */
    @Test
    void trainingInTwoProcessesGivesByteIdenticalMetadata(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        for (Path out : List.of(first, second)) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ModelBuild.class.getName(), corpus.toString(), out.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve(out.getFileName() + ".log").toFile()).start();
            assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve(out.getFileName() + ".log"))).isZero();
        }
        assertThat(Files.readString(second.resolve("model.json"))).isEqualTo(Files.readString(first.resolve("model.json")));
    }

    @Test
    void aCorpusFolderWithoutJsonlFailsClearly(@TempDir Path dir) throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty-corpus"));
        Files.writeString(empty.resolve("notes.txt"), "no corpus here\n");
        Path out = dir.resolve("model");
        Cli.Run run = Cli.run(new TrainCommand(), "--corpus", empty.toString(), "--output", out.toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("no *.jsonl files in corpus folder").contains(empty.toString());
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingCorpusFolderFailsNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-corpus");
        Cli.Run run = Cli.run(new TrainCommand(), "--corpus", missing.toString(), "--output", dir.resolve("model").toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains(missing.toString());
    }
}
