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
 *
 * <p>The classifier scores with {@link ModelTable}, which holds the relevance and category models together; this
 * scorer of any maxent model is the reference a test holds that table to, and reads the weights for it.
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

    /** What a GIS maxent doccat model holds: its outcomes, each feature's weights, and whether it uses {@link CharNGrams}. */
    record Weights(String[] outcomes, Map<String, Context> features, boolean charGrams) {}

    static Weights weights(DoccatModel doccat) {
        MaxentModel model = doccat.getMaxentModel();
        if (!(model instanceof AbstractModel abstractModel) || abstractModel.getModelType() != AbstractModel.ModelType.Maxent) {
            throw new IllegalArgumentException("expected a GIS maxent model, got " + model.getClass().getName());
        }
        String[] outcomes = new String[model.getNumOutcomes()];
        for (int o = 0; o < outcomes.length; o++) {
            outcomes[o] = model.getOutcome(o);
        }
        @SuppressWarnings("unchecked")
        Map<String, Context> features = (Map<String, Context>) abstractModel.getDataStructures()[1];
        boolean charGrams = Arrays.stream(doccat.getFactory().getFeatureGenerators()).anyMatch(g -> g instanceof CharNGrams);
        return new Weights(outcomes, features, charGrams);
    }

    /** A feature's weight for each of {@code n} outcomes, as floats (0 for an outcome it has no parameter for). */
    static float[] weights(Context feature, int n) {
        float[] w = new float[n];
        int[] ids = feature.getOutcomes();
        double[] params = feature.getParameters();
        for (int i = 0; i < ids.length; i++) {
            w[ids[i]] = (float) params[i];
        }
        return w;
    }

    CompiledModel(DoccatModel doccat) {
        Weights weights = weights(doccat);
        outcomes = weights.outcomes();
        n = outcomes.length;
        charGrams = weights.charGrams();
        Map<String, Context> features = weights.features();
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
            float[] w = weights(e.getValue(), n);
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
        return probabilities(FeatureHashes.vector(tokens, ActorCues.cues(tokens)));
    }

    /** Outcome probabilities for a post's features (hashed once for all models). */
    double[] probabilities(FeatureHashes.Vector features) {
        double[] sums = new double[n];
        for (int f = 0; f < features.size; f++) {
            if (!charGrams && features.kinds[f] == FeatureHashes.CHARS) {
                continue;
            }
            int row = row(features.hashes[f]);
            if (row < 0) {
                continue;
            }
            for (int o = 0; o < n; o++) {
                sums[o] += weight(row, o);
            }
        }
        return softmax(sums);
    }

    /** Turns summed weights into probabilities, in place, as OpenNLP's maxent model does. */
    static double[] softmax(double[] sums) {
        double max = Double.NEGATIVE_INFINITY;
        for (double s : sums) {
            max = Math.max(max, s);
        }
        double total = 0;
        for (int o = 0; o < sums.length; o++) {
            sums[o] = Math.exp(sums[o] - max);
            total += sums[o];
        }
        for (int o = 0; o < sums.length; o++) {
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
