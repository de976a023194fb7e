package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.domain.BlobMetadata;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.domain.StorageType;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nigrani.evidence.EvidenceReport.Outcome;
import org.nigrani.evidence.testing.TestTsa;

/**
 * The store contract and the S3-only promises against a real S3 server: S3Proxy's S3 front end (request signing,
 * conditional puts, HEAD/GET/PUT/DELETE) over jclouds' in-memory blob store, started in this JVM on a free loopback
 * port. The blob store behind it is wrapped to count the uploads that reach it and to inject a racing writer.
 */
class S3EvidenceStoreITCase extends EvidenceStoreContract {

    private static final String ACCESS_KEY = "nigrani-test";
    private static final String SECRET_KEY = UUID.randomUUID().toString();
    private static final String PREFIX = "nigrani/";
    private static final Function<String, String> ENV = Map.of(
            S3Settings.DEFAULT_ACCESS_KEY_ENV, ACCESS_KEY,
            S3Settings.DEFAULT_SECRET_KEY_ENV, SECRET_KEY)::get;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    private static BlobStoreContext context;
    private static ServerBlobStore server;
    private static S3Proxy proxy;
    private static URI endpoint;

    private final List<S3EvidenceStore> opened = new ArrayList<>();
    private String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials(ACCESS_KEY, SECRET_KEY)
                .build(BlobStoreContext.class);
        server = new ServerBlobStore(context.getBlobStore());
        proxy = S3Proxy.builder()
                .blobStore(server)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .build();
        proxy.start();
        for (int i = 0; i < 3000 && !"STARTED".equals(proxy.getState()); i++) {
            Thread.sleep(10);
        }
        assertThat(proxy.getState()).isEqualTo("STARTED");
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (context != null) {
            context.close();
        }
    }

    @AfterEach
    void closeStores() {
        opened.forEach(S3EvidenceStore::close);
    }

    @Override
    S3EvidenceStore store() {
        bucket = "evidence-" + BUCKETS.incrementAndGet();
        server.delegate().createContainerInLocation(null, bucket);
        return open(settings(bucket), ENV);
    }

    /** Every key in the bucket, which must all be under the prefix, with the prefix taken off. */
    @Override
    List<String> stored() {
        List<String> keys = new ArrayList<>();
        for (StorageMetadata m : server.delegate().list(bucket, ListContainerOptions.Builder.recursive())) {
            if (m.getType() == StorageType.BLOB) {
                keys.add(m.getName());
            }
        }
        assertThat(keys).allMatch(k -> k.startsWith(PREFIX), "under the prefix " + PREFIX);
        return keys.stream().map(k -> k.substring(PREFIX.length())).toList();
    }

    @Override
    int reshares() {
        return 20;
    }

    @Test
    void theContentTypeIsTheObjectsOwnAndASecondPutUploadsNothing() throws Exception {
        S3EvidenceStore store = store();
        byte[] video = randomBytes(3 * 1024 * 1024 + 17, 11);
        String sha = sha(video);
        Path download = Files.write(dir.resolve("video.mp4"), video);

        int before = server.uploads(bucket);
        assertThat(store.put(download, sha, "video/mp4").alreadyPresent()).isFalse();
        assertThat(server.uploads(bucket)).isEqualTo(before + 1);
        assertThat(store.put(download, sha, "video/mp4").alreadyPresent()).isTrue();
        assertThat(server.uploads(bucket)).as("the second put uploads nothing").isEqualTo(before + 1);

        BlobMetadata object = server.delegate().blobMetadata(bucket, PREFIX + layout(sha));
        assertThat(object.getContentMetadata().getContentType()).isEqualTo("video/mp4");
        assertThat(object.getSize()).isEqualTo(video.length);
        assertThat(stored()).containsExactly(layout(sha));
        assertThat(store.key(sha)).isEqualTo(PREFIX + layout(sha));
        try (InputStream in = store.open(sha)) {
            assertThat(in.readAllBytes()).isEqualTo(video);
        }
    }

    @Test
    void aPutThatLosesARaceBetweenItsHeadAndItsPutIsRefusedByTheConditionAndReportedAsAlreadyPresent()
            throws Exception {
        S3EvidenceStore store = store();
        byte[] image = randomBytes(2 * 1024 * 1024, 12);
        String sha = sha(image);
        // Another writer stores the same bytes just after our HEAD found nothing.
        server.raceOnNextHead(bucket, PREFIX + layout(sha), image, "image/jpeg");

        int before = server.uploads(bucket);
        StoredItem item = store.put(Files.write(dir.resolve("image.jpg"), image), sha, "image/png");

        assertThat(item).isEqualTo(new StoredItem(sha, image.length, "image/jpeg", true));
        assertThat(server.uploads(bucket)).as("If-None-Match: * kept our upload out").isEqualTo(before);
        assertThat(stored()).containsExactly(layout(sha));
    }

    @Test
    void aMissingCredentialVariableIsAStartUpErrorNamingIt() {
        S3Settings settings = settings("evidence-unused");
        assertThatThrownBy(() -> new S3EvidenceStore(settings, Map.of(S3Settings.DEFAULT_ACCESS_KEY_ENV, ACCESS_KEY)::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NIGRANI_S3_SECRET_KEY")
                .hasMessageContaining("evidence.s3.secret-key-env")
                .hasMessageContaining("not set");
        assertThatThrownBy(() -> new S3EvidenceStore(settings, Map.of(S3Settings.DEFAULT_ACCESS_KEY_ENV, "",
                S3Settings.DEFAULT_SECRET_KEY_ENV, SECRET_KEY)::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("NIGRANI_S3_ACCESS_KEY")
                .hasMessageContaining("empty")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET_KEY));
    }

    @Test
    void aWrongSecretIsRefusedByTheServerAndNeverShownInTheError() throws Exception {
        store();
        String wrongSecret = "not-the-secret-" + UUID.randomUUID();
        S3EvidenceStore store = open(settings(bucket), Map.of(S3Settings.DEFAULT_ACCESS_KEY_ENV, ACCESS_KEY,
                S3Settings.DEFAULT_SECRET_KEY_ENV, wrongSecret)::get);
        byte[] bytes = randomBytes(100, 13);

        assertThatThrownBy(() -> store.put(Files.write(dir.resolve("b"), bytes), sha(bytes), "image/png"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("403")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrongSecret).doesNotContain(SECRET_KEY));
        assertThat(stored()).isEmpty();
    }

    @Test
    void theVerifierReadsEvidenceFromTheBucketAndSeesBytesChangedThere() throws Exception {
        S3EvidenceStore store = store();
        byte[] video = randomBytes(50_000, 14);
        String sha = put(store, video, "video/mp4");
        try (TestTsa tsa = TestTsa.selfSigned("Nigrani test TSA")) {
            store.putToken(sha, new Timestamps(tsa.url(), Duration.ofSeconds(5)).request(sha).token());
            EvidenceVerifier verifier = new EvidenceVerifier(store, List.of(tsa.certificate()));
            assertThat(verifier.verify(sha).outcome()).isEqualTo(Outcome.INTACT);

            video[25_000] ^= 1;
            server.delegate().putBlob(bucket, server.delegate().blobBuilder(store.key(sha)).payload(video)
                    .contentType("video/mp4").build());
            assertThat(verifier.verify(sha).outcome()).isEqualTo(Outcome.TAMPERED);
        }
    }

    private S3EvidenceStore open(S3Settings settings, Function<String, String> env) {
        S3EvidenceStore store = new S3EvidenceStore(settings, env);
        opened.add(store);
        return store;
    }

    private static S3Settings settings(String bucket) {
        return new S3Settings(endpoint, S3Settings.DEFAULT_REGION, bucket, PREFIX, S3Settings.DEFAULT_ACCESS_KEY_ENV,
                S3Settings.DEFAULT_SECRET_KEY_ENV, true);
    }

    /** The server's storage: counts the uploads that reach it per bucket, and can play a writer racing a put. */
    static final class ServerBlobStore extends ForwardingBlobStore {

        private final Map<String, AtomicInteger> uploads = new ConcurrentHashMap<>();
        private final Map<String, Blob> racers = new ConcurrentHashMap<>();

        ServerBlobStore(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public BlobStore delegate() {
            return super.delegate();
        }

        int uploads(String container) {
            return uploads.computeIfAbsent(container, c -> new AtomicInteger()).get();
        }

        /** The next HEAD of {@code name} finds nothing, and right after it another writer stores {@code bytes}. */
        void raceOnNextHead(String container, String name, byte[] bytes, String contentType) {
            racers.put(container + "/" + name,
                    delegate().blobBuilder(name).payload(bytes).contentType(contentType).build());
        }

        @Override
        public BlobMetadata blobMetadata(String container, String name) {
            Blob racer = racers.remove(container + "/" + name);
            if (racer != null) {
                BlobMetadata seen = delegate().blobMetadata(container, name);
                delegate().putBlob(container, racer);
                return seen;
            }
            return delegate().blobMetadata(container, name);
        }

        @Override
        public String putBlob(String container, Blob blob) {
            count(container);
            return delegate().putBlob(container, blob);
        }

        @Override
        public String putBlob(String container, Blob blob, PutOptions options) {
            count(container);
            return delegate().putBlob(container, blob, options);
        }

        private void count(String container) {
            uploads.computeIfAbsent(container, c -> new AtomicInteger()).incrementAndGet();
        }
    }
}
