package org.nigrani.nlp.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
        Corpus corpus = Corpus.read(corpusDir);
        progress.accept("read " + corpus.posts().size() + " posts");
        Trainer.Models models = new Trainer(parameters).train(corpus.split("train"));
        progress.accept("trained");
        Files.createDirectories(out);
        write(models.relevance(), out.resolve(MisconductClassifier.RELEVANCE_MODEL));
        write(models.category(), out.resolve(MisconductClassifier.CATEGORY_MODEL));
        LanguageIdentifier.train(corpus.split("train")).save(out.resolve(MisconductClassifier.LANGUAGE_MODEL));
        progress.accept("written");

        MisconductClassifier classifier = MisconductClassifier.fromDirectory(out, 0.5);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("corpus_sha256", corpus.sha256());
        metadata.put("corpus_posts", corpus.posts().size());
        metadata.put("train_posts", corpus.split("train").size());
        metadata.put("parameters", parameters.describe());
        metadata.put("dev", Evaluation.of(classifier, corpus.split("dev")).describe());
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
