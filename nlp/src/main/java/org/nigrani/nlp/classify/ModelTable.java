package org.nigrani.nlp.classify;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.ml.model.Context;

/**
 * The relevance and category models in one hash table keyed by feature, looked up once per feature of a post.
 *
 * <p>The relevance model has two outcomes, and the softmax of two sums is the logistic of their difference, so a slot
 * holds the feature's 64-bit hash and one number: its weight for police misconduct minus its weight for not relevant.
 * That is one add per feature and one {@code exp} per post, and exactly what an explanation credits a word with. The
 * difference is stored as two floats: the float difference of the two float weights (what the explanation adds up)
 * and the rounding error that makes their sum the exact difference, so scores are the two-outcome softmax's to
 * double precision.
 *
 * <p>The category model runs only on flagged posts, on the same features. Its weights sit in a dense array, one row
 * per feature in the order of the features' slots: the relevance pass notes each feature's slot, and the category
 * pass finds the row as the number of category features in the slots before it (a bit per slot and a running count
 * per 64 slots, 48 KB that stay in the cache), without a second hash look-up. Two hash tables of 4 MB each took
 * turns pushing each other out of the cache; the category rows take under 1 MB. Immutable after construction, so
 * one instance may serve many threads.
 */
final class ModelTable {

    /** Per slot: the key, then the difference's float and its remainder, two floats to a long. */
    private final long[] table;
    private final int mask;
    /** One bit per slot: whether the category model knows the slot's feature. */
    private final long[] inCategory;
    /** For each long of {@link #inCategory}: how many of the slots before it the category model knows. */
    private final int[] categoryRowsBefore;
    /** The category model's weights, {@code categories.length} floats to a row, in the order of their slots. */
    private final float[] categoryWeights;
    private final String[] categories;
    /** Whether either model was trained with character n-grams; if not, those features are not even looked up. */
    private final boolean charGrams;
    /** Whether the category model was; if not, the category pass passes over them. */
    private final boolean categoryCharGrams;

    /** The models; the relevance model scores {@code towards} over its other outcome. */
    ModelTable(DoccatModel relevanceModel, String towards, DoccatModel categoryModel) {
        CompiledModel.Weights relevance = CompiledModel.weights(relevanceModel);
        CompiledModel.Weights category = CompiledModel.weights(categoryModel);
        if (relevance.outcomes().length != 2) {
            throw new IllegalArgumentException("expected a relevance model of two outcomes, got " + relevance.outcomes().length);
        }
        int positive = Arrays.asList(relevance.outcomes()).indexOf(towards);
        if (positive < 0) {
            throw new IllegalArgumentException("the relevance model has no outcome " + towards);
        }
        charGrams = relevance.charGrams() || category.charGrams();
        categoryCharGrams = category.charGrams();
        categories = category.outcomes();
        // Features that weigh the same for both relevance outcomes move no score and no explanation, so only the
        // category model needs them, if it does; one the relevance model lacks gets a slot with a difference of 0.
        Set<String> keys = new LinkedHashSet<>();
        relevance.features().forEach((feature, weights) -> {
            float[] w = CompiledModel.weights(weights, 2);
            if (w[0] != w[1]) {
                keys.add(feature);
            }
        });
        keys.addAll(category.features().keySet());
        int capacity = Integer.highestOneBit(Math.max(16, keys.size() * 2 - 1)) << 1;
        table = new long[capacity * 2];
        mask = capacity - 1;
        inCategory = new long[(capacity + 63) / 64];
        categoryRowsBefore = new int[inCategory.length];
        float[][] categoryWeightsBySlot = new float[capacity][];
        for (String feature : keys) {
            long key = FeatureHashes.of(feature);
            int slot = probe(key);
            if (table[2 * slot] == key) {
                throw new IllegalStateException("feature hash collision: " + feature);
            }
            table[2 * slot] = key;
            Context weights = relevance.features().get(feature);
            if (weights != null) {
                float[] w = CompiledModel.weights(weights, 2);
                float difference = w[positive] - w[1 - positive];
                float remainder = (float) (((double) w[positive] - w[1 - positive]) - difference);
                table[2 * slot + 1] = Float.floatToRawIntBits(difference) & 0xFFFFFFFFL | (long) Float.floatToRawIntBits(remainder) << 32;
            }
            weights = category.features().get(feature);
            if (weights != null) {
                categoryWeightsBySlot[slot] = CompiledModel.weights(weights, categories.length);
                inCategory[slot >>> 6] |= 1L << slot;
            }
        }
        categoryWeights = new float[category.features().size() * categories.length];
        int rows = 0;
        for (int slot = 0; slot < capacity; slot++) {
            if (slot % 64 == 0) {
                categoryRowsBefore[slot >>> 6] = rows;
            }
            if (categoryWeightsBySlot[slot] != null) {
                System.arraycopy(categoryWeightsBySlot[slot], 0, categoryWeights, rows++ * categories.length, categories.length);
            }
        }
    }

