package org.nigrani.nlp.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nigrani.nlp.classify.EvaluationReport;
import org.nigrani.nlp.classify.LabelledPost;
import org.nigrani.nlp.classify.MisconductClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/monitor evaluate}: how the classifier does on a labelled set, with the posts it gets wrong. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate the classifier on labelled posts (JSON Lines with id, text, label; category and lang optional).")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "Labelled posts (JSON Lines).")
    Path input;

    @Mixin
    ModelOptions model;

    @Option(names = "--report-dir", defaultValue = ".local/evaluation",
            description = "Where the curve and the misclassified posts go (default: ${DEFAULT-VALUE}).")
    Path reportDir;

    @Option(names = "--show", defaultValue = "20", description = "Misclassified posts to print (default: ${DEFAULT-VALUE}).")
    int show;

    @Override
    public Integer call() throws IOException {
        PrintStream out = System.out;
        List<LabelledPost> posts = PostsFile.labelled(input);
        MisconductClassifier classifier = model.load();
        EvaluationReport report = EvaluationReport.of(classifier, posts);
        out.println("Evaluation of " + input);
        out.print(report.text());

        Files.createDirectories(reportDir);
        Path curve = reportDir.resolve("precision-recall.png");
        report.writePrecisionRecallCurve(curve);
        Path wrong = reportDir.resolve("misclassified.jsonl");
        try (JsonGenerator g = new JsonFactory().createGenerator(Files.newBufferedWriter(wrong))) {
            g.setRootValueSeparator(null);
            for (EvaluationReport.Scored s : report.misclassified()) {
                g.writeStartObject();
                g.writeStringField("id", s.post().id());
                g.writeStringField("label", s.post().label());
                g.writeStringField("predicted", s.verdict().label());
                g.writeNumberField("score", Math.round(s.verdict().score() * 10_000) / 10_000.0);
                g.writeStringField("lang", s.post().lang());
                g.writeStringField("text", s.post().text());
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
        List<EvaluationReport.Scored> misclassified = report.misclassified();
        out.printf("%n%,d misclassified (all in %s); the first %d:%n", misclassified.size(), wrong, Math.min(show, misclassified.size()));
        misclassified.stream().limit(show).forEach(s -> out.printf("  %-14s labelled %-17s score %.2f  %s%n", s.post().id(),
                s.post().label(), s.verdict().score(), oneLine(s.post().text())));
        out.printf("%nPrecision-recall curve: %s%n", curve);
        return 0;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() > 110 ? flat.substring(0, 110) + "…" : flat;
    }
}
