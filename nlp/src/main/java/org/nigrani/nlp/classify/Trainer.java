package org.nigrani.nlp.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.util.CollectionObjectStream;
import opennlp.tools.util.TrainingParameters;
import org.nigrani.nlp.text.Normaliser;

/**
 * Trains the relevance and category models from labelled posts, deterministically.
 *
 * <p>Same corpus and parameters give the same models: samples are sorted by id and GIS maxent runs on one thread.
 */
public final class Trainer {

    /** Training parameters; the defaults are the ones the experiments settled on. */
    public record Parameters(String algorithm, int iterations, int cutoff) {
        public static final Parameters DEFAULT = new Parameters("MAXENT", 150, 1);

        public Parameters {
            // Only GIS maxent: the fast scorer (CompiledModel) reproduces exactly its softmax of summed weights.
            if (!"MAXENT".equals(algorithm)) {
                throw new IllegalArgumentException("algorithm must be MAXENT, was " + algorithm);
            }
            if (iterations < 1 || cutoff < 0) {
                throw new IllegalArgumentException("iterations must be ≥ 1 and cutoff ≥ 0");
            }
        }

        TrainingParameters toOpenNlp() {
            TrainingParameters p = new TrainingParameters();
            p.put(TrainingParameters.ALGORITHM_PARAM, algorithm);
            p.put(TrainingParameters.ITERATIONS_PARAM, iterations);
            p.put(TrainingParameters.CUTOFF_PARAM, cutoff);
            p.put(TrainingParameters.THREADS_PARAM, 1);
            return p;
        }

        /** For model.json: an ordered map, so the file is the same byte for byte from one run to the next. */
        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("algorithm", algorithm);
            m.put("iterations", iterations);
            m.put("cutoff", cutoff);
            m.put("relevance_features", List.of("word unigrams+bigrams", "character " + CharNGrams.N + "-grams",
                    "actor and act cues", "Roman Urdu spelling keys"));
            m.put("category_features", List.of("word unigrams+bigrams", "actor and act cues", "Roman Urdu spelling keys"));
            return m;
        }
    }

    /** Both trained models. */
    public record Models(DoccatModel relevance, DoccatModel category) {}

    private final Parameters parameters;

    public Trainer(Parameters parameters) {
        this.parameters = parameters;
    }

    public Models train(List<LabelledPost> training) {
        List<LabelledPost> sorted = training.stream().sorted(Comparator.comparing(LabelledPost::id)).toList();
        DoccatModel relevance = train(sorted, LabelledPost::label, RELEVANCE_FEATURES);
        DoccatModel category = train(sorted.stream().filter(LabelledPost::positive).toList(), LabelledPost::category, CATEGORY_FEATURES);
        return new Models(relevance, category);
    }

    /** Relevance must survive spelling it has not seen: words, character n-grams, spelling keys and cues. */
    private static final Supplier<FeatureGenerator[]> RELEVANCE_FEATURES =
            () -> new FeatureGenerator[] {new TokenNGrams(), new CharNGrams(), new ActorCues(), new FoldedWords()};
    /**
     * The kind of act is carried by words; character n-grams made the category model two and a half times the work
     * (it runs on every flagged post) for no measured gain, so it does without them.
     */
    private static final Supplier<FeatureGenerator[]> CATEGORY_FEATURES =
            () -> new FeatureGenerator[] {new TokenNGrams(), new ActorCues(), new FoldedWords()};

    private DoccatModel train(List<LabelledPost> posts, Function<LabelledPost, String> outcome, Supplier<FeatureGenerator[]> features) {
        if (posts.stream().map(outcome).distinct().count() < 2) {
            throw new IllegalArgumentException("training needs at least two distinct outcomes, got " + posts.size() + " posts");
        }
        List<DocumentSample> samples = posts.stream()
                .map(p -> new DocumentSample(outcome.apply(p), Normaliser.tokens(Normaliser.normalise(p.text()))))
                .filter(s -> s.getText().length > 0)
                .toList();
        DoccatFactory factory = new DoccatFactory(features.get());
        try {
            return DocumentCategorizerME.train("mul", new CollectionObjectStream<>(samples), parameters.toOpenNlp(), factory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
