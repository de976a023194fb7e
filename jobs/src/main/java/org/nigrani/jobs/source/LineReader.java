package org.nigrani.jobs.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding them, tracking each line's byte offset.
 *
 * <p>Decoding is the parser's job, so that invalid UTF-8 can be dead-lettered with its position instead of being
 * silently replaced. Lines longer than the cap are consumed whole but kept only up to the cap.
 */
final class LineReader {

    private static final int BUFFER = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[BUFFER];
    private int pos;
    private int limit;
    private long bufferStart;
    private boolean eof;

    /** A line and its place; {@code bytes} is capped, {@code length} is not. */
    record Line(long offset, byte[] bytes, long length, long next) {}

    LineReader(InputStream in, long startOffset, int maxLineBytes) {
        this.in = in;
        this.bufferStart = startOffset;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next line, or null at the end of the stream. A final line without a line break is still a line. */
    Line next() throws IOException {
        long start = bufferStart + pos;
        byte[] kept = null;
        int keptLength = 0;
        long total = 0;
        while (true) {
            if (pos == limit && !fill()) {
                if (total == 0 && kept == null) {
                    return null;
                }
                return line(start, kept, keptLength, total, bufferStart + pos);
            }
            int newline = indexOf((byte) '\n', pos, limit);
            int end = newline < 0 ? limit : newline;
            int take = (int) Math.min(end - pos, Math.max(0, maxLineBytes - keptLength));
            if (take > 0) {
                if (kept == null) {
                    kept = new byte[Math.max(take, 256)];
                } else if (keptLength + take > kept.length) {
                    kept = Arrays.copyOf(kept, Math.min(maxLineBytes, Math.max(kept.length * 2, keptLength + take)));
                }
                System.arraycopy(buffer, pos, kept, keptLength, take);
                keptLength += take;
            }
            total += end - pos;
            if (newline >= 0) {
                pos = newline + 1;
                return line(start, kept, keptLength, total, bufferStart + pos);
            }
            pos = limit;
        }
    }

    private static Line line(long start, byte[] kept, int keptLength, long total, long next) {
        int length = keptLength;
        long fullLength = total;
        if (length > 0 && kept[length - 1] == '\r' && length == total) {
            length--;
            fullLength--;
        }
        byte[] bytes = kept == null ? new byte[0] : (kept.length == length ? kept : Arrays.copyOf(kept, length));
        return new Line(start, bytes, fullLength, next);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        bufferStart += limit;
        pos = 0;
        limit = 0;
        int n = in.read(buffer, 0, buffer.length);
        if (n <= 0) {
            eof = true;
            return false;
        }
        limit = n;
        return true;
    }

    private int indexOf(byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
