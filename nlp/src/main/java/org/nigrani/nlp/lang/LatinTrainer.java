package org.nigrani.nlp.lang;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nigrani.nlp.text.Normaliser;

/**
 * Trains the {@link LatinModel}: logistic regression with AdaGrad over hashed features, in a fixed order, so the
 * same posts always give the same weights.
 */
final class LatinTrainer {

    static final int TABLE_BITS = 18;
    static final int KNOWN_BITS = 20;
    static final int EPOCHS = 12;
    static final float LEARNING_RATE = 0.3f;
    static final long SEED = 20231106L;

    /** One training post reduced to what the model sees: feature indexes, and 1 for Roman Urdu, 0 for English. */
    record Example(int[] features, int label) {}

    private final List<Example> examples = new ArrayList<>();
    private final long[] known = new long[(1 << KNOWN_BITS) / 64];
    private final int mask = (1 << TABLE_BITS) - 1;

    /** Every Latin word of every training post counts as known, whatever the post's language. */
    void addVocabulary(String normalised) {
        for (String token : Normaliser.tokens(normalised)) {
            if (!token.startsWith("_")) {
                LatinFeatures.markKnown(known, LatinFeatures.wordHash(token));
            }
        }
    }

    void addExample(String normalised, int label) {
        int[] buffer = new int[LatinFeatures.capacity(normalised)];
        int n = (int) LatinFeatures.walk(normalised, null, mask, null, buffer, null);
        if (n > 0) {
            examples.add(new Example(java.util.Arrays.copyOf(buffer, n), label));
        }
    }

    int size() {
        return examples.size();
    }

    LatinModel train() {
        float[] w = new float[mask + 1];
        float[] g2 = new float[mask + 1];
        float bias = 0;
        float biasG2 = 0;
        int[] order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(SEED);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            shuffle(order, random);
            for (int idx : order) {
                Example e = examples.get(idx);
                float z = bias;
                for (int f : e.features()) {
                    z += w[f];
                }
                float g = sigmoid(z) - e.label();
                if (Math.abs(g) < 1e-4f) {
                    continue; // already right with confidence: nothing to learn, and it keeps AdaGrad's steps large
                }
                for (int f : e.features()) {
                    g2[f] += g * g;
                    w[f] -= LEARNING_RATE * g / (float) Math.sqrt(g2[f]);
                }
                biasG2 += g * g;
                bias -= LEARNING_RATE * g / (float) Math.sqrt(biasG2);
            }
        }
        return new LatinModel(w, bias, known.clone());
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    static float sigmoid(float z) {
        return 1f / (1f + (float) Math.exp(-z));
    }

    /**
     * Decides whether a mixed English/Roman Urdu post is mostly one or the other, by voting its words with how often
     * each occurs in the English and the Roman Urdu training posts; words common to both, or unseen, abstain.
     */
    static final class Majority {
        private final Map<String, int[]> counts = new HashMap<>();
        private int englishPosts;
        private int urduPosts;

        void add(String normalised, boolean romanUrdu) {
            if (romanUrdu) {
                urduPosts++;
            } else {
                englishPosts++;
            }
            for (String token : distinctWords(normalised)) {
                counts.computeIfAbsent(token, t -> new int[2])[romanUrdu ? 1 : 0]++;
            }
        }

        /** "en", "ur-Latn", or null when the votes tie. */
        String of(String normalised) {
            int en = 0;
            int ur = 0;
            for (String token : Normaliser.tokens(normalised)) {
                int[] c = counts.get(token);
                if (c == null || token.startsWith("_")) {
                    continue;
                }
                double enRate = (c[0] + 0.5) / (englishPosts + 1);
                double urRate = (c[1] + 0.5) / (urduPosts + 1);
                if (urRate > 3 * enRate) {
                    ur++;
                } else if (enRate > 3 * urRate) {
                    en++;
                }
            }
            return en == ur ? null : ur > en ? LanguageIdentifier.ROMAN_URDU : LanguageIdentifier.ENGLISH;
        }

        private static List<String> distinctWords(String normalised) {
            return java.util.Arrays.stream(Normaliser.tokens(normalised)).distinct().toList();
        }
    }
}