    /**
     * The relevance model's probability of the outcome it scores towards, as {@link CompiledModel#probabilities} gives
     * it. Adds each word's and word pair's weight towards it to {@code words[i]} (word i with its character n-grams
     * and spelling key) and {@code pairs[i]} (words i and i+1), which is what an explanation needs; notes each
     * feature's slot in {@code slots} (-1 if none) for {@link #categoryProbabilities}.
     */
    double relevance(FeatureHashes.Vector features, double[] words, double[] pairs, int[] slots) {
        double d = 0;
        long[] hashes = features.hashes;
        byte[] kinds = features.kinds;
        int[] tokens = features.tokens;
        for (int f = 0; f < features.size; f++) {
            int kind = kinds[f];
            slots[f] = -1;
            if (!charGrams && kind == FeatureHashes.CHARS) {
                continue;
            }
            long key = hashes[f];
            int slot = probe(key);
            if (table[2 * slot] != key) {
                continue;
            }
            slots[f] = slot;
            long packed = table[2 * slot + 1];
            float difference = Float.intBitsToFloat((int) packed);
            d += (double) difference + Float.intBitsToFloat((int) (packed >>> 32));
            if (kind == FeatureHashes.BIGRAM) {
                pairs[tokens[f]] += difference;
            } else if (kind != FeatureHashes.CUE) {
                words[tokens[f]] += difference;
            }
        }
        // the softmax of (0, d) and of (-d, 0), computed as CompiledModel does it, with the larger sum at exp(0)
        return d >= 0 ? 1 / (Math.exp(-d) + 1) : Math.exp(d) / (Math.exp(d) + 1);
    }

    /** The category model's outcome probabilities for features whose slots {@link #relevance} noted. */
    double[] categoryProbabilities(FeatureHashes.Vector features, int[] slots) {
        int n = categories.length;
        double[] sums = new double[n];
        for (int f = 0; f < features.size; f++) {
            if (!categoryCharGrams && features.kinds[f] == FeatureHashes.CHARS) {
                continue;
            }
            int row = slots[f] < 0 ? -1 : categoryRow(slots[f]);
            if (row < 0) {
                continue;
            }
            for (int o = 0; o < n; o++) {
                sums[o] += categoryWeights[row * n + o];
            }
        }
        return CompiledModel.softmax(sums);
    }

    /** The slot's row of {@link #categoryWeights}, or -1 if the category model does not know its feature. */
    private int categoryRow(int slot) {
        long bits = inCategory[slot >>> 6];
        long bit = 1L << slot;
        return (bits & bit) == 0 ? -1 : categoryRowsBefore[slot >>> 6] + Long.bitCount(bits & (bit - 1));
    }

    String category(int index) {
        return categories[index];
    }

    private int probe(long key) {
        int slot = (int) (key ^ (key >>> 29)) & mask;
        while (table[2 * slot] != 0 && table[2 * slot] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}
