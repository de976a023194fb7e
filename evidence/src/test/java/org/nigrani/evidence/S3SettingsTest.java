package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3SettingsTest {

    private static final URI MINIO = URI.create("http://127.0.0.1:9000");

    @Test
    void defaultsAreTheReadmesAndTheSettingsSurviveSerialisation() throws Exception {
        S3Settings settings = S3Settings.of(URI.create("https://s3.eu-central-1.amazonaws.com/"), "nigrani-evidence");

        assertThat(settings).isEqualTo(new S3Settings(URI.create("https://s3.eu-central-1.amazonaws.com"),
                "us-east-1", "nigrani-evidence", "", "NIGRANI_S3_ACCESS_KEY", "NIGRANI_S3_SECRET_KEY", true));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(settings);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(settings);
        }
    }

    @ParameterizedTest
    @CsvSource({"nigrani/, nigrani/", "nigrani, nigrani/", "a/b-c_d.e/, a/b-c_d.e/", "'', ''"})
    void aPrefixEndsWithASlash(String given, String expected) {
        assertThat(withPrefix(given).prefix()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/nigrani/", "a//b/", "../x/", "a/./b", "a b/", "a\\b/", "ä/"})
    void aPrefixThatIsNotAPlainRelativeKeyIsRefused(String prefix) {
        assertThatThrownBy(() -> withPrefix(prefix)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("evidence.s3.prefix ");
    }

    @ParameterizedTest
    @CsvSource({
            "ftp://example.org, http or https",
            "s3.example.org, http or https",
            "https://example.org/bucket, no path",
            "https://example.org?x=1, no path",
    })
    void anEndpointThatIsNotABareHttpUrlIsRefused(String endpoint, String hint) {
        assertThatThrownBy(() -> S3Settings.of(URI.create(endpoint), "bucket"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("evidence.s3.endpoint ")
                .hasMessageContaining(hint);
    }

    @Test
    void credentialsInTheEndpointAreRefusedWithoutRepeatingThem() {
        assertThatThrownBy(() -> S3Settings.of(URI.create("https://AKIAEXAMPLE:s3cr3t@example.org"), "bucket"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("evidence.s3.endpoint ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t").doesNotContain("AKIAEXAMPLE"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Upper", "-bucket", "bucket-", "a..b", "under_score"})
    void aBucketThatS3WouldRefuseIsRefused(String bucket) {
        assertThatThrownBy(() -> S3Settings.of(MINIO, bucket)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("evidence.s3.bucket ");
    }

    @Test
    void aRegionIsRequired() {
        assertThatThrownBy(() -> new S3Settings(MINIO, " ", "bucket", "", "A", "B", true))
                .hasMessageStartingWith("evidence.s3.region ");
    }

    @Test
    void aSecretPastedWhereItsVariableNameBelongsIsRefusedWithoutRepeatingIt() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        assertThatThrownBy(() -> new S3Settings(MINIO, "us-east-1", "bucket", "", "NIGRANI_S3_ACCESS_KEY", secret,
                true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("evidence.s3.secret-key-env ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        assertThatThrownBy(() -> new S3Settings(MINIO, "us-east-1", "bucket", "", "KEYS", "KEYS", true))
                .hasMessageContaining("evidence.s3.access-key-env and evidence.s3.secret-key-env both name KEYS");
    }

    @Test
    void theKeysComeFromTheNamedVariables() {
        S3Settings settings = new S3Settings(MINIO, "us-east-1", "bucket", "", "MY_ACCESS", "MY_SECRET", true);
        Map<String, String> env = Map.of("MY_ACCESS", "id", "MY_SECRET", " secret\n");

        assertThat(settings.accessKey(env::get)).isEqualTo("id");
        assertThat(settings.secretKey(env::get)).isEqualTo("secret");
        assertThatThrownBy(() -> settings.secretKey(Map.<String, String>of()::get))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the S3 evidence store needs the environment variable MY_SECRET "
                        + "(named by evidence.s3.secret-key-env), but it is not set");
    }

    private static S3Settings withPrefix(String prefix) {
        return new S3Settings(MINIO, "us-east-1", "bucket", prefix, "A", "B", true);
    }
}
