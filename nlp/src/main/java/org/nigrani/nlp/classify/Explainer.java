package org.nigrani.nlp.classify;

import java.util.ArrayList;
import java.util.List;

/**
 * Says which words and word pairs pushed a post towards "police misconduct", from the model's own weights.
 *
 * <p>A maxent model's log-odds are a sum of per-feature weights, so each feature's share of the decision is exact,
 * not approximated. Character n-gram weights are credited to the word they came from, since an investigator
 * reads words, not fragments.
 */
final class Explainer {

    private Explainer() {}

    /**
     * The strongest positive contributions among the post's tokens, as readable words or word pairs.
     *
     * @param words each word's weight towards the decision, from {@link TwoClassModel#probability}
     * @param pairs each word pair's weight, indexed by its first word
     */
    static List<String> explain(String[] tokens, double[] words, double[] pairs, int limit) {
        // Pick the best few without ranking everything: explanations are made for every flagged post.
        double[] score = new double[tokens.length * 2];
        for (int i = 0; i < tokens.length; i++) {
            boolean word = !tokens[i].startsWith("_");
            score[i] = word ? words[i] : 0;
            score[tokens.length + i] = word && i + 1 < tokens.length && !tokens[i + 1].startsWith("_") ? pairs[i] : 0;
        }
        List<String> chosen = new ArrayList<>(limit);
        while (chosen.size() < limit) {
            int best = -1;
            for (int k = 0; k < score.length; k++) {
                if (score[k] > 0 && (best < 0 || score[k] > score[best])) {
                    best = k;
                }
            }
            if (best < 0) {
                break;
            }
            score[best] = 0;
            String text = best < tokens.length ? tokens[best] : tokens[best - tokens.length] + " " + tokens[best - tokens.length + 1];
            if (!chosen.contains(text)) {
                chosen.add(text);
            }
        }
        return chosen;
    }
}
