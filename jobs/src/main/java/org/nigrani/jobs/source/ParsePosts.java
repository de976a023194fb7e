package org.nigrani.jobs.source;

import java.time.Clock;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.nigrani.jobs.DeadLetter;
import org.nigrani.jobs.Post;

/** Parses raw lines into posts; a line that is not a valid post goes to the dead-letter output with the reason. */
public final class ParsePosts extends ProcessFunction<RawLine, Post> {

    /** Where rejected lines go. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private final String defaultPlatform;
    private final int maxTextChars;
    private transient PostParser parser;
    private transient Counter read;
    private transient Counter rejected;

    public ParsePosts(String defaultPlatform, int maxTextChars) {
        this.defaultPlatform = defaultPlatform;
        this.maxTextChars = maxTextChars;
    }

    @Override
    public void open(OpenContext context) {
        parser = new PostParser(defaultPlatform, maxTextChars, Clock.systemUTC());
        read = getRuntimeContext().getMetricGroup().counter("nigraniPostsRead");
        rejected = getRuntimeContext().getMetricGroup().counter("nigraniPostsDeadLettered");
    }

    @Override
    public void processElement(RawLine line, Context ctx, Collector<Post> out) {
        read.inc();
        try {
            out.collect(parser.parse(line));
        } catch (RejectedInput e) {
            rejected.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.rejectedInput(e.reason(), e.getMessage(), line.bytes(),
                    new Post.SourceRef(line.path(), line.offset()), e.postId(), java.time.Instant.now()));
        }
    }
}
