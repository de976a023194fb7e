package org.nigrani.jobs.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.source.PostParser;
import org.nigrani.jobs.source.RawLine;
import org.nigrani.jobs.source.RejectedInput;
import org.nigrani.nlp.classify.MisconductClassifier;

/**
 * What the job should produce for an input file, worked out line by line outside Flink: which posts the
 * classifier flags and which lines are rejected, with their byte offsets.
 */
public record Expected(Set<String> flaggedIds, Map<Long, String> rejectedByOffset) {

    public static Expected forFile(Path file, double threshold) throws Exception {
        byte[] all = Files.readAllBytes(file);
        PostParser parser = new PostParser("x", 10_000, Clock.systemUTC());
        MisconductClassifier classifier = MisconductClassifier.fromClasspath(threshold);
        Set<String> flagged = new TreeSet<>();
        Map<Long, String> rejected = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                if (i > start) {
                    byte[] line = java.util.Arrays.copyOfRange(all, start, i);
                    try {
                        Post post = parser.parse(new RawLine(file.toString(), start, line, line.length));
                        if (classifier.classify(post.text()).flagged()) {
                            flagged.add(post.id());
                        }
                    } catch (RejectedInput e) {
                        rejected.put((long) start, e.reason());
                    }
                }
                start = i + 1;
            }
        }
        return new Expected(flagged, rejected);
    }

    /** Byte offset of the first line containing {@code marker}. */
    public static long offsetOf(Path file, String marker) throws Exception {
        String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        int at = content.indexOf(new String(marker.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        return content.lastIndexOf('\n', at) + 1;
    }
}
