package org.nigrani.elastic.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedbackCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode feedback(String post, String kind, String value) {
        ObjectNode n = JSON.createObjectNode();
        n.put("incident_id", "inc-1");
        n.put("post_id", post);
        n.put("kind", kind);
        n.put("value", value);
        n.put("text", "text of " + post);
        n.put("lang", "ur-Latn");
        n.put("platform", "x");
        n.put("has_video", true);
        n.put("category", "harassment");
        n.put("station", "Hatri");
        return n;
    }

    @Test
    void eachKindBecomesACorpusLineAndTheLatestWordWins() {
        List<ObjectNode> lines = FeedbackCorpus.lines(List.of(
                feedback("x:1", FeedbackCorpus.NOT_MISCONDUCT, null),
                feedback("x:2", FeedbackCorpus.WRONG_CATEGORY, "extortion"),
                feedback("x:3", FeedbackCorpus.WRONG_STATION, "Sohrab Goth"),
                feedback("x:4", FeedbackCorpus.WRONG_CATEGORY, "not a category"),
                feedback("x:5", FeedbackCorpus.WRONG_CATEGORY, "violence"),
                feedback("x:5", FeedbackCorpus.NOT_MISCONDUCT, null)));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).toString()).isEqualTo("{\"id\":\"feedback-x:1\",\"text\":\"text of x:1\",\"label\":\"not_relevant\","
                + "\"category\":\"none\",\"lang\":\"ur-Latn\",\"platform\":\"x\",\"has_video\":true,\"station\":\"Hatri\",\"split\":\"train\"}");
        assertThat(lines.get(1).path("label").asText()).isEqualTo("police_misconduct");
        assertThat(lines.get(1).path("category").asText()).isEqualTo("extortion");
        assertThat(lines.get(2).path("category").asText()).as("the classifier's, not corrected").isEqualTo("harassment");
        assertThat(lines.get(2).path("station").asText()).isEqualTo("Sohrab Goth");
        assertThat(lines.get(3).path("id").asText()).isEqualTo("feedback-x:5");
        assertThat(lines.get(3).path("label").asText()).isEqualTo("not_relevant");
    }
}
