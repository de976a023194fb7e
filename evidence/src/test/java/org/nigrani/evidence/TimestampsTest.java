package org.nigrani.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nigrani.evidence.TimestampVerdict.Trust;
import org.nigrani.evidence.testing.TestTsa;
import org.nigrani.evidence.testing.TestTsa.Behaviour;
import org.nigrani.evidence.testing.TestTsa.TestCa;

class TimestampsTest {

    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String OTHER_SHA = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

    private static TestTsa tsa;
    private static TestTsa stranger;

    @BeforeAll
    static void startTsas() throws Exception {
        tsa = TestTsa.selfSigned("Nigrani test TSA");
        stranger = TestTsa.selfSigned("Some other TSA");
    }

    @AfterAll
    static void stopTsas() {
        tsa.close();
        stranger.close();
    }

    @Test
    void aTokenFromTheTestTsaVerifiesAgainstItsHashAndTrustAnchor() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        IssuedTimestamp issued = timestamps(tsa).request(SHA);
        Instant after = Instant.now().plusSeconds(1);

        assertThat(issued.genTime()).isBetween(before, after);
        assertThat(issued.tsaName()).contains("CN=Nigrani test TSA");
        assertThat(issued.serial()).isPositive();

        TimestampVerdict verdict = Timestamps.verify(issued.token(), SHA, List.of(tsa.certificate()));
        assertThat(verdict.valid()).as(verdict.reason()).isTrue();
        assertThat(verdict.reason()).isEqualTo("valid");
        assertThat(verdict.imprintMatches()).isTrue();
        assertThat(verdict.signatureValid()).isTrue();
        assertThat(verdict.trust()).isEqualTo(Trust.TRUSTED);
        assertThat(verdict.genTime()).isEqualTo(issued.genTime()).isBetween(before, after);
        assertThat(verdict.serial()).isEqualTo(issued.serial());
    }

    @Test
    void withoutTrustAnchorsTheSignatureIsCheckedButTrustIsNot() throws Exception {
        IssuedTimestamp issued = timestamps(tsa).request(SHA);

        TimestampVerdict verdict = Timestamps.verify(issued.token(), SHA, List.of());
        assertThat(verdict.valid()).isTrue();
        assertThat(verdict.signatureValid()).isTrue();
        assertThat(verdict.trust()).isEqualTo(Trust.NOT_CHECKED);
    }

    @Test
    void aTokenVerifiedAgainstAnotherHashFails() throws Exception {
        IssuedTimestamp issued = timestamps(tsa).request(SHA);

        TimestampVerdict verdict = Timestamps.verify(issued.token(), OTHER_SHA, List.of(tsa.certificate()));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.imprintMatches()).isFalse();
        assertThat(verdict.reason()).contains("different hash").contains(SHA);
    }

    @Test
    void aTokenFromATsaOutsideTheTrustAnchorsFails() throws Exception {
        IssuedTimestamp issued = timestamps(stranger).request(SHA);

        TimestampVerdict verdict = Timestamps.verify(issued.token(), SHA, List.of(tsa.certificate()));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.imprintMatches()).isTrue();
        assertThat(verdict.signatureValid()).isTrue();
        assertThat(verdict.trust()).isEqualTo(Trust.UNTRUSTED);
        assertThat(verdict.reason()).contains("CN=Some other TSA").contains("not a trust anchor");
    }

    @Test
    void aTsaCertificateIssuedByATrustedAuthorityIsTrusted() throws Exception {
        TestCa authority = TestCa.create("Nigrani test TSA root");
        TestCa otherAuthority = TestCa.create("Nigrani test TSA root");
        try (TestTsa issuedTsa = TestTsa.issuedBy("Issued TSA", authority)) {
            IssuedTimestamp issued = timestamps(issuedTsa).request(SHA);

            assertThat(Timestamps.verify(issued.token(), SHA, List.of(authority.certificate())).trust())
                    .isEqualTo(Trust.TRUSTED);
            // Same name, different key: the issuer's name alone must not be enough.
            assertThat(Timestamps.verify(issued.token(), SHA, List.of(otherAuthority.certificate())).trust())
                    .isEqualTo(Trust.UNTRUSTED);
        }
    }

    @Test
    void aTokenWithAFlippedByteFailsOrIsUnreadable() throws Exception {
        byte[] token = timestamps(tsa).request(SHA).token();
        // Past the halfway point the token is mostly TSTInfo and signature, which the signature covers.
        token[token.length - 20] ^= 0x01;

        TimestampVerdict verdict = Timestamps.verify(token, SHA, List.of(tsa.certificate()));
        assertThat(verdict.valid()).isFalse();
    }

    @Test
    void garbageIsNotAToken() {
        TimestampVerdict verdict = Timestamps.verify("not a token".getBytes(StandardCharsets.UTF_8), SHA, List.of());
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.reason()).startsWith("not a readable RFC 3161 timestamp token");
        assertThat(verdict.genTime()).isNull();
    }

    @Test
    void aTsaThatRefusesIsAnErrorNamingTheTsa() throws Exception {
        try (TestTsa refusing = TestTsa.selfSigned("Refusing TSA")) {
            refusing.behave(Behaviour.REJECT);
            assertThatThrownBy(() -> timestamps(refusing).request(SHA))
                    .isInstanceOf(TimestampException.class)
                    .hasMessageContaining(refusing.url().toString())
                    .hasMessageContaining("refused")
                    .hasMessageContaining("status 2")
                    .hasMessageContaining("test TSA refuses");
        }
    }

    @Test
    void aTsaAnsweringGarbageIsAnErrorNamingTheTsa() throws Exception {
        try (TestTsa babbling = TestTsa.selfSigned("Babbling TSA")) {
            babbling.behave(Behaviour.GARBAGE);
            assertThatThrownBy(() -> timestamps(babbling).request(SHA))
                    .isInstanceOf(TimestampException.class)
                    .hasMessageContaining(babbling.url().toString())
                    .hasMessageContaining("not an RFC 3161 TimeStampResp");
        }
    }

    @Test
    void aTsaAnsweringAnHttpErrorIsAnErrorNamingTheTsa() throws Exception {
        try (TestTsa failing = TestTsa.selfSigned("Failing TSA")) {
            failing.behave(Behaviour.HTTP_ERROR);
            assertThatThrownBy(() -> timestamps(failing).request(SHA))
                    .isInstanceOf(TimestampException.class)
                    .hasMessageContaining(failing.url().toString())
                    .hasMessageContaining("HTTP 500");
        }
    }

    @Test
    void aReplyForAnotherNonceIsRefused() throws Exception {
        try (TestTsa replaying = TestTsa.selfSigned("Replaying TSA")) {
            replaying.behave(Behaviour.WRONG_NONCE);
            assertThatThrownBy(() -> timestamps(replaying).request(SHA))
                    .isInstanceOf(TimestampException.class)
                    .hasMessageContaining(replaying.url().toString())
                    .hasMessageContaining("does not answer our request");
        }
    }

    @Test
    void anUnreachableTsaIsAnErrorNamingTheTsa() throws Exception {
        TestTsa gone = TestTsa.selfSigned("Gone TSA");
        gone.close();
        assertThatThrownBy(() -> timestamps(gone).request(SHA))
                .isInstanceOf(TimestampException.class)
                .hasMessageContaining(gone.url().toString())
                .hasMessageContaining("could not be reached");
    }

    @Test
    void eachRequestCarriesItsOwnNonceSoTwoTokensForOneHashDiffer() throws Exception {
        IssuedTimestamp first = timestamps(tsa).request(SHA);
        IssuedTimestamp second = timestamps(tsa).request(SHA);
        assertThat(first.serial()).isNotEqualTo(second.serial());
        assertThat(new BigInteger(1, first.token())).isNotEqualTo(new BigInteger(1, second.token()));
    }

    private static Timestamps timestamps(TestTsa tsa) {
        return new Timestamps(tsa.url(), Duration.ofSeconds(5));
    }
}
