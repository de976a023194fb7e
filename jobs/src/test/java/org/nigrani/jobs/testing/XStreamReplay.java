package org.nigrani.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for the X API v2 filtered stream and its rules endpoints, with scripted behaviour.
 *
 * <p>Each connection to {@code /2/tweets/search/stream} takes the next {@link Step} of the script; once the
 * script is used up, connections get {@link #stall()} (200, then silence). In the lines of a step an empty
 * string is a keep-alive ({@code \r\n}). The rules endpoints keep rules in memory and record every change.
 */
public final class XStreamReplay implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one stream connection gets. */
    public sealed interface Step permits Serve, Stall, Disconnect, Status {}

    /** 200, the lines, then a keep-alive every {@code keepAliveEvery} until the client goes away. */
    public record Serve(List<String> lines, Duration keepAliveEvery) implements Step {}

    /** 200, the lines, then nothing at all (no keep-alive) while the connection stays open. */
    public record Stall(List<String> lines) implements Step {}

    /** 200, the lines, then the server ends the response. */
    public record Disconnect(List<String> lines) implements Step {}

    /** An HTTP error answer. */
    public record Status(int code, Map<String, String> headers, String body) implements Step {}

    public static Step serve(Duration keepAliveEvery, String... lines) {
        return new Serve(List.of(lines), keepAliveEvery);
    }

    public static Step stall(String... lines) {
        return new Stall(List.of(lines));
    }

    public static Step disconnect(String... lines) {
        return new Disconnect(List.of(lines));
    }

    public static Step status(int code) {
        return new Status(code, Map.of(), "{\"title\":\"HTTP " + code + "\"}");
    }

    /** 429 with {@code x-rate-limit-reset} at {@code resetEpochSecond} and no calls remaining. */
    public static Step tooManyRequests(long resetEpochSecond) {
        return new Status(429, Map.of("x-rate-limit-limit", "50", "x-rate-limit-remaining", "0",
                "x-rate-limit-reset", Long.toString(resetEpochSecond)), "{\"title\":\"Too Many Requests\"}");
    }

    /** 429 without rate limit headers. */
    public static Step tooManyRequests() {
        return status(429);
    }

    /** A post line as the stream sends it. */
    public static String post(String id, String text) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("data").put("id", id).put("text", text);
        root.putArray("matching_rules").addObject().put("id", "1").put("tag", "test");
        return root.toString();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Step> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger streamConnections = new AtomicInteger();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> streamQueries = new CopyOnWriteArrayList<>();
    private final Map<String, String[]> rules = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger ruleIds = new AtomicInteger(1000);
    private final AtomicInteger ruleReads = new AtomicInteger();
    private final List<String> ruleChanges = new CopyOnWriteArrayList<>();
    private final List<String> addedValues = new CopyOnWriteArrayList<>();
    private final List<String> deletedIds = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;
    private volatile int rulesStatus;

    private XStreamReplay() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "x-stream-replay");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/2/tweets/search/stream", this::handle);
        server.start();
    }

    public static XStreamReplay start() throws IOException {
        return new XStreamReplay();
    }

    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Appends steps for the next stream connections. */
    public XStreamReplay then(Step... steps) {
        script.addAll(List.of(steps));
        return this;
    }

    /** Existing rules (id is generated). */
    public XStreamReplay withRule(String id, String value, String tag) {
        rules.put(id, new String[] {value, tag});
        return this;
    }

    /** Makes the rules endpoints answer {@code code} (e.g. 401) from now on. */
    public XStreamReplay refuseRules(int code) {
        rulesStatus = code;
        return this;
    }

    public int streamConnections() {
        return streamConnections.get();
    }

    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    public List<String> streamQueries() {
        return List.copyOf(streamQueries);
    }

    public int ruleReads() {
        return ruleReads.get();
    }

    /** The bodies of every POST to the rules endpoint. */
    public List<String> ruleChanges() {
        return List.copyOf(ruleChanges);
    }

    public List<String> addedValues() {
        return List.copyOf(addedValues);
    }

    public List<String> deletedIds() {
        return List.copyOf(deletedIds);
    }

    /** Current rules: id → value. */
    public Map<String, String> rules() {
        synchronized (rules) {
            Map<String, String> out = new LinkedHashMap<>();
            rules.forEach((id, r) -> out.put(id, r[0]));
            return out;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/2/tweets/search/stream/rules")) {
                handleRules(exchange);
            } else if (path.equals("/2/tweets/search/stream")) {
                handleStream(exchange);
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private void handleStream(HttpExchange exchange) throws IOException {
        streamConnections.incrementAndGet();
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        streamQueries.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
        Step step = script.poll();
        if (step == null) {
            step = new Stall(List.of());
        }
        if (step instanceof Status s) {
            byte[] body = s.body().getBytes(StandardCharsets.UTF_8);
            s.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(s.code(), body.length);
            exchange.getResponseBody().write(body);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        List<String> lines = step instanceof Serve s ? s.lines()
                : step instanceof Stall s ? s.lines()
                : ((Disconnect) step).lines();
        for (String line : lines) {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        if (step instanceof Serve s) {
            while (!stopped) {
                sleep(s.keepAliveEvery());
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
                out.flush(); // fails once the client has gone
            }
        } else if (step instanceof Stall) {
            while (!stopped) {
                sleep(Duration.ofMillis(50));
            }
        }
        // Disconnect: fall through and end the response
    }

    private void handleRules(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (rulesStatus != 0) {
            exchange.sendResponseHeaders(rulesStatus, -1);
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        if (method.equals("GET")) {
            ruleReads.incrementAndGet();
            ArrayNode data = JSON.createArrayNode();
            synchronized (rules) {
                rules.forEach((id, r) -> {
                    ObjectNode o = data.addObject().put("id", id).put("value", r[0]);
                    if (r[1] != null) {
                        o.put("tag", r[1]);
                    }
                });
            }
            if (!data.isEmpty()) {
                answer.set("data", data);
            }
            answer.putObject("meta").put("result_count", data.size());
        } else if (method.equals("POST")) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ruleChanges.add(body);
            JsonNode request = JSON.readTree(body);
            for (JsonNode add : request.path("add")) {
                String id = Integer.toString(ruleIds.incrementAndGet());
                String tag = add.hasNonNull("tag") ? add.get("tag").asText() : null;
                rules.put(id, new String[] {add.path("value").asText(), tag});
                addedValues.add(add.path("value").asText());
            }
            for (JsonNode id : request.path("delete").path("ids")) {
                rules.remove(id.asText());
                deletedIds.add(id.asText());
            }
            answer.putObject("meta").put("sent", "now");
        } else {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        server.stop(0);
        executor.shutdownNow();
    }
}
