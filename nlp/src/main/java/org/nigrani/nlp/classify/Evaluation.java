package org.nigrani.nlp.classify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Precision, recall and F1 for police_misconduct over a labelled set, overall and per language. */
public record Evaluation(Counts overall, Map<String, Counts> byLanguage) {

    /** Confusion counts for the positive class. */
    public record Counts(int truePositives, int falsePositives, int falseNegatives, int trueNegatives) {
        public double precision() {
            return ratio(truePositives, truePositives + falsePositives);
        }

        public double recall() {
            return ratio(truePositives, truePositives + falseNegatives);
        }

        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        public int total() {
            return truePositives + falsePositives + falseNegatives + trueNegatives;
        }

        public Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("posts", total());
            m.put("precision", round(precision()));
            m.put("recall", round(recall()));
            m.put("f1", round(f1()));
            return m;
        }

        private static double ratio(int a, int b) {
            return b == 0 ? 0 : (double) a / b;
        }

        private static double round(double v) {
            return Math.round(v * 10_000) / 10_000.0;
        }
    }

    public static Evaluation of(MisconductClassifier classifier, List<LabelledPost> posts) {
        EvaluationReport report = EvaluationReport.of(classifier, posts);
        return new Evaluation(report.positiveClass(), report.byLanguage());
    }

    public Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>(overall.describe());
        Map<String, Object> langs = new LinkedHashMap<>();
        byLanguage.forEach((lang, counts) -> langs.put(lang, counts.describe()));
        m.put("by_language", langs);
        return m;
    }
}
