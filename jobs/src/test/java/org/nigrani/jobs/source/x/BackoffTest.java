package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static List<Duration> take(Backoff backoff, Backoff.Kind kind, int n) {
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(backoff.next(kind));
        }
        return out;
    }

    private static List<Duration> millis(long... ms) {
        List<Duration> out = new ArrayList<>();
        for (long m : ms) {
            out.add(Duration.ofMillis(m));
        }
        return out;
    }

    @Test
    void networkErrorsBackOffLinearlyBy250msUpTo16s() {
        Backoff backoff = Backoff.xApi();
        List<Duration> delays = take(backoff, Backoff.Kind.NETWORK, 70);
        assertThat(delays.subList(0, 5)).isEqualTo(millis(250, 500, 750, 1000, 1250));
        for (int i = 0; i < 64; i++) {
            assertThat(delays.get(i)).isEqualTo(Duration.ofMillis(250L * (i + 1)));
        }
        assertThat(delays.get(63)).isEqualTo(Duration.ofSeconds(16));
        assertThat(delays.subList(64, 70)).allMatch(d -> d.equals(Duration.ofSeconds(16)));
    }

    @Test
    void httpErrorsBackOffExponentiallyFrom5sUpTo320s() {
        assertThat(take(Backoff.xApi(), Backoff.Kind.HTTP, 9))
                .isEqualTo(millis(5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000));
    }

    @Test
    void tooManyRequestsBackOffExponentiallyFromAMinute() {
        assertThat(take(Backoff.xApi(), Backoff.Kind.RATE_LIMITED, 7))
                .isEqualTo(millis(60_000, 120_000, 240_000, 480_000, 960_000, 960_000, 960_000));
    }

    @Test
    void manyFailuresStayAtTheCapWithoutOverflow() {
        Backoff backoff = Backoff.xApi();
        take(backoff, Backoff.Kind.HTTP, 10_000);
        assertThat(backoff.next(Backoff.Kind.HTTP)).isEqualTo(Duration.ofSeconds(320));
        assertThat(Backoff.Kind.RATE_LIMITED.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(16));
        assertThat(Backoff.Kind.NETWORK.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void resetStartsEveryKindOverAndKindsCountSeparately() {
        Backoff backoff = Backoff.xApi();
        take(backoff, Backoff.Kind.HTTP, 3);
        assertThat(backoff.next(Backoff.Kind.NETWORK)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.next(Backoff.Kind.HTTP)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.failures(Backoff.Kind.HTTP)).isEqualTo(4);

        backoff.reset();
        assertThat(backoff.failures(Backoff.Kind.HTTP)).isZero();
        assertThat(backoff.next(Backoff.Kind.HTTP)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.next(Backoff.Kind.NETWORK)).isEqualTo(Duration.ofMillis(250));
        assertThat(backoff.next(Backoff.Kind.RATE_LIMITED)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void fullJitterStaysBetweenOneMillisecondAndTheDelay() {
        Backoff backoff = Backoff.withFullJitter(new SplittableRandom(42));
        for (int i = 1; i <= 200; i++) {
            Duration d = backoff.next(Backoff.Kind.HTTP);
            assertThat(d).isBetween(Duration.ofMillis(1), Backoff.Kind.HTTP.delay(i));
        }
    }

    @Test
    void jitterNeverGivesZero() {
        RandomGenerator zero = new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return 0;
            }
        };
        Backoff backoff = Backoff.withFullJitter(zero);
        assertThat(backoff.next(Backoff.Kind.NETWORK)).isEqualTo(Duration.ofMillis(1));
        assertThat(backoff.next(Backoff.Kind.HTTP)).isEqualTo(Duration.ofMillis(1));
    }
}
