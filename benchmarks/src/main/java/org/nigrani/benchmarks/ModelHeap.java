package org.nigrani.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.ref.Reference;
import org.nigrani.nlp.classify.MisconductClassifier;

/** Prints the heap the loaded classifier models take and the sizes of the model files. */
public final class ModelHeap {

    private static final String[] MODELS = {"relevance.bin", "category.bin", "lang.bin"};
    private static final double MB = 1024.0 * 1024.0;

    private ModelHeap() {
    }

    public static void main(String[] args) throws Exception {
        // load once and drop it, so classes and one-off statics are in place before the "before" figure
        MisconductClassifier.fromClasspath(0.5);
        long before = settledUsedHeap();
        MisconductClassifier classifier = MisconductClassifier.fromClasspath(0.5);
        long after = settledUsedHeap();
        System.out.printf("Heap taken by the loaded models (MisconductClassifier.fromClasspath): %.1f MB "
                + "(used heap after GC %.1f MB before, %.1f MB after)%n", (after - before) / MB, before / MB, after / MB);
        // keeps the classifier reachable until after the second measurement
        Reference.reachabilityFence(classifier);
        long total = 0;
        for (String name : MODELS) {
            long size = resourceSize(MisconductClassifier.CLASSPATH_MODEL_DIR + name);
            total += size;
            System.out.printf("  %-14s %8.1f KB on disk%n", name, size / 1024.0);
        }
        System.out.printf("  %-14s %8.1f KB on disk%n", "total", total / 1024.0);
    }

    /** Used heap after full collections have stopped freeing memory, which a single System.gc() does not promise. */
    private static long settledUsedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(50);
            long now = rt.totalMemory() - rt.freeMemory();
            if (i >= 3 && Math.abs(used - now) < 64 * 1024) {
                return now;
            }
            used = now;
        }
        return used;
    }

    /** The resource's size in bytes, as the model file the build wrote (the jar may store it compressed). */
    private static long resourceSize(String resource) throws IOException {
        try (InputStream in = ModelHeap.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the classpath");
            }
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }
}
