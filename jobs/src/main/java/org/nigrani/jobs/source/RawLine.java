package org.nigrani.jobs.source;

import java.io.Serializable;

/**
 * One line of input exactly as read, before any decoding, with where it was found.
 *
 * @param path the file it was read from
 * @param offset the byte offset of the line's first byte in that file
 * @param bytes the line without its line break, cut at the reader's maximum line size
 * @param length the line's full length in bytes, larger than {@code bytes.length} when it was cut
 */
public record RawLine(String path, long offset, byte[] bytes, long length) implements Serializable {

    public boolean cut() {
        return length > bytes.length;
    }
}
