package org.nigrani.console.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.User;

class SearchBodyTest {

    static final User FREE = new User("ivan", "hash", Role.INVESTIGATOR, Set.of(), false);
    static final User WALLED = new User("wally", "hash", Role.INVESTIGATOR, Set.of("khi-ferozabad", "khi-preedy"), false);

    static SearchQuery query(String... pairs) {
        Map<String, List<String>> params = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.computeIfAbsent(pairs[i], k -> new ArrayList<>()).add(pairs[i + 1]);
        }
        return SearchQuery.parse(params);
    }

    @Test
    void theTextGoesOnlyIntoTheSimpleQueryStringAsAString() {
        String hostile = "\"}} , \"match_all\": {";
        ObjectNode body = SearchBody.of(query("q", hostile), FREE, Set.of());

        JsonNode sqs = body.at("/query/bool/must/0/simple_query_string");
        assertThat(sqs.path("query").isTextual()).isTrue();
        assertThat(sqs.path("query").asText()).isEqualTo(hostile);
        assertThat(sqs.path("fields").get(0).asText()).isEqualTo("nigrani.title");
        assertThat(sqs.path("default_operator").asText()).isEqualTo("and");
        assertThat(sqs.path("flags").asText()).isEqualTo("AND|OR|NOT|PHRASE|PREFIX|WHITESPACE|ESCAPE|PRECEDENCE");
        assertThat(sqs.path("lenient").asBoolean()).isTrue();
        assertThat(placesOf(body, hostile)).containsExactly("/query/bool/must/0/simple_query_string/query");
        // The query is a bool of the text alone (no filter given, no walls): nothing the text could have opened.
        assertThat(fieldNames(body.path("query"))).containsExactly("", "bool", "must", "0", "simple_query_string", "query",
                "fields", "0", "default_operator", "flags", "lenient");
    }

    @Test
    void postsAreSearchedInTheirMessage() {
        ObjectNode body = SearchBody.of(query("q", "lathi", "kind", "posts"), FREE, Set.of());
        assertThat(body.at("/query/bool/must/0/simple_query_string/fields/0").asText()).isEqualTo("message");
        assertThat(body.at("/highlight/fields").has("message")).isTrue();
        assertThat(body.at("/_source/includes").toString()).doesNotContain("user").doesNotContain("url").doesNotContain("message");
    }

    @Test
    void wallsAreInTheQuerySoTheyBindFacetsToo() {
        ObjectNode body = SearchBody.of(query(), WALLED, Set.of());
        assertThat(body.at("/query/bool/must_not/0/terms/nigrani.stations.id").toString())
                .isEqualTo("[\"khi-ferozabad\",\"khi-preedy\"]");
        assertThat(SearchBody.of(query(), FREE, Set.of()).at("/query/bool").has("must_not")).isFalse();
    }

    @Test
    void postsOfWalledIncidentsAreLeftOutByIncidentId() {
        ObjectNode body = SearchBody.of(query("kind", "posts"), WALLED, Set.of("inc-b", "inc-a"));
        assertThat(body.at("/query/bool/must_not/1/terms/nigrani.incident.id").toString()).isEqualTo("[\"inc-a\",\"inc-b\"]");
    }

    @Test
    void filtersAreTermsAndRangesOnEachIndexsFields() {
        ObjectNode body = SearchBody.of(query("station", "khi-preedy", "city", "Karachi", "category", "violence",
                "lang", "ur-Latn", "status", "in_review", "assignee", "sara", "min", "40", "max", "90", "video", "true",
                "from", "2024-05-01", "to", "2024-05-31"), FREE, Set.of());
        String filters = body.at("/post_filter/bool/filter").toString();
        assertThat(filters)
                .contains("{\"term\":{\"nigrani.stations.id\":\"khi-preedy\"}}")
                .contains("{\"term\":{\"nigrani.city\":\"Karachi\"}}")
                .contains("{\"term\":{\"nigrani.category\":\"violence\"}}")
                .contains("{\"term\":{\"nigrani.langs\":\"ur-Latn\"}}")
                .contains("{\"term\":{\"nigrani.triage.status\":\"in_review\"}}")
                .contains("{\"term\":{\"nigrani.triage.assignee\":\"sara\"}}")
                .contains("{\"term\":{\"nigrani.has_video\":true}}")
                .contains("{\"range\":{\"nigrani.priority.score\":{\"gte\":40,\"lte\":90}}}")
                .contains("\"nigrani.incident.last_seen\":{\"gte\":\"2024-05-01T00:00:00Z\",\"lt\":\"2024-06-01T00:00:00Z\"");

        ObjectNode posts = SearchBody.of(query("kind", "posts", "category", "violence", "lang", "en", "status", "new",
                "from", "2024-05-01"), FREE, Set.of());
        String postFilters = posts.at("/post_filter/bool/filter").toString();
        assertThat(postFilters).contains("nigrani.classifier.category").contains("{\"term\":{\"nigrani.lang\":\"en\"}}")
                .contains("\"@timestamp\":{\"gte\"").doesNotContain("triage");
        assertThat(posts.at("/aggs").has("status")).isFalse();
    }

    @Test
    void eachFacetCountsUnderEveryFilterButItsOwn() {
        ObjectNode body = SearchBody.of(query("station", "khi-preedy", "category", "violence", "min", "50"), FREE, Set.of());
        String station = body.at("/aggs/station/filter").toString();
        assertThat(station).doesNotContain("khi-preedy").contains("violence").contains("nigrani.priority.score");
        String category = body.at("/aggs/category/filter").toString();
        assertThat(category).contains("khi-preedy").doesNotContain("violence");
        assertThat(body.at("/aggs/city/filter").toString()).contains("khi-preedy").contains("violence");
        assertThat(body.at("/aggs/station/aggs/keys/terms/field").asText()).isEqualTo("nigrani.stations.id");
        assertThat(body.at("/aggs/video/aggs/keys/terms/field").asText()).isEqualTo("nigrani.has_video");
        assertThat(SearchBody.of(query(), FREE, Set.of()).at("/aggs/station/filter").has("match_all")).isTrue();
    }

    @Test
    void sortsAndPages() {
        assertThat(SearchBody.of(query(), FREE, Set.of()).at("/sort").toString()).isEqualTo(
                "[{\"nigrani.priority.score\":{\"order\":\"desc\"}},{\"nigrani.incident.last_seen\":{\"order\":\"desc\"}},"
                        + "{\"nigrani.incident.id\":{\"order\":\"asc\"}}]");
        assertThat(SearchBody.of(query("sort", "recent", "kind", "posts"), FREE, Set.of()).at("/sort/0").toString())
                .isEqualTo("{\"@timestamp\":{\"order\":\"desc\"}}");
        assertThat(SearchBody.of(query("sort", "reach"), FREE, Set.of()).at("/sort/0").toString())
                .isEqualTo("{\"nigrani.reach.views\":{\"order\":\"desc\"}}");
        ObjectNode page3 = SearchBody.of(query("page", "3"), FREE, Set.of());
        assertThat(page3.path("from").asInt()).isEqualTo(60);
        assertThat(page3.path("size").asInt()).isEqualTo(20);
    }

    @Test
    void pagesStopBeforeTheTenThousandthHitWithANotice() {
        SearchQuery far = query("page", "99999999999");
        assertThat(far.page()).isEqualTo(499);
        assertThat(far.offset() + SearchQuery.PAGE_SIZE).isEqualTo(10_000);
        assertThat(far.notices()).singleElement().asString().contains("10,000");
    }

    @Test
    void badParametersAreRefusedByName() {
        assertBad("min", "min", "abc");
        assertBad("max", "max", "101");
        assertBad("min", "min", "60", "max", "40");
        assertBad("page", "page", "-1");
        assertBad("status", "status", "bogus");
        assertBad("sort", "sort", "random");
        assertBad("kind", "kind", "users");
        assertBad("from", "from", "2024-13-01");
        assertBad("to", "to", "yesterday");
        assertBad("from", "from", "2024-06-01", "to", "2024-05-01");
        assertBad("video", "video", "maybe");
        assertBad("assignee", "assignee", "Robert'); DROP");
        assertBad("category", "category", "<b>");
        assertBad("lang", "lang", "en\"}");
        assertBad("station", "station", "a\u0000b");
        assertBad("station", "station", "a", "station", "b");
        assertBad("q", "q", "x".repeat(501));
    }

    @Test
    void blankParametersAreAbsentAndLinksCarryOnlyWhatDiffers() {
        SearchQuery q = query("q", "  lathi charge ", "station", "", "sort", "priority", "kind", "incidents", "page", "0",
                "video", "true");
        assertThat(q.station()).isNull();
        assertThat(q.params()).containsExactly(Map.entry("q", "lathi charge"), Map.entry("video", "true"));
    }

    @Test
    void statusAndAssigneeAreNotAppliedToPostsAndSaySo() {
        SearchQuery q = query("kind", "posts", "status", "new");
        assertThat(q.notices()).anyMatch(n -> n.contains("not applied"));
        assertThat(q.params()).containsEntry("status", "new");
    }

    private static void assertBad(String parameter, String... pairs) {
        assertThatThrownBy(() -> query(pairs)).isInstanceOfSatisfying(SearchQuery.BadParameter.class, e -> {
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage()).contains(parameter);
        });
    }

    private static List<String> placesOf(JsonNode node, String text) {
        List<String> out = new ArrayList<>();
        walk(node, "", (path, n) -> {
            if (n.isTextual() && n.asText().equals(text)) {
                out.add(path);
            }
        });
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        walk(node, "", (path, n) -> out.add(path.substring(path.lastIndexOf('/') + 1)));
        return out;
    }

    private static void walk(JsonNode node, String path, java.util.function.BiConsumer<String, JsonNode> visit) {
        visit.accept(path, node);
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), path + "/" + e.getKey(), visit));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visit);
            }
        }
    }
}
