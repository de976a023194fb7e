package org.nigrani.jobs.classify;

import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.nigrani.jobs.Post;
import org.nigrani.nlp.classify.MisconductClassifier;
import org.nigrani.nlp.classify.Verdict;

/** Classifies each post and passes on only the flagged ones. One classifier per subtask: it is not thread-safe. */
public final class ClassifyPosts extends RichFlatMapFunction<Post, FlaggedPost> {

    private final ClassifierSettings settings;
    private transient MisconductClassifier classifier;
    private transient Counter flagged;

    public ClassifyPosts(ClassifierSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        classifier = settings.modelDir() == null
                ? MisconductClassifier.fromClasspath(settings.threshold())
                : MisconductClassifier.fromDirectory(Path.of(settings.modelDir()), settings.threshold());
        flagged = getRuntimeContext().getMetricGroup().counter("nigraniPostsFlagged");
    }

    @Override
    public void flatMap(Post post, Collector<FlaggedPost> out) {
        Verdict verdict = classifier.classify(post.text());
        if (verdict.flagged()) {
            flagged.inc();
            out.collect(new FlaggedPost(post, verdict, settings.modelName()));
        }
    }
}
