package org.nigrani.jobs.source.x;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.nigrani.jobs.testing.XStreamReplay.disconnect;
import static org.nigrani.jobs.testing.XStreamReplay.post;
import static org.nigrani.jobs.testing.XStreamReplay.serve;
import static org.nigrani.jobs.testing.XStreamReplay.stall;
import static org.nigrani.jobs.testing.XStreamReplay.status;
import static org.nigrani.jobs.testing.XStreamReplay.tooManyRequests;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nigrani.jobs.source.x.FilteredStreamClient.Gap;
import org.nigrani.jobs.source.x.FilteredStreamClient.Rule;
import org.nigrani.jobs.source.x.FilteredStreamClient.RulesSync;
import org.nigrani.jobs.source.x.FilteredStreamClient.Settings;
import org.nigrani.jobs.testing.XStreamReplay;

@Timeout(value = 5, unit = TimeUnit.SECONDS)
class FilteredStreamClientTest {

    private static final String TOKEN = "test-secret-token";
    private static final String LABEL = "NIGRANI_X_BEARER_TOKEN";
    private static final Duration KEEP_ALIVE = Duration.ofMillis(100);

    private XStreamReplay x;
    private FilteredStreamClient client;
    private Thread runner;
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private final List<Gap> gaps = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    @BeforeEach
    void start() throws Exception {
        x = XStreamReplay.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (runner != null) {
            runner.join(2_000);
        }
        x.close();
    }

    private Settings settings(Rule... rules) {
        return Settings.of(x.baseUri(), TOKEN, LABEL, List.of(rules))
                .withStallTimeout(Duration.ofSeconds(1))
                .withStreamParameters(Map.of("tweet.fields", "created_at,lang"));
    }

    /** A client whose back-off waits are recorded, not slept. */
    private FilteredStreamClient client(Clock clock) {
        client = new FilteredStreamClient(settings(), null, clock, sleeps::add);
        return client;
    }

    private void runInBackground() {
        runner = new Thread(() -> {
            try {
                client.run(p -> posts.add(new String(p, StandardCharsets.UTF_8)), gaps::add);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "stream-under-test");
        runner.start();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in time");
            }
            Thread.sleep(10);
        }
    }

    @Test
    void deliversPostsInOrderAndCountsKeepAlivesWithoutDeliveringThem() throws Exception {
        x.then(serve(KEEP_ALIVE, post("1", "first"), "", post("2", "second"), "", "", post("3", "third")));
        client(Clock.systemUTC());
        runInBackground();

        await(() -> posts.size() == 3 && client.keepAlives() >= 6);
        assertThat(posts).containsExactly(post("1", "first"), post("2", "second"), post("3", "third"));
        assertThat(client.posts()).isEqualTo(3);
        // keep-alives every 100 ms keep a 1 s stall timeout from firing
        assertThat(client.connections()).isEqualTo(1);
        assertThat(client.reconnects()).isZero();
        assertThat(client.stalls()).isZero();
        assertThat(gaps).isEmpty();
        assertThat(x.authorizations()).containsExactly("Bearer " + TOKEN);
        assertThat(x.streamQueries()).containsExactly("tweet.fields=created_at%2Clang");
        assertThat(failure.get()).isNull();
    }

