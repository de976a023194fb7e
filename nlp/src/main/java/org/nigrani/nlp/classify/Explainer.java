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
     * @param words each word's weight towards the decision, from {@link ModelTable#relevance}
     * @param pairs each word pair's weight, indexed by its first word
     */
    static List<String> explain(String[] tokens, double[] words, double[] pairs, int limit) {
        // Pick the best few without ranking everything: explanations are made for every flagged post. The words and
        // pairs that weigh for the decision are set apart first, in one pass without a branch on the weight's sign:
        // asked of every word at every pick, that branch went wrong half the time.
        int n = tokens.length;
        int[] candidate = new int[2 * n];
        double[] weight = new double[2 * n];
        int count = 0;
        for (int k = 0; k < 2 * n; k++) {
            int i = k < n ? k : k - n;
            boolean word = !tokens[i].startsWith("_");
            double w = k < n ? (word ? words[i] : 0) : (word && i + 1 < n && !tokens[i + 1].startsWith("_") ? pairs[i] : 0);
            candidate[count] = k;
            weight[count] = w;
            count += w > 0 ? 1 : 0;
        }
        List<String> chosen = new ArrayList<>(limit);
        while (chosen.size() < limit) {
            // the heaviest left; of equal weights the first, words before pairs
            int best = -1;
            double heaviest = 0;
            for (int c = 0; c < count; c++) {
                if (weight[c] > heaviest) {
                    best = c;
                    heaviest = weight[c];
                }
            }
            if (best < 0) {
                break;
            }
            weight[best] = 0;
            int k = candidate[best];
            String text = k < n ? tokens[k] : tokens[k - n] + " " + tokens[k - n + 1];
            if (!chosen.contains(text)) {
                chosen.add(text);
            }
        }
        return chosen;
    }
}
