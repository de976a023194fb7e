package org.nigrani.jobs.index;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/**
 * Writes buffered bulk entries into checkpoints field by field.
 *
 * <p>An explicit format instead of Kryo, whose state breaks on restore when classes change (FLINK-37830).
 * Bump {@link #getVersion()} and keep reading the old version when a field is added.
 */
final class BulkEntrySerializer extends AsyncSinkWriterStateSerializer<BulkEntry> {

    @Override
    protected void serializeRequestToStream(BulkEntry entry, DataOutputStream out) throws IOException {
        out.writeUTF(entry.index());
        out.writeUTF(entry.id());
        out.writeInt(entry.document().length);
        out.write(entry.document());
        out.writeUTF(entry.sourcePath());
        out.writeLong(entry.sourceOffset());
        out.writeBoolean(entry.postId() != null);
        if (entry.postId() != null) {
            out.writeUTF(entry.postId());
        }
        out.writeBoolean(entry.deadLetter());
    }

    @Override
    protected BulkEntry deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
        String index = in.readUTF();
        String id = in.readUTF();
        byte[] document = new byte[in.readInt()];
        in.readFully(document);
        String sourcePath = in.readUTF();
        long offset = in.readLong();
        String postId = in.readBoolean() ? in.readUTF() : null;
        return new BulkEntry(index, id, document, sourcePath, offset, postId, in.readBoolean());
    }

    @Override
    public int getVersion() {
        return 1;
    }
}
