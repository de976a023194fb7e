package org.nigrani.nlp.classify;

import java.util.Arrays;
import java.util.Map;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * A trained doccat maxent model laid out for fast scoring: one open-addressing table in which each slot holds a
 * feature's 64-bit hash followed by its weights, as floats.
 *
 * <p>Gives OpenNLP's {@code DocumentCategorizerME} probabilities (a maxent model's probability is the softmax of the
 * summed weights of the features present; a test checks the two agree to float precision), with no allocation per
 * feature. A post has a few hundred features and the table is megabytes, so each lookup is usually a cache miss:
 * keeping key and weights in one slot makes it one miss instead of three. Immutable after construction, so one
 * instance may serve many threads.
 */
final class CompiledModel {

    private final String[] outcomes;
    private final int n;
    /** Longs per slot: the key, then the weights two floats to a long. */
    private final int stride;
    private final long[] table;
    private final int mask;
    /** Whether the model was trained with character n-grams; if not, those features are not even looked up. */
    private final boolean charGrams;

    CompiledModel(DoccatModel doccat) {
        MaxentModel model = doccat.getMaxentModel();
        if (!(model instanceof AbstractModel abstractModel) || abstractModel.getModelType() != AbstractModel.ModelType.Maxent) {
            throw new IllegalArgumentException("expected a GIS maxent model, got " + model.getClass().getName());
        }
        n = model.getNumOutcomes();
        charGrams = java.util.Arrays.stream(doccat.getFactory().getFeatureGenerators()).anyMatch(g -> g instanceof CharNGrams);
        outcomes = new String[n];
        for (int o = 0; o < n; o++) {
            outcomes[o] = model.getOutcome(o);
        }
        @SuppressWarnings("unchecked")
        Map<String, Context> features = (Map<String, Context>) abstractModel.getDataStructures()[1];
        int capacity = Integer.highestOneBit(Math.max(16, features.size() * 2 - 1)) << 1;
        stride = 1 + (n + 1) / 2;
        table = new long[capacity * stride];
        mask = capacity - 1;
        for (Map.Entry<String, Context> e : features.entrySet()) {
            long key = FeatureHashes.of(e.getKey());
            int slot = probe(key);
            if (table[slot * stride] == key) {
                throw new IllegalStateException("feature hash collision: " + e.getKey());
            }
            table[slot * stride] = key;
            float[] w = new float[n];
            int[] ids = e.getValue().getOutcomes();
            double[] params = e.getValue().getParameters();
            for (int i = 0; i < ids.length; i++) {
                w[ids[i]] = (float) params[i];
            }
            for (int o = 0; o < n; o += 2) {
                long low = Float.floatToRawIntBits(w[o]) & 0xFFFFFFFFL;
                long high = o + 1 < n ? (long) Float.floatToRawIntBits(w[o + 1]) << 32 : 0;
                table[slot * stride + 1 + o / 2] = low | high;
            }
        }
    }

    int outcomeCount() {
        return n;
    }

    int indexOf(String outcome) {
        return Arrays.asList(outcomes).indexOf(outcome);
    }

    String outcome(int index) {
        return outcomes[index];
    }

    /** Where a feature's weights start, or -1 if the model does not know the feature. */
    int row(long hash) {
        int slot = probe(hash);
        return table[slot * stride] == hash ? slot * stride + 1 : -1;
    }

    float weight(int row, int outcome) {
        long packed = table[row + outcome / 2];
        return Float.intBitsToFloat((int) (outcome % 2 == 0 ? packed : packed >>> 32));
    }

    /** Outcome probabilities for a token array, as {@code DocumentCategorizerME.categorize} would give them. */
    double[] probabilities(String[] tokens) {
        return probabilities(FeatureHashes.vector(tokens, ActorCues.cues(tokens)), -1, null, null);
    }

    /**
     * Outcome probabilities for a post's features (hashed once for all models), and in the same pass
     * each word's and word pair's weight towards {@code outcome} over the strongest other outcome ({@code words[i]}:
     * word i with its character n-grams; {@code pairs[i]}: words i and i+1), which is what an explanation needs.
     */
    double[] probabilities(FeatureHashes.Vector features, int outcome, double[] words, double[] pairs) {
        double[] sums = new double[n];
        for (int f = 0; f < features.size; f++) {
            if (!charGrams && features.kinds[f] == FeatureHashes.CHARS) {
                continue;
            }
            int row = row(features.hashes[f]);
            if (row < 0) {
                continue;
            }
            int token = features.tokens[f];
            int kind = features.kinds[f];
            if (n == 2) { // the relevance model: both weights in one long
                long packed = table[row];
                float w0 = Float.intBitsToFloat((int) packed);
                float w1 = Float.intBitsToFloat((int) (packed >>> 32));
                sums[0] += w0;
                sums[1] += w1;
                if (outcome >= 0) {
                    double towards = outcome == 0 ? w0 - w1 : w1 - w0;
                    if (kind == FeatureHashes.BIGRAM) {
                        pairs[token] += towards;
                    } else if (kind != FeatureHashes.CUE) {
                        words[token] += towards;
                    }
                }
                continue;
            }
            for (int o = 0; o < n; o++) {
                sums[o] += weight(row, o);
            }
            if (outcome >= 0) {
                double others = Double.NEGATIVE_INFINITY;
                for (int o = 0; o < n; o++) {
                    others = o == outcome ? others : Math.max(others, weight(row, o));
                }
                double towards = weight(row, outcome) - others;
                if (kind == FeatureHashes.BIGRAM) {
                    pairs[token] += towards;
                } else if (kind != FeatureHashes.CUE) {
                    words[token] += towards;
                }
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double s : sums) {
            max = Math.max(max, s);
        }
        double total = 0;
        for (int o = 0; o < n; o++) {
            sums[o] = Math.exp(sums[o] - max);
            total += sums[o];
        }
        for (int o = 0; o < n; o++) {
            sums[o] /= total;
        }
        return sums;
    }

    private int probe(long key) {
        int slot = (int) (key ^ (key >>> 29)) & mask;
        while (table[slot * stride] != 0 && table[slot * stride] != key) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }
}
