package org.nigrani.nlp.classify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Everything {@code bin/monitor evaluate} reports about a labelled set: per-class and per-language scores,
 * confusion matrices, the precision-recall curve and the posts it got wrong.
 */
public final class EvaluationReport {

    /** One post with what the classifier said about it. */
    public record Scored(LabelledPost post, Verdict verdict) {
        boolean wrong() {
            return post.positive() != verdict.flagged();
        }
    }

    private static final List<String> CATEGORY_ROWS = new ArrayList<>(Labels.CATEGORIES);

    static {
        CATEGORY_ROWS.add(Labels.NO_CATEGORY);
    }

    private final List<Scored> scored;
    private final double threshold;

    private EvaluationReport(List<Scored> scored, double threshold) {
        this.scored = List.copyOf(scored);
        this.threshold = threshold;
    }

    public static EvaluationReport of(MisconductClassifier classifier, List<LabelledPost> posts) {
        List<Scored> scored = new ArrayList<>(posts.size());
        for (LabelledPost p : posts) {
            scored.add(new Scored(p, classifier.classify(p.text())));
        }
        return new EvaluationReport(scored, classifier.threshold());
    }

    public Evaluation.Counts positiveClass() {
        return counts(scored, true);
    }

    public Evaluation.Counts negativeClass() {
        return counts(scored, false);
    }

    /** police_misconduct scores per language (the labelled lang; "unknown" where none was given). */
    public Map<String, Evaluation.Counts> byLanguage() {
        Map<String, List<Scored>> groups = new TreeMap<>();
        for (Scored s : scored) {
            groups.computeIfAbsent(s.post().lang() == null ? "unknown" : s.post().lang(), k -> new ArrayList<>()).add(s);
        }
        Map<String, Evaluation.Counts> out = new LinkedHashMap<>();
        groups.forEach((lang, list) -> out.put(lang, counts(list, true)));
        return out;
    }

    /** Rows: labelled category (none for negatives); columns: predicted (none when not flagged). Posts without a category are left out. */
    public Map<String, Map<String, Integer>> categoryConfusion() {
        Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
        for (String row : CATEGORY_ROWS) {
            Map<String, Integer> cols = new LinkedHashMap<>();
            CATEGORY_ROWS.forEach(c -> cols.put(c, 0));
            m.put(row, cols);
        }
        for (Scored s : scored) {
            if (s.post().category() != null) {
                m.get(s.post().category()).merge(s.verdict().category(), 1, Integer::sum);
            }
        }
        return m;
    }

    /** Mean F1 over the five categories, a post counting for the category it was given (none if not flagged). */
    public double categoryMacroF1() {
        Map<String, Map<String, Integer>> m = categoryConfusion();
        double sum = 0;
        for (String c : Labels.CATEGORIES) {
            int tp = m.get(c).get(c);
            int actual = m.get(c).values().stream().mapToInt(Integer::intValue).sum();
            int predicted = m.values().stream().mapToInt(r -> r.get(c)).sum();
            double p = predicted == 0 ? 0 : (double) tp / predicted;
            double r = actual == 0 ? 0 : (double) tp / actual;
            sum += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        return sum / Labels.CATEGORIES.size();
    }

    /** (threshold, precision, recall) for thresholds 0.05, 0.10, … 0.95. */
    public List<double[]> precisionRecallCurve() {
        List<double[]> curve = new ArrayList<>();
        for (int i = 1; i < 20; i++) {
            double t = i / 20.0;
            int tp = 0;
            int fp = 0;
            int fn = 0;
            for (Scored s : scored) {
                boolean predicted = s.verdict().score() >= t;
                tp += s.post().positive() && predicted ? 1 : 0;
                fp += !s.post().positive() && predicted ? 1 : 0;
                fn += s.post().positive() && !predicted ? 1 : 0;
            }
            curve.add(new double[] {t, tp + fp == 0 ? 1 : (double) tp / (tp + fp), tp + fn == 0 ? 0 : (double) tp / (tp + fn)});
        }
        return curve;
    }

    public List<Scored> misclassified() {
        return scored.stream().filter(Scored::wrong).toList();
    }

    public int size() {
        return scored.size();
    }

    /** Writes the precision-recall curve as a PNG, marking the threshold in use. */
    public void writePrecisionRecallCurve(Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(640).height(480).title("police_misconduct: precision against recall")
                .xAxisTitle("recall").yAxisTitle("precision").build();
        List<double[]> curve = precisionRecallCurve();
        chart.addSeries("thresholds 0.05-0.95", curve.stream().map(p -> p[2]).toList(), curve.stream().map(p -> p[1]).toList())
                .setMarker(SeriesMarkers.CIRCLE);
        Evaluation.Counts now = positiveClass();
        chart.addSeries(String.format(Locale.ROOT, "threshold %.2f", threshold), List.of(now.recall()), List.of(now.precision()))
                .setMarker(SeriesMarkers.DIAMOND);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** The report as text, for the terminal. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d posts, threshold %.2f%n%n", scored.size(), threshold));
        sb.append(String.format(Locale.ROOT, "%-20s %9s %9s %9s %7s%n", "class", "precision", "recall", "F1", "posts"));
        row(sb, Labels.POLICE_MISCONDUCT, positiveClass(), scored.stream().filter(s -> s.post().positive()).count());
        row(sb, Labels.NOT_RELEVANT, negativeClass(), scored.stream().filter(s -> !s.post().positive()).count());
        sb.append(String.format(Locale.ROOT, "%npolice_misconduct by language%n"));
        byLanguage().forEach((lang, c) -> row(sb, lang, c, c.truePositives() + c.falseNegatives()));
        Evaluation.Counts c = positiveClass();
        sb.append(String.format(Locale.ROOT, "%nconfusion (rows: labelled, columns: predicted)%n%-20s %18s %18s%n", "", "police_misconduct", "not_relevant"));
        sb.append(String.format(Locale.ROOT, "%-20s %18d %18d%n", "police_misconduct", c.truePositives(), c.falseNegatives()));
        sb.append(String.format(Locale.ROOT, "%-20s %18d %18d%n", "not_relevant", c.falsePositives(), c.trueNegatives()));
        sb.append(String.format(Locale.ROOT, "%ncategories (rows: labelled, columns: predicted); macro-F1 %.3f%n%-20s", categoryMacroF1(), ""));
        CATEGORY_ROWS.forEach(col -> sb.append(String.format(Locale.ROOT, " %9.9s", col)));
        sb.append('\n');
        categoryConfusion().forEach((row, cols) -> {
            sb.append(String.format(Locale.ROOT, "%-20s", row));
            cols.values().forEach(n -> sb.append(String.format(Locale.ROOT, " %9d", n)));
            sb.append('\n');
        });
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Evaluation.Counts c, long support) {
        sb.append(String.format(Locale.ROOT, "%-20s %9.3f %9.3f %9.3f %7d%n", name, c.precision(), c.recall(), c.f1(), support));
    }

    private static Evaluation.Counts counts(List<Scored> list, boolean positiveClass) {
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (Scored s : list) {
            boolean actual = s.post().positive() == positiveClass;
            boolean predicted = s.verdict().flagged() == positiveClass;
            tp += actual && predicted ? 1 : 0;
            fp += !actual && predicted ? 1 : 0;
            fn += actual && !predicted ? 1 : 0;
            tn += !actual && !predicted ? 1 : 0;
        }
        return new Evaluation.Counts(tp, fp, fn, tn);
    }
}
