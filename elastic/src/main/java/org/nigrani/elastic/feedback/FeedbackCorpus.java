package org.nigrani.elastic.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.http.entity.ContentType;
import org.apache.http.nio.entity.NStringEntity;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;
import org.nigrani.elastic.schema.Indices;

/**
 * Turns the investigators' feedback (index {@code feedback}) into labelled posts in the corpus format
 * ({@code nlp/src/main/corpus/*.jsonl}: id, text, label, category, lang, platform, has_video, station, split), one
 * line per post, for {@code bin/monitor train --extra FILE}.
 *
 * <p>A post's feedback is folded oldest first, so the latest word on each point wins: {@code not_misconduct} makes it
 * {@code not_relevant}; {@code wrong_category} with a category makes it {@code police_misconduct} of that category;
 * {@code wrong_station} sets the station and, on its own, keeps the post a positive of the classifier's category (the
 * investigator corrected the station only). Every line goes to the {@code train} split: the dev split stays the
 * corpus's own, so metrics remain comparable between models.
 */
public final class FeedbackCorpus {

    public static final String NOT_MISCONDUCT = "not_misconduct";
    public static final String WRONG_CATEGORY = "wrong_category";
    public static final String WRONG_STATION = "wrong_station";
    /** The corpus categories, as in {@code org.nigrani.nlp.classify.Labels} (this module cannot depend on nlp). */
    public static final List<String> CATEGORIES =
            List.of("violence", "unlawful_detention", "extortion", "harassment", "other_misconduct");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 1000;

    /** How many labelled posts were written, from how many pieces of feedback. */
    public record Result(int lines, int feedback) {}

    private FeedbackCorpus() {}

    /** Reads every piece of feedback and writes the labelled posts to {@code out}, one JSON object a line. */
    public static Result export(RestClient client, Writer out) {
        List<JsonNode> all = readAll(client);
        List<ObjectNode> lines = lines(all);
        try {
            for (ObjectNode line : lines) {
                out.write(JSON.writeValueAsString(line));
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the feedback corpus", e);
        }
        return new Result(lines.size(), all.size());
    }

    /** The labelled posts for feedback documents given oldest first; posts whose feedback says nothing usable are left out. */
    public static List<ObjectNode> lines(List<JsonNode> feedbackOldestFirst) {
        Map<String, Verdict> byPost = new LinkedHashMap<>();
        for (JsonNode f : feedbackOldestFirst) {
            String postId = f.path("post_id").asText("");
            String text = f.path("text").asText("");
            if (postId.isBlank() || text.isBlank()) {
                continue;
            }
            byPost.computeIfAbsent(postId, id -> new Verdict(f)).add(f);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (Map.Entry<String, Verdict> e : byPost.entrySet()) {
            ObjectNode line = e.getValue().line(e.getKey());
            if (line != null) {
                out.add(line);
            }
        }
        return out;
    }

    /** What the feedback on one post says so far. */
    private static final class Verdict {
        private final JsonNode post;
        private Boolean positive;
        private String category;
        private String station;

        Verdict(JsonNode first) {
            this.post = first;
        }

        void add(JsonNode f) {
            String value = f.path("value").asText("").strip();
            switch (f.path("kind").asText("")) {
                case NOT_MISCONDUCT -> {
                    positive = false;
                    category = null;
                }
                case WRONG_CATEGORY -> {
                    if (CATEGORIES.contains(value)) {
                        positive = true;
                        category = value;
                    }
                }
                case WRONG_STATION -> {
                    if (!value.isEmpty()) {
                        station = value;
                        if (positive == null && CATEGORIES.contains(post.path("category").asText(""))) {
                            positive = true;
                            category = post.path("category").asText();
                        }
                    }
                }
                default -> { }
            }
        }

        ObjectNode line(String postId) {
            if (positive == null) {
                return null;
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("id", "feedback-" + postId);
            n.put("text", post.path("text").asText());
            n.put("label", positive ? "police_misconduct" : "not_relevant");
            n.put("category", positive ? category : "none");
            n.put("lang", textOrNull(post.path("lang")));
            n.put("platform", textOrNull(post.path("platform")));
            n.put("has_video", post.path("has_video").asBoolean(false));
            n.put("station", station != null ? station : textOrNull(post.path("station")));
            n.put("split", "train");
            return n;
        }
    }

    private static String textOrNull(JsonNode n) {
        return n.isMissingNode() || n.isNull() || n.asText().isBlank() ? null : n.asText();
    }

    /** Every feedback document, oldest first, a page at a time (search_after on time and post id). */
    private static List<JsonNode> readAll(RestClient client) {
        try {
            // Feedback given a moment ago is included.
            Request refresh = new Request("POST", "/" + Indices.FEEDBACK + "/_refresh");
            refresh.addParameter("ignore_unavailable", "true");
            refresh.addParameter("allow_no_indices", "true");
            client.performRequest(refresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach Elasticsearch to read the feedback", e);
        }
        List<JsonNode> all = new ArrayList<>();
        JsonNode after = null;
        while (true) {
            ObjectNode body = JSON.createObjectNode();
            body.put("size", PAGE);
            body.putArray("sort").add(JSON.createObjectNode().put("at", "asc")).add(JSON.createObjectNode().put("post_id", "asc"))
                    .add(JSON.createObjectNode().put("kind", "asc"));
            body.putObject("query").putObject("match_all");
            if (after != null) {
                body.set("search_after", after);
            }
            Request r = new Request("POST", "/" + Indices.FEEDBACK + "/_search");
            r.addParameter("ignore_unavailable", "true");
            r.addParameter("allow_no_indices", "true");
            r.setEntity(new NStringEntity(body.toString(), ContentType.APPLICATION_JSON));
            JsonNode hits;
            try {
                hits = JSON.readTree(EntityUtils.toString(client.performRequest(r).getEntity())).path("hits").path("hits");
            } catch (ResponseException e) {
                throw new IllegalStateException("Elasticsearch refused to list the feedback: " + e.getMessage(), e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the feedback from Elasticsearch", e);
            }
            for (JsonNode hit : hits) {
                all.add(hit.path("_source"));
                after = hit.path("sort");
            }
            if (hits.size() < PAGE) {
                return all;
            }
        }
    }
}
