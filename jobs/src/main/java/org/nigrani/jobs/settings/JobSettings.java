package org.nigrani.jobs.settings;

import java.nio.file.Path;
import java.time.Duration;

/** How the Flink job runs: parallelism and checkpointing. */
public record JobSettings(int parallelism, Duration checkpointInterval, Path checkpointDir) {

    public static final int DEFAULT_PARALLELISM = 1;
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(10);
    public static final String DEFAULT_CHECKPOINT_DIR = ".local/checkpoints";

    public JobSettings {
        if (parallelism < 1 || parallelism > 256) {
            throw new IllegalArgumentException("job.parallelism must be 1..256, was " + parallelism);
        }
        if (checkpointInterval.toMillis() < 100) {
            throw new IllegalArgumentException("job.checkpoint-interval must be at least 100ms, was " + checkpointInterval);
        }
    }
}
