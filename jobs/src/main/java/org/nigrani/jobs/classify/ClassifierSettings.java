package org.nigrani.jobs.classify;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * Which model to use and from what score a post is flagged.
 *
 * @param modelDir a folder written by {@code ModelBuild}, or null for the model the build put in the jar; a string,
 *     not a {@code Path}, because settings travel inside the job graph and {@code Path} is not serialisable
 * @param threshold posts scoring at or above it are flagged; 0 flags every post (benchmarks only)
 */
public record ClassifierSettings(String modelDir, double threshold) implements Serializable {

    public static final double DEFAULT_THRESHOLD = 0.5;

    public ClassifierSettings {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("classifier.threshold must be between 0 and 1, was " + threshold);
        }
    }

    public String modelName() {
        return modelDir == null ? "classpath:bundled" : modelDir;
    }

    public static ClassifierSettings of(Path modelDir, double threshold) {
        return new ClassifierSettings(modelDir == null ? null : modelDir.toString(), threshold);
    }
}
