package org.nigrani.nlp.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import org.junit.jupiter.api.Test;
import org.nigrani.nlp.text.Normaliser;

class CompiledModelTest {

    private static DoccatModel bundled(String name) throws Exception {
        try (InputStream in = CompiledModelTest.class.getClassLoader()
                .getResourceAsStream(MisconductClassifier.CLASSPATH_MODEL_DIR + name)) {
            return new DoccatModel(in);
        }
    }

    private static List<String[]> devTokens() {
        Corpus corpus = Corpus.read(Path.of("src/main/corpus"));
        return corpus.split("dev").stream().map(p -> Normaliser.tokens(Normaliser.normalise(p.text()))).toList();
    }

    @Test
    void givesTheSameProbabilitiesAsOpenNlp() throws Exception {
        for (String name : List.of(MisconductClassifier.RELEVANCE_MODEL, MisconductClassifier.CATEGORY_MODEL)) {
            DoccatModel model = bundled(name);
            DocumentCategorizerME reference = new DocumentCategorizerME(model);
            CompiledModel compiled = new CompiledModel(model);
            for (String[] tokens : devTokens()) {
                double[] expected = reference.categorize(tokens);
                double[] actual = compiled.probabilities(tokens);
                for (int o = 0; o < expected.length; o++) {
                    assertThat(actual[compiled.indexOf(reference.getCategory(o))]).isCloseTo(expected[o], within(1e-5));
                }
            }
        }
    }

    @Test
    void theDifferenceScorerGivesTheTwoOutcomeProbabilityAndEachWordsWeight() throws Exception {
        DoccatModel model = bundled(MisconductClassifier.RELEVANCE_MODEL);
        CompiledModel twoOutcomes = new CompiledModel(model);
        TwoClassModel difference = new TwoClassModel(model, Labels.POLICE_MISCONDUCT);
        int positive = twoOutcomes.indexOf(Labels.POLICE_MISCONDUCT);
        for (String[] tokens : devTokens()) {
            FeatureHashes.Vector features = FeatureHashes.vector(tokens, ActorCues.cues(tokens));
            double[] words = new double[tokens.length];
            double[] pairs = new double[tokens.length];
            double probability = difference.probability(features, words, pairs);
            assertThat(probability).isCloseTo(twoOutcomes.probabilities(features)[positive], within(1e-12));
            // an explanation credits each word with its features' float weight for the outcome minus the other's
            double[] expectedWords = new double[tokens.length];
            double[] expectedPairs = new double[tokens.length];
            for (int f = 0; f < features.size; f++) {
                int row = twoOutcomes.row(features.hashes[f]);
                if (row >= 0) {
                    float towards = twoOutcomes.weight(row, positive) - twoOutcomes.weight(row, 1 - positive);
                    switch (features.kinds[f]) {
                        case FeatureHashes.BIGRAM -> expectedPairs[features.tokens[f]] += towards;
                        case FeatureHashes.CUE -> { }
                        default -> expectedWords[features.tokens[f]] += towards;
                    }
                }
            }
            assertThat(words).containsExactly(expectedWords);
            assertThat(pairs).containsExactly(expectedPairs);
        }
    }

    @Test
    void hashesExactlyTheFeaturesTheGeneratorsProduce() {
        for (String[] tokens : devTokens()) {
            List<Long> fromStrings = new ArrayList<>();
            new TokenNGrams().extractFeatures(tokens, Map.of()).forEach(f -> fromStrings.add(FeatureHashes.of(f)));
            new CharNGrams().extractFeatures(tokens, Map.of()).forEach(f -> fromStrings.add(FeatureHashes.of(f)));
            new ActorCues().extractFeatures(tokens, Map.of()).forEach(f -> fromStrings.add(FeatureHashes.of(f)));
            new FoldedWords().extractFeatures(tokens, Map.of()).forEach(f -> fromStrings.add(FeatureHashes.of(f)));
            List<Long> hashed = new ArrayList<>();
            FeatureHashes.forEach(tokens, (hash, token, kind) -> hashed.add(hash));
            Collections.sort(fromStrings);
            Collections.sort(hashed);
            assertThat(hashed).isEqualTo(fromStrings);
        }
    }
}
