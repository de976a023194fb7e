package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The store contract on the local folder, and what only the folder promises: read-only files, atomic publishing. */
class LocalEvidenceStoreTest extends EvidenceStoreContract {

    private LocalEvidenceStore store;

    @Override
    EvidenceStore store() throws IOException {
        store = new LocalEvidenceStore(dir.resolve("store"));
        return store;
    }

    /** Files under the root, leaving out the content-type files beside the media and the (empty) staging folder. */
    @Override
    List<String> stored() throws IOException {
        Path root = store.root();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".type"))
                    .map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .toList();
        }
    }

    @Override
    int reshares() {
        return 1000;
    }

    @Test
    void storedFilesAreReadOnlyAndNothingIsLeftInStaging() throws Exception {
        store();
        byte[] video = randomBytes(256 * 1024, 1);
        String sha = sha(video);
        Path download = Files.write(dir.resolve("download.mp4"), video);
        store.put(download, sha, "video/mp4");
        store.put(download, sha, "video/mp4");
        store.putToken(sha, new byte[] {1});

        assertThat(store.root().resolve(".staging")).isEmptyDirectory();
        assertThat(store.contentPath(sha)).isEqualTo(
                store.root().resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha));
        for (String suffix : List.of("", ".tsr", ".type")) {
            Path file = store.contentPath(sha).resolveSibling(sha + suffix);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(suffix)
                    .isEqualTo("r--r--r--");
        }
    }

    @Test
    void concurrentPutsOfOneHashStoreItOnceAndExactlyOnePutStoresIt() throws Exception {
        store();
        byte[] image = randomBytes(64 * 1024, 2);
        String sha = sha(image);
        List<Callable<StoredItem>> puts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            // Each worker has its own download, as each fetch of a re-share would.
            Path download = Files.write(dir.resolve("download-" + i), image);
            puts.add(() -> store.put(download, sha, "image/jpeg"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            long stored = 0;
            for (Future<StoredItem> result : pool.invokeAll(puts)) {
                stored += result.get().alreadyPresent() ? 0 : 1;
            }
            assertThat(stored).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(stored()).containsExactly(layout(sha));
        assertThat(store.describe(sha)).get().extracting(StoredItem::contentType).isEqualTo("image/jpeg");
    }
}
