package org.nigrani.jobs.index;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;

/**
 * Writes buffered bulk entries into checkpoints field by field.
 *
 * <p>An explicit format instead of Kryo, whose state breaks on restore when classes change (FLINK-37830).
 * Bump {@link #getVersion()} and keep reading the old version when a field is added.
 */
final class BulkEntrySerializer extends AsyncSinkWriterStateSerializer<BulkEntry> {

    // Version 2 added the upsert document, version 3 the operation.
    private int reading = 3;

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
        out.writeBoolean(entry.upsert() != null);
        if (entry.upsert() != null) {
            out.writeInt(entry.upsert().length);
            out.write(entry.upsert());
        }
        out.writeByte(entry.op().ordinal());
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
        boolean deadLetter = in.readBoolean();
        byte[] upsert = null;
        if (reading >= 2 && in.readBoolean()) {
            upsert = new byte[in.readInt()];
            in.readFully(upsert);
        }
        BulkEntry.Op op = reading >= 3 ? BulkEntry.Op.values()[in.readByte()] : upsert == null ? BulkEntry.Op.INDEX : BulkEntry.Op.UPDATE;
        return new BulkEntry(index, id, document, sourcePath, offset, postId, deadLetter, upsert, op);
    }

    @Override
    public BufferedRequestState<BulkEntry> deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > getVersion()) {
            throw new IOException("cannot read buffered bulk entries of state version " + version
                    + "; this release reads versions 1 to " + getVersion());
        }
        // The base class does not pass the version down to each entry, so remember it for the entries.
        reading = version;
        return super.deserialize(version, serialized);
    }

    @Override
    public int getVersion() {
        return 3;
    }
}
