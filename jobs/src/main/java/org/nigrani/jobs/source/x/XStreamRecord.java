package org.nigrani.jobs.source.x;

import org.nigrani.jobs.source.RawLine;

/**
 * What the stream's split reader hands the emitter: a post's line and the split once it is emitted (the split
 * travels with the records because the fetcher runs ahead of emission).
 */
record XStreamRecord(RawLine line, XStreamSplit after) {}
