package org.sluis.connectors.format;

/**
 * What a reader refuses, so that one hostile or broken record cannot exhaust the heap or the stack
 * of a worker: the stream as a whole may be any size, a single record may not.
 *
 * @param maxRecordBytes the most bytes one record may span in the input (give or take one read
 *                       buffer of the parser, about 8 KiB, since the count restarts when a record
 *                       starts and the parser reads ahead)
 * @param maxDepth       the deepest nesting of objects and arrays, the record itself counting as 1
 */
public record ReadLimits(long maxRecordBytes, int maxDepth) {

    /** 16 MiB per record and 64 levels: far beyond real records, far below what hurts. */
    public static final ReadLimits DEFAULT = new ReadLimits(16L * 1024 * 1024, 64);

    /** Checks both limits are positive. */
    public ReadLimits {
        if (maxRecordBytes < 1) {
            throw new IllegalArgumentException("expected a positive maxRecordBytes, found " + maxRecordBytes);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("expected a positive maxDepth, found " + maxDepth);
        }
    }
}
