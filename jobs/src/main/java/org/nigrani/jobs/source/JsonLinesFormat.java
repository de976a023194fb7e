package org.nigrani.jobs.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.fs.Path;

/**
 * Reads JSON Lines files as raw lines tagged with their file and byte offset.
 *
 * <p>A format of our own rather than Flink's text-line format, which decodes with replacement characters and
 * forgets where a line came from: a dead letter must say which file and which byte, and invalid UTF-8 must be seen.
 * Each record's checkpointed position is the byte offset of the line after it, so a restore resumes exactly there.
 */
public final class JsonLinesFormat implements BulkFormat<RawLine, FileSourceSplit> {

    static final int BATCH_LINES = 512;

    private final int maxLineBytes;

    public JsonLinesFormat(int maxLineBytes) {
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("max line bytes must be at least 1024, was " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    @Override
    public Reader<RawLine> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return open(split, split.offset(), 0);
    }

    @Override
    public Reader<RawLine> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        CheckpointedPosition position = split.getReaderPosition()
                .orElseThrow(() -> new IllegalStateException("restored split " + split.splitId() + " has no reader position"));
        return open(split, position.getOffset(), position.getRecordsAfterOffset());
    }

    private Reader<RawLine> open(FileSourceSplit split, long offset, long skip) throws IOException {
        Path path = split.path();
        FSDataInputStream stream = path.getFileSystem().open(path);
        stream.seek(offset);
        LinesReader reader = new LinesReader(path.toString(), new LineReader(stream, offset, maxLineBytes), stream);
        for (long i = 0; i < skip; i++) {
            reader.lines.next();
        }
        return reader;
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return TypeInformation.of(RawLine.class);
    }

    private static final class LinesReader implements Reader<RawLine> {
        private final String path;
        private final LineReader lines;
        private final FSDataInputStream stream;

        LinesReader(String path, LineReader lines, FSDataInputStream stream) {
            this.path = path;
            this.lines = lines;
            this.stream = stream;
        }

        @Override
        public RecordIterator<RawLine> readBatch() throws IOException {
            List<RecordAndPosition<RawLine>> batch = new ArrayList<>(BATCH_LINES);
            LineReader.Line line;
            while (batch.size() < BATCH_LINES && (line = lines.next()) != null) {
                if (line.length() == 0 || isBlank(line.bytes())) {
                    continue;
                }
                batch.add(new RecordAndPosition<>(new RawLine(path, line.offset(), line.bytes(), line.length()), line.next(), 0));
            }
            return batch.isEmpty() ? null : new ListIterator(batch);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }

        private static boolean isBlank(byte[] bytes) {
            for (byte b : bytes) {
                if (b != ' ' && b != '\t' && b != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    private static final class ListIterator implements RecordIterator<RawLine> {
        private final List<RecordAndPosition<RawLine>> records;
        private int next;

        ListIterator(List<RecordAndPosition<RawLine>> records) {
            this.records = records;
        }

        @Override
        public RecordAndPosition<RawLine> next() {
            return next < records.size() ? records.get(next++) : null;
        }

        @Override
        public void releaseBatch() {}
    }
}
