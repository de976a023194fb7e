package org.nigrani.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The evidence store in an S3-compatible bucket: objects {@code <prefix>ab/cd/<sha256>} with the content type as the
 * object's Content-Type, and the timestamp token in {@code <prefix>ab/cd/<sha256>.tsr}. "Stored once" is a HEAD and
 * then a conditional put ({@code If-None-Match: *}), so a put racing another one for the same hash loses with a 412
 * instead of rewriting the object; a server that ignores the condition rewrites equal bytes, which is harmless.
 * Uploads carry Content-MD5 from the same pass that checked the SHA-256. Object Lock or versioning are the bucket's
 * business, not the store's. Close it to release its HTTP connections.
 */
public final class S3EvidenceStore implements EvidenceStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(S3EvidenceStore.class);
    private static final String UNKNOWN_TYPE = "application/octet-stream";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);

    private final S3Settings settings;
    private final S3Client s3;
    /** Cleared when the server answers the conditional put with 501: from then on puts are plain (HEAD still first). */
    private volatile boolean conditionalPuts = true;

    /** A store with the credentials from the process environment, in the variables the settings name. */
    public S3EvidenceStore(S3Settings settings) {
        this(settings, System::getenv);
    }

    S3EvidenceStore(S3Settings settings, Function<String, String> env) {
        this.settings = Objects.requireNonNull(settings, "settings");
        AwsBasicCredentials credentials = AwsBasicCredentials.create(settings.accessKey(env), settings.secretKey(env));
        this.s3 = S3Client.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                // Plain request bodies rather than aws-chunked ones: more S3-compatible servers take them; over http
                // the body is signed with its SHA-256 (the evidence hash), so the server reads it whole and checks
                // it before answering. Seen here with aws-chunked: a 412 sent mid-body, and a broken pipe instead.
                .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        // The default, kept on purpose: a server that refuses a put on its headers (signature,
                        // a condition checked early) answers before the body is sent, not after.
                        .expectContinueEnabled(true))
                // The SDK's default CRC trailers (aws-chunked uploads) and x-amz-checksum-* headers are not
                // understood by every S3-compatible server; a put carries Content-MD5 instead (see put).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        LOG.info("S3 evidence store: {} bucket {} prefix '{}' (credentials from ${} and ${})", settings.endpoint(),
                settings.bucket(), settings.prefix(), settings.accessKeyEnv(), settings.secretKeyEnv());
    }

    public S3Settings settings() {
        return settings;
    }

    @Override
    public StoredItem put(Path file, String sha256, String contentType) throws IOException {
        String key = key(sha256);
        String type = contentType == null || contentType.isBlank() ? UNKNOWN_TYPE : contentType.strip();
        // The file is a local download: hash it whole before anything is sent, so a mismatch stores nothing. The
        // MD5 of the same pass goes along as Content-MD5, which every S3-compatible server checks: if the file
        // changed after it was hashed, the server refuses the upload instead of storing other bytes under the hash.
        MessageDigest sha = Sha256.newDigest();
        MessageDigest md5 = md5();
        long size;
        try (InputStream in = new DigestInputStream(new DigestInputStream(Files.newInputStream(file), sha), md5)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = HexFormat.of().formatHex(sha.digest());
        if (!sha256.equals(actual)) {
            throw new HashMismatchException(sha256, actual);
        }
        Optional<StoredItem> present = describe(sha256);
        if (present.isPresent()) {
            return present.get();
        }
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(settings.bucket())
                .key(key)
                .contentType(type)
                .contentLength(size)
                .contentMD5(Base64.getEncoder().encodeToString(md5.digest()));
        try {
            if (conditionalPuts) {
                try {
                    s3.putObject(request.ifNoneMatch("*").build(), RequestBody.fromFile(file));
                    return new StoredItem(sha256, size, type, false);
                } catch (S3Exception e) {
                    if (e.statusCode() != 501) {
                        throw e;
                    }
                    // "Not implemented": maybe the condition. If the same put without it goes through, it was.
                    s3.putObject(request.ifNoneMatch(null).build(), RequestBody.fromFile(file));
                    LOG.warn("{} does not support conditional puts (If-None-Match); storing with HEAD then PUT",
                            settings.endpoint());
                    conditionalPuts = false;
                    return new StoredItem(sha256, size, type, false);
                }
            }
            s3.putObject(request.build(), RequestBody.fromFile(file));
            return new StoredItem(sha256, size, type, false);
        } catch (S3Exception e) {
            // 412: another put stored it between our HEAD and our PUT. 409: AWS's answer while such a put is running.
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return describe(sha256).orElseThrow(() -> new IOException(
                        "S3 put of " + key + " lost a race to an object that is gone again; try again", e));
            }
            throw failure("put", key, e);
        } catch (SdkException e) {
            throw failure("put", key, e);
        }
    }

    @Override
    public boolean exists(String sha256) {
        try {
            return head(key(sha256)).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        String key = key(sha256);
        return call("get", key, () -> s3.getObject(b -> b.bucket(settings.bucket()).key(key)))
                .orElseThrow(() -> new NoSuchFileException(key, null, "no evidence stored under this hash"));
    }

    @Override
    public Optional<StoredItem> describe(String sha256) throws IOException {
        return head(key(sha256)).map(h -> new StoredItem(sha256, Objects.requireNonNullElse(h.contentLength(), 0L),
                h.contentType() == null || h.contentType().isBlank() ? UNKNOWN_TYPE : h.contentType(), true));
    }

    @Override
    public void putToken(String sha256, byte[] token) throws IOException {
        String key = key(sha256);
        if (head(key).isEmpty()) {
            throw new NoSuchFileException(key, null, "no evidence stored under this hash");
        }
        String tokenKey = key + ".tsr";
        // One PUT replaces the object whole: a reader sees the old token or the new one, never half of one.
        boolean stored = call("put", tokenKey, () -> s3.putObject(b -> b.bucket(settings.bucket()).key(tokenKey)
                .contentType(UNKNOWN_TYPE).contentLength((long) token.length), RequestBody.fromBytes(token)))
                .isPresent();
        if (!stored) {
            throw new IOException("S3 put of " + tokenKey + " answered 404: is there a bucket " + settings.bucket()
                    + " at " + settings.endpoint() + "?");
        }
    }

    @Override
    public Optional<byte[]> token(String sha256) throws IOException {
        String tokenKey = key(sha256) + ".tsr";
        return call("get", tokenKey,
                () -> s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(tokenKey)).asByteArray());
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        String key = key(sha256);
        // S3 answers a delete the same whether or not the key existed, so ask first.
        boolean present = head(key).isPresent();
        for (String object : new String[] {key + ".tsr", key}) {
            call("delete", object, () -> s3.deleteObject(b -> b.bucket(settings.bucket()).key(object)));
        }
        return present;
    }

    /** The object key for a hash; the hash is checked first, so no caller-given text reaches a key. */
    public String key(String sha256) {
        Sha256.requireCanonical(sha256);
        return settings.prefix() + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }

    @Override
    public void close() {
        s3.close();
    }

    private Optional<HeadObjectResponse> head(String key) throws IOException {
        return call("head", key, () -> s3.headObject(b -> b.bucket(settings.bucket()).key(key)));
    }

    /** One S3 request about {@code key}: empty when the server answers 404, an IOException naming it on failure. */
    private <T> Optional<T> call(String operation, String key, Supplier<T> request) throws IOException {
        try {
            return Optional.of(request.get());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure(operation, key, e);
        } catch (SdkException e) {
            throw failure(operation, key, e);
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    private IOException failure(String operation, String key, SdkException e) {
        return new IOException("S3 " + operation + " of " + key + " in bucket " + settings.bucket() + " at "
                + settings.endpoint() + " failed: " + e.getMessage(), e);
    }
}
