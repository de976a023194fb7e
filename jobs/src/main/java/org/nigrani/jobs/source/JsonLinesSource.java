package org.nigrani.jobs.source;

import java.time.Duration;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;

/** Builds the JSON Lines file source: a bounded replay of a file or folder, or a watched drop folder. */
public final class JsonLinesSource {

    private JsonLinesSource() {}

    /**
     * @param path a file, or a folder whose files are all read
     * @param watchInterval null for a bounded replay; otherwise how often to look for new files in the folder
     */
    public static FileSource<RawLine> of(java.nio.file.Path path, Duration watchInterval, int maxLineBytes) {
        FileSource.FileSourceBuilder<RawLine> builder =
                FileSource.forBulkFileFormat(new JsonLinesFormat(maxLineBytes), Path.fromLocalFile(path.toAbsolutePath().toFile()));
        if (watchInterval != null) {
            builder.monitorContinuously(watchInterval);
        }
        return builder.build();
    }
}
