package org.nigrani.nlp.classify;

import java.util.Map;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.ml.model.Context;

/**
 * A two-outcome maxent model (the relevance model) stored as one number per feature: its weight for one outcome
 * minus its weight for the other.
 *
 * <p>The softmax of two sums is the logistic of their difference, so scoring needs only the summed differences: one
 * add per feature, one {@code exp} per post. The difference is also exactly what an explanation credits a word with.
 * Each slot holds the feature's 64-bit hash and its difference as two floats: the float difference of the two float
 * weights, as {@link CompiledModel} computed the explanation, and the rounding error that makes their sum the exact
 * difference, so scores agree with {@link CompiledModel}'s to double precision. Immutable after construction.
 */
final class TwoClassModel {

    /** Per slot: the key, then the difference's float and its remainder, two floats to a long. */
    private final long[] table;
    private final int mask;
    /** Whether the model was trained with character n-grams; if not, those features are not even looked up. */
    private final boolean charGrams;

    /** The model, scoring {@code towards} over the other outcome. */
    TwoClassModel(DoccatModel doccat, String towards) {
        CompiledModel.Weights weights = CompiledModel.weights(doccat);
        if (weights.outcomes().length != 2) {
            throw new IllegalArgumentException("expected a model of two outcomes, got " + weights.outcomes().length);
        }
        int positive = java.util.Arrays.asList(weights.outcomes()).indexOf(towards);
        if (positive < 0) {
            throw new IllegalArgumentException("the model has no outcome " + towards);
        }
        charGrams = weights.charGrams();
        Map<String, Context> features = weights.features();
        int capacity = Integer.highestOneBit(Math.max(16, features.size() * 2 - 1)) << 1;
        table = new long[capacity * 2];
        mask = capacity - 1;
        for (Map.Entry<String, Context> e : features.entrySet()) {
            float[] w = CompiledModel.weights(e.getValue(), 2);
            float difference = w[positive] - w[1 - positive];
            float remainder = (float) (((double) w[positive] - w[1 - positive]) - difference);
            if (difference == 0 && remainder == 0) {
                continue; // weighs the same for both outcomes, so it moves no score and no explanation
            }
            long key = FeatureHashes.of(e.getKey());
            int slot = probe(key);
            if (table[2 * slot] == key) {
                throw new IllegalStateException("feature hash collision: " + e.getKey());
            }
            table[2 * slot] = key;
            table[2 * slot + 1] = Float.floatToRawIntBits(difference) & 0xFFFFFFFFL | (long) Float.floatToRawIntBits(remainder) << 32;
        }
    }

    /**
     * The probability of the outcome the model scores towards, as {@link CompiledModel#probabilities} gives it; adds
     * each word's and word pair's weight towards it to {@code words[i]} (word i with its character n-grams and spelling
     * key) and {@code pairs[i]} (words i and i+1), which is what an explanation needs.
     */
    double probability(FeatureHashes.Vector features, double[] words, double[] pairs) {
        double d = logOdds(features, words, pairs);
        // the softmax of (0, d) and of (-d, 0), computed as CompiledModel does it, with the larger sum at exp(0)
        return d >= 0 ? 1 / (Math.exp(-d) + 1) : Math.exp(d) / (Math.exp(d) + 1);
    }

    /** The summed differences; see {@link #probability}. */
    double logOdds(FeatureHashes.Vector features, double[] words, double[] pairs) {
        double sum = 0;
        long[] hashes = features.hashes;
        byte[] kinds = features.kinds;
        int[] tokens = features.tokens;
        for (int f = 0; f < features.size; f++) {
            int kind = kinds[f];
            if (!charGrams && kind == FeatureHashes.CHARS) {
                continue;
            }
            long key = hashes[f];
            int slot = probe(key);
            if (table[2 * slot] != key) {
                continue;
            }
            long packed = table[2 * slot + 1];
            float difference = Float.intBitsToFloat((int) packed);
            sum += (double) difference + Float.intBitsToFloat((int) (packed >>> 32));
            if (kind == FeatureHashes.BIGRAM) {
                pairs[tokens[f]] += difference;
            } else if (kind != FeatureHashes.CUE) {
                words[tokens[f]] += difference;
            }
        }
        return sum;
    }

    private int probe(long key) {
        int slot = (int) (key ^ (key >>> 29)) & mask;
        while (table[2 * slot] != 0 && table[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}
