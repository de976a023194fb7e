package org.nigrani.jobs.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesFormatTest {

    @Test
    void splitsLinesWithTheirByteOffsets() throws Exception {
        byte[] data = "{\"a\":1}\r\nسلام\n\n   \nlast".getBytes(StandardCharsets.UTF_8);
        LineReader reader = new LineReader(new ByteArrayInputStream(data), 0, 1024);
        List<LineReader.Line> lines = new ArrayList<>();
        for (LineReader.Line l; (l = reader.next()) != null; ) {
            lines.add(l);
        }
        assertThat(lines).extracting(l -> new String(l.bytes(), StandardCharsets.UTF_8))
                .containsExactly("{\"a\":1}", "سلام", "", "   ", "last");
        assertThat(lines).extracting(LineReader.Line::offset).containsExactly(0L, 9L, 18L, 19L, 23L);
        assertThat(lines.get(1).next()).isEqualTo(18L);
    }

    @Test
    void keepsOnlyTheCapOfALongLineButCountsAllOfIt() throws Exception {
        byte[] data = ("x".repeat(5000) + "\nnext\n").getBytes(StandardCharsets.US_ASCII);
        LineReader reader = new LineReader(new ByteArrayInputStream(data), 100, 1024);
        LineReader.Line first = reader.next();
        assertThat(first.bytes()).hasSize(1024);
        assertThat(first.length()).isEqualTo(5000);
        LineReader.Line second = reader.next();
        assertThat(second.offset()).isEqualTo(100 + 5001);
        assertThat(new String(second.bytes(), StandardCharsets.US_ASCII)).isEqualTo("next");
    }

    @Test
    void resumesFromACheckpointedPositionWithoutRepeatingOrSkipping(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("posts.jsonl");
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            content.append("{\"id\":\"").append(i).append("\"}\n");
            if (i % 7 == 0) {
                content.append("\n");
            }
        }
        Files.writeString(file, content);
        JsonLinesFormat format = new JsonLinesFormat(4096);
        FileSourceSplit split = new FileSourceSplit("0", new org.apache.flink.core.fs.Path(file.toUri()), 0, Files.size(file),
                0, Files.size(file));

        List<String> seen = new ArrayList<>();
        BulkFormat.Reader<RawLine> reader = format.createReader(new Configuration(), split);
        BulkFormat.RecordIterator<RawLine> batch = reader.readBatch();
        RecordAndPosition<RawLine> last = null;
        for (int i = 0; i < 100; i++) {
            last = batch.next();
            seen.add(new String(last.getRecord().bytes(), StandardCharsets.UTF_8));
        }
        reader.close();

        FileSourceSplit restored = split.updateWithCheckpointedPosition(new CheckpointedPosition(last.getOffset(), last.getRecordSkipCount()));
        BulkFormat.Reader<RawLine> again = format.restoreReader(new Configuration(), restored);
        for (BulkFormat.RecordIterator<RawLine> b; (b = again.readBatch()) != null; ) {
            for (RecordAndPosition<RawLine> r; (r = b.next()) != null; ) {
                seen.add(new String(r.getRecord().bytes(), StandardCharsets.UTF_8));
                assertThat(r.getRecord().path()).endsWith("posts.jsonl");
            }
        }
        again.close();
        assertThat(seen).hasSize(2000);
        assertThat(seen.get(0)).isEqualTo("{\"id\":\"0\"}");
        assertThat(seen.get(100)).isEqualTo("{\"id\":\"100\"}");
        assertThat(seen.get(1999)).isEqualTo("{\"id\":\"1999\"}");
    }
}
