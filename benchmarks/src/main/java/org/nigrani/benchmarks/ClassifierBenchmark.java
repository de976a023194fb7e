package org.nigrani.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nigrani.nlp.classify.MisconductClassifier;
import org.nigrani.nlp.classify.Verdict;
import org.nigrani.nlp.lang.LanguageIdentifier;
import org.nigrani.nlp.text.Normaliser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/** Posts per second on one thread for the whole classification of a 280-character post and for its parts. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
// jvmArgsAppend, not jvmArgs, so the fork keeps the launcher's own flags (such as -Dnigrani.root)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Thread)
public class ClassifierBenchmark {

    private String[] posts;
    private String[] normalised;
    private int next;
    private MisconductClassifier normal;
    private MisconductClassifier flagAll;
    private LanguageIdentifier languages;

    /** Loads the models and builds the posts once per fork, outside the measurement. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        posts = BenchmarkPosts.build();
        normalised = new String[posts.length];
        for (int i = 0; i < posts.length; i++) {
            normalised[i] = Normaliser.normalise(posts[i]);
        }
        normal = MisconductClassifier.fromClasspath(0.5);
        flagAll = MisconductClassifier.fromClasspath(0);
        String resource = MisconductClassifier.CLASSPATH_MODEL_DIR + "lang.bin";
        try (InputStream in = ClassifierBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            languages = LanguageIdentifier.load(in);
        }
        // printed so a reader can judge the input: the flagged share decides how often the category model runs
        Map<String, Integer> byLanguage = new HashMap<>();
        int flagged = 0;
        for (String post : posts) {
            Verdict v = normal.classify(post);
            byLanguage.merge(v.lang(), 1, Integer::sum);
            flagged += v.flagged() ? 1 : 0;
        }
        System.out.printf("%n%s; %.1f%% flagged at threshold 0.5%n",
                BenchmarkPosts.describe(posts, byLanguage), 100.0 * flagged / posts.length);
    }

    /** The index of the next post, cycling through the set. */
    private int nextIndex() {
        int i = next;
        next = (i + 1) & (BenchmarkPosts.COUNT - 1);
        return i;
    }

    /** The target: normalise, language id and the relevance decision, plus category and explanation when flagged. */
    @Benchmark
    public Verdict classifyThreshold05() {
        return normal.classify(posts[nextIndex()]);
    }

    /** Every post flagged, so the category model and the explanation run on every post too: the worst case. */
    @Benchmark
    public Verdict classifyThreshold0() {
        return flagAll.classify(posts[nextIndex()]);
    }

    /** Normalisation alone, the first step of every classification. */
    @Benchmark
    public String normalise() {
        return Normaliser.normalise(posts[nextIndex()]);
    }

    /** Language id alone, on text already normalised, as the classifier calls it. */
    @Benchmark
    public String languageId() {
        return languages.identifyNormalised(normalised[nextIndex()]);
    }

    /** Language id of raw text ({@code identify}), which normalises first, as a caller without the classifier would. */
    @Benchmark
    public String languageIdRaw() {
        return languages.identify(posts[nextIndex()]);
    }
}
