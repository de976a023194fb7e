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
    void theJointTableScoresAsTheTwoModelsDoAndCreditsEachWordItsWeight() throws Exception {
        DoccatModel relevanceModel = bundled(MisconductClassifier.RELEVANCE_MODEL);
        DoccatModel categoryModel = bundled(MisconductClassifier.CATEGORY_MODEL);
        CompiledModel relevance = new CompiledModel(relevanceModel);
        CompiledModel category = new CompiledModel(categoryModel);
        ModelTable table = new ModelTable(relevanceModel, Labels.POLICE_MISCONDUCT, categoryModel);
        int positive = relevance.indexOf(Labels.POLICE_MISCONDUCT);
        for (String[] tokens : devTokens()) {
            FeatureHashes.Vector features = FeatureHashes.vector(tokens, ActorCues.cues(tokens));
            double[] words = new double[tokens.length];
            double[] pairs = new double[tokens.length];
            int[] slots = new int[features.size];
            // one weight difference per feature: the two-outcome softmax to double precision
            assertThat(table.relevance(features, words, pairs, slots)).isCloseTo(relevance.probabilities(features)[positive], within(1e-12));
            // the category rows found through the relevance slots: the same sums in the same order
            double[] expected = category.probabilities(features);
            double[] actual = table.categoryProbabilities(features, slots);
            for (int o = 0; o < expected.length; o++) {
                assertThat(actual[category.indexOf(table.category(o))]).isEqualTo(expected[o]);
            }
            // an explanation credits each word with its features' float weight for the outcome minus the other's
            double[] expectedWords = new double[tokens.length];
            double[] expectedPairs = new double[tokens.length];
            for (int f = 0; f < features.size; f++) {
                int row = relevance.row(features.hashes[f]);
                if (row >= 0) {
                    float towards = relevance.weight(row, positive) - relevance.weight(row, 1 - positive);
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
