package org.nigrani.jobs.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local stand-in for X API v2 recent search ({@code GET /2/tweets/search/recent}), or another v2 GET endpoint
 * such as post lookup ({@link #LOOKUP_PATH}, see {@link #start(String)}), with scripted answers.
 *
 * <p>Each request takes the next {@link Answer} of the script and is recorded (decoded query parameters and the
 * {@code Authorization} header). Once the script is used up, requests get 400 (a query X rejects, not retried).
 */
public final class XSearchReplay implements AutoCloseable {

    public static final String PATH = "/2/tweets/search/recent";
    public static final String LOOKUP_PATH = "/2/tweets";

    /** One scripted answer: status, headers and body. */
    public record Answer(int code, Map<String, String> headers, String body) {}

    /** One request as the server saw it. */
    public record Request(Map<String, String> parameters, String authorization) {}

    /** 200 with {@code body}, rate limit headers saying calls remain. */
    public static Answer page(String body) {
        return new Answer(200, Map.of("x-rate-limit-limit", "450", "x-rate-limit-remaining", "449",
                "x-rate-limit-reset", Long.toString(System.currentTimeMillis() / 1000 + 900)), body);
    }

    /** 200 with {@code body} and {@code x-rate-limit-remaining: 0} until {@code resetEpochSecond}. */
    public static Answer lastPageOfWindow(String body, long resetEpochSecond) {
        return new Answer(200, Map.of("x-rate-limit-limit", "450", "x-rate-limit-remaining", "0",
                "x-rate-limit-reset", Long.toString(resetEpochSecond)), body);
    }

    public static Answer status(int code) {
        return new Answer(code, Map.of(), "{\"title\":\"HTTP " + code + "\",\"type\":\"about:blank\",\"status\":"
                + code + "}");
    }

    /** 429 with {@code x-rate-limit-reset} at {@code resetEpochSecond} and no calls remaining. */
    public static Answer tooManyRequests(long resetEpochSecond) {
        return new Answer(429, Map.of("x-rate-limit-limit", "450", "x-rate-limit-remaining", "0",
                "x-rate-limit-reset", Long.toString(resetEpochSecond)), "{\"title\":\"Too Many Requests\"}");
    }

    /** A test resource under {@code /x/} as text. */
    public static String resource(String name) {
        try (InputStream in = XSearchReplay.class.getResourceAsStream("/x/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource /x/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    private final String path;

    private XSearchReplay(String path) throws IOException {
        this.path = path;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "x-search-replay");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static XSearchReplay start() throws IOException {
        return new XSearchReplay(PATH);
    }

    /** Answers {@code GET path} (e.g. {@link #LOOKUP_PATH}) instead of recent search; other paths get 404. */
    public static XSearchReplay start(String path) throws IOException {
        return new XSearchReplay(path);
    }

    public URI baseUri() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Appends answers for the next requests. */
    public XSearchReplay then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals(path)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            requests.add(new Request(parameters(exchange.getRequestURI().getRawQuery()),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            Answer answer = script.poll();
            if (answer == null) {
                answer = status(400);
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(answer.code(), body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            // the client went away
        }
    }

    private static Map<String, String> parameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
