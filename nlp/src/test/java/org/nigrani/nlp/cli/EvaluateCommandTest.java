package org.nigrani.nlp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nigrani.nlp.classify.MisconductClassifier;
import org.nigrani.nlp.classify.Verdict;

/** {@code bin/monitor evaluate} on a small labelled set with some deliberately hard and one deliberately mislabelled post. */
class EvaluateCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    /** Obvious cricket chatter labelled police_misconduct in the set, so there is always something misclassified. */
    private static final String MISLABELLED = "r08";

    @BeforeAll
    static void headless() {
        System.setProperty("java.awt.headless", "true");
    }

    private static Path labelledSet(Path dir) throws Exception {
        Path source = Path.of(EvaluateCommandTest.class.getResource("/cli/labelled.jsonl").toURI());
        return Files.copy(source, dir.resolve("labelled.jsonl"));
    }

    private static List<JsonNode> read(Path jsonl) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                nodes.add(JSON.readTree(line));
            }
        }
        return nodes;
    }

    @Test
    void reportsPerClassPerLanguageConfusionCategoriesCurveAndMisclassified(@TempDir Path dir) throws Exception {
        Path input = labelledSet(dir);
        Path reportDir = dir.resolve("report");

        Cli.Run run = Cli.run(new EvaluateCommand(), "--input", input.toString(), "--report-dir", reportDir.toString());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        String out = run.out();
        assertThat(out).contains("Evaluation of " + input).contains("30 posts, threshold 0.50");

        // what the classifier says about each post, independently of the command
        MisconductClassifier classifier = MisconductClassifier.fromClasspath(0.5);
        List<JsonNode> posts = read(input);
        assertThat(posts).hasSize(30);
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        List<String> wrongIds = new ArrayList<>();
        for (JsonNode p : posts) {
            boolean actual = p.get("label").textValue().equals("police_misconduct");
            boolean predicted = classifier.classify(p.get("text").textValue()).flagged();
            tp += actual && predicted ? 1 : 0;
            fp += !actual && predicted ? 1 : 0;
            fn += actual && !predicted ? 1 : 0;
            tn += !actual && !predicted ? 1 : 0;
            if (actual != predicted) {
                wrongIds.add(p.get("id").textValue());
            }
        }
        assertThat(wrongIds).contains(MISLABELLED);

        // per-class rows: precision, recall, F1, posts
        String number = "(\\d+[.,]\\d{3})";
        Matcher positive = Pattern.compile("(?m)^police_misconduct\\s+" + number + "\\s+" + number + "\\s+" + number + "\\s+(\\d+)$")
                .matcher(out);
        assertThat(positive.find()).as(out).isTrue();
        assertThat(positive.group(4)).isEqualTo(String.valueOf(tp + fn));
        assertThat(positive.group(1)).isEqualTo(String.format("%.3f", tp + fp == 0 ? 0 : (double) tp / (tp + fp)));
        assertThat(positive.group(2)).isEqualTo(String.format("%.3f", tp + fn == 0 ? 0 : (double) tp / (tp + fn)));
        Matcher negative = Pattern.compile("(?m)^not_relevant\\s+" + number + "\\s+" + number + "\\s+" + number + "\\s+(\\d+)$")
                .matcher(out);
        assertThat(negative.find()).as(out).isTrue();
        assertThat(negative.group(4)).isEqualTo(String.valueOf(fp + tn));
        assertThat(negative.group(2)).isEqualTo(String.format("%.3f", fp + tn == 0 ? 0 : (double) tn / (fp + tn)));

        // per-language section: every labelled language, and "unknown" for the posts without one
        int languages = out.indexOf("police_misconduct by language");
        assertThat(languages).as(out).isPositive();
        String byLanguage = out.substring(languages, out.indexOf("confusion", languages));
        for (String lang : List.of("en", "ur", "ur-Latn", "mixed", "unknown")) {
            assertThat(byLanguage).as(out).containsPattern("(?m)^" + Pattern.quote(lang) + "\\s+" + number);
        }

        // confusion matrix: rows labelled, columns predicted
        assertThat(out).contains("confusion (rows: labelled, columns: predicted)");
        Matcher confusionPositive = Pattern.compile("(?m)^police_misconduct\\s+(\\d+)\\s+(\\d+)$").matcher(out);
        assertThat(confusionPositive.find()).as(out).isTrue();
        assertThat(List.of(confusionPositive.group(1), confusionPositive.group(2))).containsExactly(String.valueOf(tp), String.valueOf(fn));
        Matcher confusionNegative = Pattern.compile("(?m)^not_relevant\\s+(\\d+)\\s+(\\d+)$").matcher(out);
        assertThat(confusionNegative.find()).as(out).isTrue();
        assertThat(List.of(confusionNegative.group(1), confusionNegative.group(2))).containsExactly(String.valueOf(fp), String.valueOf(tn));

        // categories: the macro-F1 and a row per category
        Matcher macro = Pattern.compile("macro-F1 (\\d+[.,]\\d{3})").matcher(out);
        assertThat(macro.find()).as(out).isTrue();
        assertThat(Double.parseDouble(macro.group(1).replace(',', '.'))).isBetween(0.0, 1.0);
        for (String category : List.of("violence", "unlawful_detention", "extortion", "harassment", "other_misconduct", "none")) {
            assertThat(out).containsPattern("(?m)^" + category + "(\\s+\\d+){6}$");
        }

        // the misclassified posts: exactly those where label != predicted, in input order, with what was predicted
        Path wrong = reportDir.resolve("misclassified.jsonl");
        assertThat(wrong).isRegularFile();
        List<JsonNode> misclassified = read(wrong);
        assertThat(misclassified.stream().map(n -> n.get("id").textValue()).toList()).containsExactlyElementsOf(wrongIds);
        for (JsonNode m : misclassified) {
            JsonNode post = posts.stream().filter(p -> p.get("id").equals(m.get("id"))).findFirst().orElseThrow();
            Verdict v = classifier.classify(post.get("text").textValue());
            assertThat(m.get("label")).isEqualTo(post.get("label"));
            assertThat(m.get("predicted").textValue()).isEqualTo(v.label()).isNotEqualTo(post.get("label").textValue());
            assertThat(m.get("score").doubleValue()).isBetween(0.0, 1.0).isCloseTo(v.score(), org.assertj.core.data.Offset.offset(1e-4));
            assertThat(m.get("text")).isEqualTo(post.get("text"));
        }
        assertThat(out).contains(wrongIds.size() + " misclassified").contains(MISLABELLED);

        // the precision-recall curve: a real 640x480 PNG
        Path curve = reportDir.resolve("precision-recall.png");
        assertThat(curve).isRegularFile();
        byte[] png = Files.readAllBytes(curve);
        assertThat(Arrays.copyOf(png, PNG_MAGIC.length)).isEqualTo(PNG_MAGIC);
        BufferedImage image = ImageIO.read(curve.toFile());
        assertThat(image).as("ImageIO reads the curve").isNotNull();
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
        assertThat(out).contains("Precision-recall curve: " + curve);
    }

    @Test
    void showLimitsThePrintedMisclassifiedButNotTheFile(@TempDir Path dir) throws Exception {
        Path reportDir = dir.resolve("report");
        Cli.Run run = Cli.run(new EvaluateCommand(), "--input", labelledSet(dir).toString(), "--report-dir", reportDir.toString(),
                "--show", "0");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).contains("the first 0:");
        assertThat(read(reportDir.resolve("misclassified.jsonl"))).isNotEmpty();
    }

    @Test
    void aMissingInputFailsNamingTheFile(@TempDir Path dir) {
        Path input = dir.resolve("no-such-labelled.jsonl");
        Path reportDir = dir.resolve("report");
        Cli.Run run = Cli.run(new EvaluateCommand(), "--input", input.toString(), "--report-dir", reportDir.toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains("input file not found").contains(input.toString());
        assertThat(reportDir).doesNotExist();
    }

    @Test
    void anInvalidLabelFailsWithFileAndLine(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("bad-label.jsonl"), String.join("\n",
                "{\"id\":\"a\",\"text\":\"police beat him at the thana\",\"label\":\"police_misconduct\"}",
                "",
                "{\"id\":\"b\",\"text\":\"cricket tonight\",\"label\":\"not_relevant\"}",
                "{\"id\":\"c\",\"text\":\"who knows\",\"label\":\"maybe\"}",
                "{\"id\":\"d\",\"text\":\"chai time\",\"label\":\"not_relevant\"}") + "\n");
        Path reportDir = dir.resolve("report");
        Cli.Run run = Cli.run(new EvaluateCommand(), "--input", input.toString(), "--report-dir", reportDir.toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).as("the line number counts blank lines").contains(input + ":4:").contains("label");
        assertThat(reportDir).doesNotExist();
    }

    @Test
    void anInvalidJsonLineFailsWithFileAndLine(@TempDir Path dir) throws Exception {
        Path input = Files.writeString(dir.resolve("bad-json.jsonl"),
                "{\"id\":\"a\",\"text\":\"cricket tonight\",\"label\":\"not_relevant\"}\n{\"id\":\"b\",\"text\":\n");
        Cli.Run run = Cli.run(new EvaluateCommand(), "--input", input.toString(), "--report-dir", dir.resolve("report").toString());
        assertThat(run.exitCode()).as(run.toString()).isNotZero();
        assertThat(run.err()).contains(input + ":2:");
    }
}