    @Test
    void stallReconnectsAndReportsTheGap() throws Exception {
        x.then(stall(post("1", "before")), serve(KEEP_ALIVE, post("2", "after")));
        client(Clock.systemUTC());
        Instant started = Instant.now();
        runInBackground();

        await(() -> posts.size() == 2);
        assertThat(posts).containsExactly(post("1", "before"), post("2", "after"));
        assertThat(client.stalls()).isEqualTo(1);
        assertThat(client.reconnects()).isEqualTo(1);
        assertThat(client.connections()).isEqualTo(2);
        assertThat(sleeps).containsExactly(Duration.ofMillis(250));
        assertThat(gaps).hasSize(1);
        Gap gap = gaps.get(0);
        assertThat(gap.from()).isAfterOrEqualTo(started.minusMillis(5));
        // the gap starts at the last byte and lasts at least the stall timeout
        assertThat(gap.length()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(gap.length()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void disconnectReconnectsAndReportsTheGap() throws Exception {
        x.then(disconnect(post("1", "a"), post("2", "b")), serve(KEEP_ALIVE, post("3", "c")));
        client(Clock.systemUTC());
        runInBackground();

        await(() -> posts.size() == 3);
        assertThat(posts).containsExactly(post("1", "a"), post("2", "b"), post("3", "c"));
        assertThat(client.reconnects()).isEqualTo(1);
        assertThat(client.errors()).isEqualTo(1);
        assertThat(client.stalls()).isZero();
        assertThat(sleeps).containsExactly(Duration.ofMillis(250));
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).from()).isBeforeOrEqualTo(gaps.get(0).to());
        assertThat(gaps.get(0).length()).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void tooManyRequestsWaitsUntilTheResetOrAMinuteWithoutIt() throws Exception {
        Instant now = Instant.ofEpochSecond(1_750_000_000L);
        x.then(tooManyRequests(), tooManyRequests(now.getEpochSecond() + 7), serve(KEEP_ALIVE, post("1", "ok")));
        client(Clock.fixed(now, ZoneOffset.UTC));
        runInBackground();

        await(() -> posts.size() == 1);
        assertThat(sleeps).containsExactly(Duration.ofMinutes(1), Duration.ofSeconds(7));
        assertThat(client.tooManyRequests()).isEqualTo(2);
        assertThat(client.errors()).isZero();
        assertThat(client.connections()).isEqualTo(1);
        assertThat(gaps).isEmpty();
    }

    @Test
    void serviceUnavailableIsRetriedWithExponentialBackoffThenSucceeds() throws Exception {
        x.then(status(503), status(503), serve(KEEP_ALIVE, post("1", "ok")));
        client(Clock.systemUTC());
        runInBackground();

        await(() -> posts.size() == 1);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(10));
        assertThat(client.errors()).isEqualTo(2);
        assertThat(client.connections()).isEqualTo(1);
        assertThat(x.streamConnections()).isEqualTo(3);
    }

    @Test
    void backoffStartsOverAfterAConnectionDeliversData() throws Exception {
        x.then(status(503), disconnect(post("1", "a")), status(503), serve(KEEP_ALIVE, post("2", "b")));
        client(Clock.systemUTC());
        runInBackground();

        await(() -> posts.size() == 2);
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(5));
        assertThat(gaps).hasSize(1);
    }

