package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalEvidenceStoreTest {

    @TempDir
    Path dir;

    @Test
    void aReshareStormOfOneVideoIsStoredOnce() throws Exception {
        LocalEvidenceStore store = new LocalEvidenceStore(dir.resolve("store"));
        byte[] video = randomBytes(256 * 1024, 1);
        String sha = sha(video);
        Path download = Files.write(dir.resolve("download.mp4"), video);

        StoredItem first = store.put(download, sha, "video/mp4");
        assertThat(first.alreadyPresent()).isFalse();
        assertThat(first.size()).isEqualTo(video.length);
        assertThat(first.contentType()).isEqualTo("video/mp4");
        for (int i = 1; i < 1000; i++) {
            StoredItem again = store.put(download, sha, "video/mp4");
            assertThat(again.alreadyPresent()).as("put %d", i).isTrue();
            assertThat(again.sha256()).isEqualTo(sha);
        }

        assertThat(storedFiles(store)).containsExactly(store.contentPath(sha));
        assertThat(store.root().resolve(".staging")).isEmptyDirectory();
        assertThat(store.contentPath(sha)).isEqualTo(
                store.root().resolve(sha.substring(0, 2)).resolve(sha.substring(2, 4)).resolve(sha));
        try (InputStream in = store.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(video);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.contentPath(sha))))
                .isEqualTo("r--r--r--");
    }

    @Test
    void concurrentPutsOfOneHashStoreItOnceAndExactlyOnePutStoresIt() throws Exception {
        LocalEvidenceStore store = new LocalEvidenceStore(dir.resolve("store"));
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
        assertThat(storedFiles(store)).containsExactly(store.contentPath(sha));
        assertThat(store.describe(sha)).get().extracting(StoredItem::contentType).isEqualTo("image/jpeg");
    }

    @Test
    void aPutWhoseDeclaredHashDoesNotMatchIsRefusedAndStoresNothing() throws Exception {
        LocalEvidenceStore store = new LocalEvidenceStore(dir.resolve("store"));
        Path download = Files.write(dir.resolve("download"), randomBytes(1000, 3));
        String wrong = sha(randomBytes(1000, 4));

        assertThatThrownBy(() -> store.put(download, wrong, "image/png"))
                .isInstanceOf(HashMismatchException.class)
                .hasMessageContaining(wrong)
                .hasMessageContaining(sha(Files.readAllBytes(download)));
        assertThat(store.exists(wrong)).isFalse();
        assertThat(storedFiles(store)).isEmpty();
    }

    @Test
    void aMismatchIsRefusedEvenWhenTheDeclaredHashIsAlreadyStored() throws Exception {
        LocalEvidenceStore store = new LocalEvidenceStore(dir.resolve("store"));
        byte[] real = randomBytes(1000, 5);
        String sha = sha(real);
        store.put(Files.write(dir.resolve("real"), real), sha, "image/png");

        Path other = Files.write(dir.resolve("other"), randomBytes(1000, 6));
        assertThatThrownBy(() -> store.put(other, sha, "image/png")).isInstanceOf(HashMismatchException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "../../../../etc/passwd",
            "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789",
            "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
            "abcdef0123456789abcdef0123456789abcdef0123456789abcdef01234567890",
            "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678/",
            "ab/cd/ef0123456789abcdef0123456789abcdef0123456789abcdef012345678",
            "abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678\n",
            "",
    })
    void hashesThatAreNot64LowercaseHexAreRefusedBeforeTheyReachAPath(String bad) throws Exception {
        LocalEvidenceStore store = new LocalEvidenceStore(dir.resolve("store"));
        Path file = Files.write(dir.resolve("file"), new byte[] {1});

        assertThatThrownBy(() -> store.put(file, bad, "image/png")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.token(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putToken(bad, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(file, null, "image/png")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTokenIsKeptBesideTheItemAndDeleteRemovesBoth() throws Exception {
        LocalEvidenceStore store = new LocalEvidenceStore(dir.resolve("store"));
        byte[] image = randomBytes(500, 7);
        String sha = sha(image);
        assertThatThrownBy(() -> store.putToken(sha, new byte[] {1})).isInstanceOf(NoSuchFileException.class);

        store.put(Files.write(dir.resolve("image"), image), sha, "image/gif");
        assertThat(store.token(sha)).isEmpty();
        store.putToken(sha, new byte[] {1, 2, 3});
        store.putToken(sha, new byte[] {4, 5});
        assertThat(store.token(sha)).get().isEqualTo(new byte[] {4, 5});
        assertThat(store.contentPath(sha).resolveSibling(sha + ".tsr")).exists();

        assertThat(store.delete(sha)).isTrue();
        assertThat(store.exists(sha)).isFalse();
        assertThat(store.token(sha)).isEmpty();
        assertThat(storedFiles(store)).isEmpty();
        assertThat(store.delete(sha)).isFalse();
        assertThatThrownBy(() -> store.open(sha)).isInstanceOf(NoSuchFileException.class);
    }

    static String sha(byte[] bytes) throws IOException {
        return Sha256.hex(new ByteArrayInputStream(bytes));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** Media files in the store, leaving out the token and content-type files beside them. */
    private static List<Path> storedFiles(LocalEvidenceStore store) throws IOException {
        try (Stream<Path> files = Files.walk(store.root())) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().contains("."))
                    .toList();
        }
    }
}
