package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every {@link EvidenceStore} promises, run against each implementation by a subclass that says how to make an
 * empty store and how to list what it holds.
 */
abstract class EvidenceStoreContract {

    @TempDir
    Path dir;

    /** A new, empty store. */
    abstract EvidenceStore store() throws IOException;

    /**
     * Everything the store holds, as keys relative to its root or prefix with '/' between parts, e.g.
     * {@code ab/cd/abcd…} and {@code ab/cd/abcd….tsr}, leaving out only bookkeeping the layout does not name.
     */
    abstract List<String> stored() throws IOException;

    /** How many puts of one video the re-share storm makes. */
    abstract int reshares();

    @Test
    void aReshareStormOfOneVideoIsStoredOnceInTheHashLayout() throws Exception {
        EvidenceStore store = store();
        byte[] video = randomBytes(256 * 1024, 1);
        String sha = sha(video);
        Path download = Files.write(dir.resolve("download.mp4"), video);

        StoredItem first = store.put(download, sha, "video/mp4");
        assertThat(first).isEqualTo(new StoredItem(sha, video.length, "video/mp4", false));
        for (int i = 1; i < reshares(); i++) {
            StoredItem again = store.put(download, sha, "video/mp4");
            assertThat(again).as("put %d", i).isEqualTo(new StoredItem(sha, video.length, "video/mp4", true));
        }

        assertThat(stored()).containsExactly(layout(sha));
        assertThat(store.exists(sha)).isTrue();
        assertThat(store.describe(sha)).contains(new StoredItem(sha, video.length, "video/mp4", true));
        try (InputStream in = store.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(video);
        }
    }

    @Test
    void aMissingContentTypeIsStoredAsOctetStream() throws Exception {
        EvidenceStore store = store();
        byte[] bytes = randomBytes(100, 8);
        String sha = sha(bytes);

        assertThat(store.put(Files.write(dir.resolve("blob"), bytes), sha, " ").contentType())
                .isEqualTo("application/octet-stream");
        assertThat(store.describe(sha)).get().extracting(StoredItem::contentType).isEqualTo("application/octet-stream");
    }

    @Test
    void aPutWhoseDeclaredHashDoesNotMatchIsRefusedAndStoresNothing() throws Exception {
        EvidenceStore store = store();
        Path download = Files.write(dir.resolve("download"), randomBytes(1000, 3));
        String wrong = sha(randomBytes(1000, 4));

        assertThatThrownBy(() -> store.put(download, wrong, "image/png"))
                .isInstanceOf(HashMismatchException.class)
                .hasMessageContaining(wrong)
                .hasMessageContaining(sha(Files.readAllBytes(download)));
        assertThat(store.exists(wrong)).isFalse();
        assertThat(stored()).isEmpty();
    }

    @Test
    void aMismatchIsRefusedEvenWhenTheDeclaredHashIsAlreadyStored() throws Exception {
        EvidenceStore store = store();
        byte[] real = randomBytes(1000, 5);
        String sha = put(store, real, "image/png");

        Path other = Files.write(dir.resolve("other"), randomBytes(1000, 6));
        assertThatThrownBy(() -> store.put(other, sha, "image/png")).isInstanceOf(HashMismatchException.class);
        try (InputStream in = store.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(real);
        }
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
    void hashesThatAreNot64LowercaseHexAreRefusedBeforeTheyReachAKey(String bad) throws Exception {
        EvidenceStore store = store();
        Path file = Files.write(dir.resolve("file"), new byte[] {1});

        assertThatThrownBy(() -> store.put(file, bad, "image/png")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.exists(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.open(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.describe(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.token(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.putToken(bad, new byte[] {1})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.put(file, null, "image/png")).isInstanceOf(IllegalArgumentException.class);
        assertThat(stored()).isEmpty();
    }

    @Test
    void anUnknownHashIsMissingEverywhere() throws Exception {
        EvidenceStore store = store();
        String unknown = sha(randomBytes(10, 9));

        assertThat(store.exists(unknown)).isFalse();
        assertThat(store.describe(unknown)).isEmpty();
        assertThat(store.token(unknown)).isEmpty();
        assertThatThrownBy(() -> store.open(unknown)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store.putToken(unknown, new byte[] {1})).isInstanceOf(NoSuchFileException.class);
        assertThat(store.delete(unknown)).isFalse();
        assertThat(stored()).isEmpty();
    }

    @Test
    void theTokenIsKeptBesideTheItemAndDeleteRemovesBoth() throws Exception {
        EvidenceStore store = store();
        String sha = put(store, randomBytes(500, 7), "image/gif");
        assertThat(store.token(sha)).isEmpty();
        store.putToken(sha, new byte[] {1, 2, 3});
        store.putToken(sha, new byte[] {4, 5});
        assertThat(store.token(sha)).get().isEqualTo(new byte[] {4, 5});
        assertThat(stored()).containsExactlyInAnyOrder(layout(sha), layout(sha) + ".tsr");

        assertThat(store.delete(sha)).isTrue();
        assertThat(store.exists(sha)).isFalse();
        assertThat(store.token(sha)).isEmpty();
        assertThat(stored()).isEmpty();
        assertThat(store.delete(sha)).isFalse();
        assertThatThrownBy(() -> store.open(sha)).isInstanceOf(NoSuchFileException.class);
    }

    /** Puts {@code bytes} as a download would (from a file named by their hash) and returns the hash. */
    String put(EvidenceStore store, byte[] bytes, String contentType) throws IOException {
        String sha = sha(bytes);
        assertThat(store.put(Files.write(dir.resolve("download-" + sha), bytes), sha, contentType).sha256())
                .isEqualTo(sha);
        return sha;
    }

    /** {@code ab/cd/<sha256>}: where every store keeps the bytes of a hash, relative to its root or prefix. */
    static String layout(String sha) {
        return sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
    }

    static String sha(byte[] bytes) throws IOException {
        return Sha256.hex(new ByteArrayInputStream(bytes));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
