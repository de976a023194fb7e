package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private static final Instant NOW = Instant.ofEpochSecond(1_750_000_000L);

    private static HttpHeaders headers(String... pairs) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], List.of(pairs[i + 1]));
        }
        return HttpHeaders.of(map, (a, b) -> true);
    }

    @Test
    void parsesTheThreeHeaders() {
        RateLimit limit = RateLimit.from(headers(
                "x-rate-limit-limit", "50", "x-rate-limit-remaining", "7", "x-rate-limit-reset", "1750000030"));
        assertThat(limit.limit()).hasValue(50);
        assertThat(limit.remaining()).hasValue(7);
        assertThat(limit.reset()).contains(NOW.plusSeconds(30));
        assertThat(limit.exhausted()).isFalse();
    }

    @Test
    void headerNamesAreCaseInsensitive() {
        RateLimit limit = RateLimit.from(headers("X-Rate-Limit-Remaining", "0"));
        assertThat(limit.remaining()).hasValue(0);
        assertThat(limit.exhausted()).isTrue();
    }

    @Test
    void absentHeadersAreUnknown() {
        assertThat(RateLimit.from(headers())).isEqualTo(RateLimit.UNKNOWN);
        assertThat(RateLimit.from(null)).isEqualTo(RateLimit.UNKNOWN);
    }

    @Test
    void garbageIsUnknownAndNeverThrows() {
        for (String bad : List.of("", " ", "abc", "-1", "1.5", "99999999999999999999999", "12e3")) {
            RateLimit limit = RateLimit.from(headers(
                    "x-rate-limit-limit", bad, "x-rate-limit-remaining", bad, "x-rate-limit-reset", bad));
            assertThat(limit).as(bad).isEqualTo(RateLimit.UNKNOWN);
        }
        // a number too large for an Instant
        assertThat(RateLimit.from(headers("x-rate-limit-reset", Long.toString(Long.MAX_VALUE))).reset()).isEmpty();
        assertThat(RateLimit.from(headers("x-rate-limit-remaining", " 3 ")).remaining()).hasValue(3);
    }

    @Test
    void waitsUntilResetWhenNoCallsRemain() {
        RateLimit limit = RateLimit.from(headers("x-rate-limit-remaining", "0", "x-rate-limit-reset", "1750000042"));
        assertThat(limit.waitBeforeNextCall(NOW, false)).isEqualTo(Duration.ofSeconds(42));
    }

    @Test
    void waitsUntilResetAfter429EvenWithCallsRemaining() {
        RateLimit limit = RateLimit.from(headers("x-rate-limit-remaining", "5", "x-rate-limit-reset", "1750000010"));
        assertThat(limit.waitBeforeNextCall(NOW, true)).isEqualTo(Duration.ofSeconds(10));
        assertThat(limit.waitBeforeNextCall(NOW, false)).isZero();
    }

    @Test
    void noWaitWhenResetIsPastOrUnknown() {
        RateLimit past = RateLimit.from(headers("x-rate-limit-remaining", "0", "x-rate-limit-reset", "1749999990"));
        assertThat(past.waitBeforeNextCall(NOW, true)).isZero();
        RateLimit unknown = RateLimit.from(headers("x-rate-limit-remaining", "0"));
        assertThat(unknown.waitBeforeNextCall(NOW, true)).isZero();
        assertThat(RateLimit.UNKNOWN.waitBeforeNextCall(NOW, true)).isZero();
    }
}