    @Test
    void unauthorizedFailsNamingTheEndpointAndTheVariable() {
        x.then(status(401));
        client(Clock.systemUTC());

        assertThatThrownBy(() -> client.run(p -> posts.add("x"), gaps::add))
                .isInstanceOf(CredentialsRefusedException.class)
                .hasMessageContaining("GET " + x.baseUri() + "/2/tweets/search/stream")
                .hasMessageContaining(LABEL)
                .hasMessageContaining("401")
                .hasMessageNotContaining(TOKEN);
        assertThat(x.streamConnections()).isEqualTo(1);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void forbiddenIsNotRetriedEither() {
        x.then(status(403), serve(KEEP_ALIVE, post("1", "never")));
        client(Clock.systemUTC());

        assertThatThrownBy(() -> client.run(p -> posts.add("x"), gaps::add))
                .isInstanceOf(CredentialsRefusedException.class)
                .hasMessageContaining(LABEL);
        assertThat(x.streamConnections()).isEqualTo(1);
    }

    @Test
    void closeStopsAnOpenStreamPromptly() throws Exception {
        x.then(serve(KEEP_ALIVE, post("1", "a")));
        client(Clock.systemUTC());
        runInBackground();
        await(() -> posts.size() == 1);

        long t0 = System.nanoTime();
        client.close();
        runner.join(1_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(failure.get()).isNull();
    }

    @Test
    void closeCutsABackoffWaitShort() throws Exception {
        x.then(status(503));
        client = new FilteredStreamClient(settings(), null, Clock.systemUTC(), null); // real 5 s wait
        runInBackground();
        await(() -> client.errors() == 1);

        long t0 = System.nanoTime();
        client.close();
        runner.join(1_000);
        assertThat(runner.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(x.streamConnections()).isEqualTo(1);
    }

    @Test
    void settingsNeverPrintTheToken() {
        Settings settings = settings(new Rule("police torture", "abuse"));
        assertThat(settings.toString()).doesNotContain(TOKEN).contains(LABEL).contains("police torture");
        assertThatThrownBy(() -> Settings.of(x.baseUri(), " ", LABEL, List.of()))
                .hasMessageContaining(LABEL);
    }

    // ------------------------------------------------------------------ rules

    @Test
    void syncRulesAddsMissingDeletesExtraAndLeavesMatching() throws Exception {
        x.withRule("11", "police torture lang:ur", "torture")
                .withRule("12", "old obsolete rule", "old")
                .withRule("13", "police torture lang:ur", "duplicate");
        client = new FilteredStreamClient(
                settings(new Rule("police torture lang:ur", "torture"), new Rule("custodial death", "death")),
                null, Clock.systemUTC(), sleeps::add);

        RulesSync sync = client.syncRules();
        assertThat(sync.deletedIds()).containsExactly("12", "13");
        assertThat(sync.added()).containsExactly(new Rule("custodial death", "death"));
        assertThat(x.deletedIds()).containsExactly("12", "13");
        assertThat(x.addedValues()).containsExactly("custodial death");
        assertThat(x.rules()).containsEntry("11", "police torture lang:ur").hasSize(2);
        assertThat(x.rules().values()).containsExactlyInAnyOrder("police torture lang:ur", "custodial death");
        assertThat(x.ruleChanges()).hasSize(2);
        assertThat(x.ruleChanges().get(1)).contains("\"tag\":\"death\"");
        assertThat(x.authorizations()).isEmpty(); // the stream was not touched

        RulesSync again = client.syncRules();
        assertThat(again.changed()).isFalse();
        assertThat(x.ruleChanges()).hasSize(2);
        assertThat(x.ruleReads()).isEqualTo(2);
    }

    @Test
    void syncRulesSendsNothingWhenAlreadyInSync() throws Exception {
        x.withRule("21", "a", null).withRule("22", "b", "tb");
        client = new FilteredStreamClient(settings(new Rule("b", "tb"), new Rule("a", null)), null, Clock.systemUTC(), sleeps::add);

        assertThat(client.syncRules().changed()).isFalse();
        assertThat(x.ruleChanges()).isEmpty();
    }

    @Test
    void syncRulesAddsEverythingToAnEmptyStreamAndDeletesEverythingWhenNoneWanted() throws Exception {
        client = new FilteredStreamClient(settings(new Rule("a", "ta"), new Rule("b", null)), null, Clock.systemUTC(), sleeps::add);
        assertThat(client.syncRules().added()).hasSize(2);
        assertThat(x.rules().values()).containsExactly("a", "b");
        assertThat(x.ruleChanges()).hasSize(1);

        FilteredStreamClient none = new FilteredStreamClient(settings(), null, Clock.systemUTC(), sleeps::add);
        try {
            assertThat(none.syncRules().deletedIds()).hasSize(2);
            assertThat(x.rules()).isEmpty();
        } finally {
            none.close();
        }
    }

    @Test
    void syncRulesRefusedNamesTheRulesEndpointAndTheVariable() {
        x.refuseRules(401);
        client(Clock.systemUTC());
        assertThatThrownBy(() -> client.syncRules())
                .isInstanceOf(CredentialsRefusedException.class)
                .hasMessageContaining("/2/tweets/search/stream/rules")
                .hasMessageContaining(LABEL)
                .hasMessageNotContaining(TOKEN);
    }
}
