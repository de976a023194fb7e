package org.nigrani.nlp.classify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import opennlp.tools.doccat.DoccatModel;
import org.nigrani.nlp.lang.LanguageIdentifier;
import org.nigrani.nlp.text.Normaliser;

/**
 * Decides whether a post alleges police misconduct, of which kind, and why.
 *
 * <p>Immutable once loaded, so it may be shared between threads; the job still loads one per subtask, which keeps
 * subtasks independent.
 */
public final class MisconductClassifier {

    /** Where the build puts the trained models inside the nlp jar. */
    public static final String CLASSPATH_MODEL_DIR = "org/nigrani/nlp/model/";
    static final String RELEVANCE_MODEL = "relevance.bin";
    static final String CATEGORY_MODEL = "category.bin";
    static final String LANGUAGE_MODEL = "lang.bin";
    static final int EXPLANATION_SIZE = 5;

    private final ModelTable models;
    private final LanguageIdentifier languages;
    private final Calibration calibration;
    private final double threshold;

    private MisconductClassifier(DoccatModel relevanceModel, DoccatModel categoryModel, LanguageIdentifier languages,
            Calibration calibration, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in 0..1, was " + threshold);
        }
        this.models = new ModelTable(relevanceModel, Labels.POLICE_MISCONDUCT, categoryModel);
        this.languages = languages;
        this.calibration = calibration;
        this.threshold = threshold;
    }

    /** Loads the models the build trained into the jar. */
    public static MisconductClassifier fromClasspath(double threshold) {
        return new MisconductClassifier(
                fromClasspath(RELEVANCE_MODEL, DoccatModel::new), fromClasspath(CATEGORY_MODEL, DoccatModel::new),
                fromClasspath(LANGUAGE_MODEL, LanguageIdentifier::load), fromClasspath(Calibration.FILE, Calibration::read), threshold);
    }

    /** Loads models written by {@link ModelBuild} to a folder (a configured model path). */
    public static MisconductClassifier fromDirectory(Path dir, double threshold) {
        Path lang = dir.resolve(LANGUAGE_MODEL);
        if (!Files.isRegularFile(lang)) {
            throw new IllegalArgumentException("model file not found: " + lang);
        }
        Path calibration = dir.resolve(Calibration.FILE);
        try (InputStream in = Files.newInputStream(calibration)) {
            return new MisconductClassifier(fileModel(dir.resolve(RELEVANCE_MODEL)), fileModel(dir.resolve(CATEGORY_MODEL)),
                    LanguageIdentifier.load(lang), Calibration.read(in), threshold);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + calibration, e);
        }
    }

    public double threshold() {
        return threshold;
    }

    /** Classifies one post's raw text. */
    public Verdict classify(String text) {
        String normalised = Normaliser.normalise(text);
        String lang = languages.identifyNormalised(normalised);
        String[] tokens = Normaliser.tokens(normalised);
        Scratch scratch = Scratch.forPost(tokens.length);
        double[] words = scratch.words;
        double[] pairs = scratch.pairs;
        FeatureHashes.Vector features = scratch.features;
        features.fill(normalised, tokens, ActorCues.cues(tokens));
        int[] slots = scratch.slots();
        double score = tokens.length == 0 ? 0 : calibration.apply(models.relevance(features, words, pairs, slots));
        if (score < threshold || tokens.length == 0) {
            return new Verdict(Labels.NOT_RELEVANT, score, Labels.NO_CATEGORY, lang, List.of());
        }
        double[] kinds = models.categoryProbabilities(features, slots);
        int best = 0;
        for (int k = 1; k < kinds.length; k++) {
            best = kinds[k] > kinds[best] ? k : best;
        }
        String kind = models.category(best);
        return new Verdict(Labels.POLICE_MISCONDUCT, score, kind, lang, Explainer.explain(tokens, words, pairs, EXPLANATION_SIZE));
    }

    /** Reads one model file of the kind {@code T}. */
    private interface Reader<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T fromClasspath(String name, Reader<T> reader) {
        String resource = CLASSPATH_MODEL_DIR + name;
        try (InputStream in = MisconductClassifier.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("model " + resource + " is not on the classpath: build the nlp module (mvn -pl nlp package) first");
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + resource, e);
        }
    }

    private static DoccatModel fileModel(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("model file not found: " + path);
        }
        try {
            return new DoccatModel(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + path, e);
        }
    }
}
