package org.nigrani.nlp.classify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.ml.model.AbstractModel;
import opennlp.tools.ml.model.Context;
import opennlp.tools.ml.model.MaxentModel;

/**
 * Says which words and word pairs pushed a post towards "police misconduct", from the model's own weights.
 *
 * <p>A maxent model's log-odds are a sum of per-feature weights, so each feature's share of the decision is exact,
 * not approximated. Character n-gram weights are credited to the word they came from, since an investigator
 * reads words, not fragments.
 */
final class Explainer {

    private final Map<String, Double> towardsPositive;

    Explainer(MaxentModel model, String positiveOutcome) {
        if (!(model instanceof AbstractModel abstractModel)) {
            throw new IllegalArgumentException("explanations need a maxent model, got " + model.getClass().getName());
        }
        Object[] data = abstractModel.getDataStructures();
        @SuppressWarnings("unchecked")
        Map<String, Context> features = (Map<String, Context>) data[1];
        int positive = model.getIndex(positiveOutcome);
        int outcomes = model.getNumOutcomes();
        this.towardsPositive = new HashMap<>(features.size() * 2);
        features.forEach((feature, context) -> {
            double[] byOutcome = new double[outcomes];
            int[] ids = context.getOutcomes();
            double[] params = context.getParameters();
            for (int i = 0; i < ids.length; i++) {
                byOutcome[ids[i]] = params[i];
            }
            double others = 0;
            for (int o = 0; o < outcomes; o++) {
                others = o == positive ? others : Math.max(others, byOutcome[o]);
            }
            towardsPositive.put(feature, byOutcome[positive] - others);
        });
    }

    /** The strongest positive contributions among the post's tokens, as readable words or word pairs. */
    List<String> explain(String[] tokens, int limit) {
        Map<String, Double> credit = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.startsWith("_")) {
                continue;
            }
            double word = weight("w=" + token);
            if (token.length() >= 3) {
                String w = "<" + token + ">";
                for (int j = 0; j + CharNGrams.N <= w.length(); j++) {
                    word += weight("c=" + w.substring(j, j + CharNGrams.N));
                }
            }
            credit.merge(token, word, Math::max);
            if (i + 1 < tokens.length && !tokens[i + 1].startsWith("_")) {
                double pair = weight("b=" + token + "_" + tokens[i + 1]);
                if (pair > 0) {
                    credit.merge(token + " " + tokens[i + 1], pair, Math::max);
                }
            }
        }
        List<Map.Entry<String, Double>> ranked = new ArrayList<>(credit.entrySet());
        ranked.removeIf(e -> e.getValue() <= 0);
        ranked.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return ranked.stream().limit(limit).map(Map.Entry::getKey).toList();
    }

    private double weight(String feature) {
        Double w = towardsPositive.get(feature);
        return w == null ? 0 : w;
    }
}
