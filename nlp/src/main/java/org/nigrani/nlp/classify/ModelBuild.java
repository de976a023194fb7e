package org.nigrani.nlp.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import opennlp.tools.doccat.DoccatModel;
import org.nigrani.nlp.lang.LanguageIdentifier;

/**
 * Trains the models from the corpus folder and writes them with a metadata file; the build runs it.
 *
 * <p>Usage: {@code ModelBuild CORPUS_DIR OUTPUT_DIR}. The metadata records the corpus hash, the parameters and the
 * dev-split metrics, so any model file can be traced to the data that made it.
 */
public final class ModelBuild {

    public static final String METADATA = "model.json";
    /** How many times {@link #build} reports progress. */
    public static final int STEPS = 4;

    private ModelBuild() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ModelBuild CORPUS_DIR OUTPUT_DIR");
            System.exit(2);
        }
        Map<String, Object> metadata = build(Path.of(args[0]), Path.of(args[1]), Trainer.Parameters.DEFAULT);
        System.out.println("[nigrani] trained models: " + metadata);
    }

    /** Trains on the train split, evaluates on the dev split, writes both models and metadata to {@code out}. */
    public static Map<String, Object> build(Path corpusDir, Path out, Trainer.Parameters parameters) throws IOException {
        return build(corpusDir, out, parameters, step -> {});
    }

    /** As {@link #build(Path, Path, Trainer.Parameters)}, telling {@code progress} as each of {@link #STEPS} steps ends. */
    public static Map<String, Object> build(Path corpusDir, Path out, Trainer.Parameters parameters, Consumer<String> progress)
            throws IOException {
        return build(corpusDir, List.of(), out, parameters, progress);
    }

    /** As {@link #build(Path, Path, Trainer.Parameters, Consumer)}, with the posts of {@code extra} files added to the corpus. */
    public static Map<String, Object> build(Path corpusDir, List<Path> extra, Path out, Trainer.Parameters parameters,
            Consumer<String> progress) throws IOException {
        Corpus corpus = Corpus.read(corpusDir, extra);
        progress.accept("read " + corpus.posts().size() + " posts");
        Trainer.Models models = new Trainer(parameters).train(corpus.split("train"));
        progress.accept("trained");
        Files.createDirectories(out);
        write(models.relevance(), out.resolve(MisconductClassifier.RELEVANCE_MODEL));
        write(models.category(), out.resolve(MisconductClassifier.CATEGORY_MODEL));
        LanguageIdentifier.train(corpus.split("train")).save(out.resolve(MisconductClassifier.LANGUAGE_MODEL));
        progress.accept("written");

        // Calibrate on the dev split: the raw scores come from the uncalibrated model.
        Calibration.IDENTITY.write(out.resolve(Calibration.FILE));
        List<LabelledPost> dev = corpus.split("dev");
        MisconductClassifier raw = MisconductClassifier.fromDirectory(out, 0.5);
        double[] scores = new double[dev.size()];
        boolean[] positive = new boolean[dev.size()];
        List<double[]> before = new ArrayList<>();
        for (int i = 0; i < dev.size(); i++) {
            scores[i] = raw.classify(dev.get(i).text()).score();
            positive[i] = dev.get(i).positive();
            before.add(new double[] {scores[i], positive[i] ? 1 : 0});
        }
        Calibration calibration = Calibration.fit(scores, positive);
        calibration.write(out.resolve(Calibration.FILE));
        List<double[]> after = new ArrayList<>();
        for (int i = 0; i < dev.size(); i++) {
            after.add(new double[] {calibration.apply(scores[i]), positive[i] ? 1 : 0});
        }

        MisconductClassifier classifier = MisconductClassifier.fromDirectory(out, 0.5);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("corpus_sha256", corpus.sha256());
        metadata.put("corpus_posts", corpus.posts().size());
        if (!extra.isEmpty()) {
            metadata.put("extra_files", extra.stream().map(p -> p.getFileName().toString()).toList());
        }
        metadata.put("train_posts", corpus.split("train").size());
        metadata.put("parameters", parameters.describe());
        Map<String, Object> calibrationMetadata = new LinkedHashMap<>();
        calibrationMetadata.put("method", "platt on the dev split");
        calibrationMetadata.put("a", calibration.a());
        calibrationMetadata.put("b", calibration.b());
        calibrationMetadata.put("dev_ece_before", Math.round(Calibration.expectedError(before) * 1000) / 1000.0);
        calibrationMetadata.put("dev_ece_after", Math.round(Calibration.expectedError(after) * 1000) / 1000.0);
        metadata.put("calibration", calibrationMetadata);
        EvaluationReport devReport = EvaluationReport.of(classifier, dev);
        Map<String, Object> devMetrics = new Evaluation(devReport.positiveClass(), devReport.byLanguage()).describe();
        devMetrics.put("category_macro_f1", Math.round(devReport.categoryMacroF1() * 10_000) / 10_000.0);
        metadata.put("dev", devMetrics);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(METADATA).toFile(), metadata);
        progress.accept("evaluated on the dev split");
        return metadata;
    }

    private static void write(DoccatModel model, Path file) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            model.serialize(o);
        }
    }
}
