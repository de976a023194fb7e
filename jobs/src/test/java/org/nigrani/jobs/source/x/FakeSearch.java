package org.nigrani.jobs.source.x;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.nigrani.jobs.Post;

/**
 * Scripted recent search for tests: pages keyed by (query id, since_id, next_token), unscripted requests answer an
 * empty page. Kept in a static registry under a name, because Flink serialises the factory into the job.
 */
final class FakeSearch {

    private static final Map<String, FakeSearch> REGISTRY = new ConcurrentHashMap<>();

    final String name;
    private final Map<String, XPosts.Page> pages = new ConcurrentHashMap<>();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Exception> failures = new ArrayDeque<>();
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();

    private FakeSearch(String name) {
        this.name = name;
    }

    static FakeSearch create(String name) {
        FakeSearch fake = new FakeSearch(name);
        REGISTRY.put(name, fake);
        return fake;
    }

    static String key(String queryId, String sinceId, String nextToken) {
        return queryId + "|" + sinceId + "|" + nextToken;
    }

    /** Scripts the answer to a request; {@code next} is the page's next_token (null: last page). */
    FakeSearch page(String queryId, String sinceId, String token, String next, Post... posts) {
        String newest = Arrays.stream(posts).map(Post::id).reduce(null, XQuerySplit::newer);
        pages.put(key(queryId, sinceId, token), new XPosts.Page(List.of(posts), List.of(),
                new XPosts.Meta(newest, posts.length == 0 ? null : posts[posts.length - 1].id(), posts.length, next)));
        return this;
    }

    FakeSearch unusable(String queryId, String sinceId, String token, XPosts.Page page) {
        pages.put(key(queryId, sinceId, token), page);
        return this;
    }

    synchronized FakeSearch failNext(Exception e) {
        failures.add(e);
        return this;
    }

    List<String> calls() {
        synchronized (calls) {
            return new ArrayList<>(calls);
        }
    }

    Factory factory() {
        return new Factory(name);
    }

    static Post post(String id, String text) {
        return new Post("x", id, "https://x.com/i/status/" + id, "reporter_" + id, text,
                Instant.parse("2024-05-01T10:00:00Z").plusSeconds(Long.parseLong(id) % 100_000), "ur",
                List.of(), new Post.Metrics(1, 2, 3), null, null, new Post.SourceRef("x:recent-search", 0));
    }

    record Factory(String name) implements SearchPages.Factory {
        @Override
        public SearchPages open() {
            FakeSearch fake = REGISTRY.get(name);
            fake.opened.incrementAndGet();
            return new SearchPages() {
                @Override
                public XPosts.Page fetch(XQuery query, String sinceId, String nextToken) throws IOException {
                    fake.calls.add(key(query.id(), sinceId, nextToken));
                    Exception failure;
                    synchronized (fake) {
                        failure = fake.failures.poll();
                    }
                    if (failure instanceof IOException io) {
                        throw io;
                    }
                    if (failure instanceof RuntimeException re) {
                        throw re;
                    }
                    XPosts.Page page = fake.pages.get(key(query.id(), sinceId, nextToken));
                    return page != null ? page : new XPosts.Page(List.of(), List.of(), XPosts.Meta.NONE);
                }

                @Override
                public void close() {
                    fake.closed.incrementAndGet();
                }
            };
        }
    }
}
