package org.nigrani.console.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Walls;
import org.nigrani.console.store.Es;

/**
 * Builds the Elasticsearch request for a {@link SearchQuery}, as a JSON tree: the user's text only ever becomes the
 * query string of a {@code simple_query_string}, and every filter value the value of a term or range.
 *
 * <p>The text and the walls are the query; the filters are a {@code post_filter}, so that each facet can be counted
 * under every filter but its own (choosing a station still shows how many hits each other station has). The walls
 * being in the query is what keeps walled-off incidents out of the facet counts too.
 */
public final class SearchBody {

    /**
     * Highlight markers. The highlighter returns the stored text raw around them; {@link Snippet} splits on them and
     * escapes the rest. Private-use characters, because a post hardly ever contains them (one that does can at worst
     * mark some of its own text), and not control characters: Elasticsearch trims fragments as Java's
     * {@code String.trim} does, which drops a control character that opens or closes a fragment.
     */
    public static final String MARK_START = "\uE000";
    public static final String MARK_END = "\uE001";
    /** Characters a result shows of a post's text (or an incident's title). */
    public static final int SNIPPET_CHARS = 300;
    /**
     * Only the search syntax that cannot fail or reach another field: no {@code field:value}, regular expressions,
     * fuzziness or slop.
     */
    static final String FLAGS = "AND|OR|NOT|PHRASE|PREFIX|WHITESPACE|ESCAPE|PRECEDENCE";
    /** How far into a text the highlighter reads; posts of a megabyte would otherwise fail the whole search. */
    static final int MAX_ANALYZED = 100_000;

    /** The facets, in the order pages show them; status only where there is triage. */
    public static final List<String> FACETS = List.of("station", "city", "category", "lang", "status", "video");

    private SearchBody() {}

    /**
     * @param walledIncidents incidents to leave out besides those the user's walls exclude by station: for posts,
     *     the incidents behind a wall whose other posts name no walled station themselves
     */
    public static ObjectNode of(SearchQuery q, User user, Collection<String> walledIncidents) {
        Kind kind = q.kind();
        ObjectNode body = Es.JSON.createObjectNode();
        body.put("size", SearchQuery.PAGE_SIZE);
        body.put("from", q.offset());
        body.put("track_total_hits", true);
        ArrayNode source = body.putObject("_source").putArray("includes");
        kind.sourceFields().forEach(source::add);

        ObjectNode bool = body.putObject("query").putObject("bool");
        if (q.q() != null) {
            ObjectNode text = bool.putArray("must").addObject().putObject("simple_query_string");
            text.put("query", q.q());
            text.putArray("fields").add(kind.textField());
            text.put("default_operator", "and");
            text.put("flags", FLAGS);
            text.put("lenient", true);
        } else {
            bool.putArray("must").addObject().putObject("match_all");
        }
        Walls.exclude(bool, user);
        if (!walledIncidents.isEmpty()) {
            ArrayNode ids = bool.withArray("must_not").addObject().putObject("terms").putArray("nigrani.incident.id");
            walledIncidents.stream().sorted().forEach(ids::add);
        }

        List<Filter> filters = filters(q);
        if (!filters.isEmpty()) {
            body.set("post_filter", all(filters, null));
        }
        ObjectNode aggs = body.putObject("aggs");
        for (String facet : FACETS) {
            String field = facetField(kind, facet);
            if (field == null) {
                continue;
            }
            ObjectNode agg = aggs.putObject(facet);
            agg.set("filter", all(filters, facet));
            ObjectNode terms = agg.putObject("aggs").putObject("keys").putObject("terms");
            terms.put("field", field);
            terms.put("size", facet.equals("station") ? 100 : 50);
            ArrayNode order = terms.putArray("order");
            order.addObject().put("_count", "desc");
            order.addObject().put("_key", "asc");
        }

        ObjectNode highlight = body.putObject("highlight");
        highlight.putArray("pre_tags").add(MARK_START);
        highlight.putArray("post_tags").add(MARK_END);
        highlight.put("require_field_match", true);
        highlight.put("max_analyzed_offset", MAX_ANALYZED);
        ObjectNode field = highlight.putObject("fields").putObject(kind.textField());
        if (kind == Kind.INCIDENTS) {
            // A title is short: all of it, marked.
            field.put("number_of_fragments", 0);
        } else {
            field.put("fragment_size", 140);
            field.put("number_of_fragments", 2);
        }
        // Without a match (or without a text), the start of the text, so a post's megabyte never leaves Elasticsearch.
        field.put("no_match_size", SNIPPET_CHARS);

        ArrayNode sort = body.putArray("sort");
        switch (q.sort()) {
            case PRIORITY -> {
                sort(sort, Kind.PRIORITY_FIELD, "desc");
                sort(sort, kind.timeField(), "desc");
            }
            case RECENT -> sort(sort, kind.timeField(), "desc");
            case REACH -> {
                sort(sort, kind.reachField(), "desc");
                sort(sort, Kind.PRIORITY_FIELD, "desc");
            }
        }
        sort(sort, kind.tieBreakField(), "asc");
        return body;
    }

    /** The field a facet counts, or null when this kind of document has none. */
    public static String facetField(Kind kind, String facet) {
        return switch (facet) {
            case "station" -> Kind.STATION_FIELD;
            case "city" -> Kind.CITY_FIELD;
            case "category" -> kind.categoryField();
            case "lang" -> kind.langField();
            case "status" -> kind.statusField();
            case "video" -> Kind.VIDEO_FIELD;
            default -> throw new IllegalArgumentException("no facet " + facet);
        };
    }

    /** A filter clause and the facet it narrows (null for filters that are no facet). */
    private record Filter(String facet, ObjectNode clause) {}

    private static List<Filter> filters(SearchQuery q) {
        Kind kind = q.kind();
        List<Filter> out = new ArrayList<>();
        term(out, "station", Kind.STATION_FIELD, q.station());
        term(out, "city", Kind.CITY_FIELD, q.city());
        term(out, "category", kind.categoryField(), q.category());
        term(out, "lang", kind.langField(), q.lang());
        if (kind.triaged()) {
            term(out, "status", kind.statusField(), q.status());
            term(out, null, kind.assigneeField(), q.assignee());
        }
        if (q.video()) {
            ObjectNode c = Es.JSON.createObjectNode();
            c.putObject("term").put(Kind.VIDEO_FIELD, true);
            out.add(new Filter("video", c));
        }
        if (q.min() != null || q.max() != null) {
            ObjectNode c = Es.JSON.createObjectNode();
            ObjectNode range = c.putObject("range").putObject(Kind.PRIORITY_FIELD);
            if (q.min() != null) {
                range.put("gte", q.min());
            }
            if (q.max() != null) {
                range.put("lte", q.max());
            }
            out.add(new Filter(null, c));
        }
        if (q.from() != null || q.to() != null) {
            ObjectNode c = Es.JSON.createObjectNode();
            ObjectNode range = c.putObject("range").putObject(kind.timeField());
            if (q.fromTime() != null) {
                range.put("gte", q.fromTime().toString());
            }
            if (q.toTime() != null) {
                range.put("lt", q.toTime().toString());
            }
            range.put("format", "strict_date_optional_time");
            out.add(new Filter(null, c));
        }
        return out;
    }

    private static void term(List<Filter> out, String facet, String field, String value) {
        if (value != null) {
            ObjectNode c = Es.JSON.createObjectNode();
            c.putObject("term").put(field, value);
            out.add(new Filter(facet, c));
        }
    }

    /** A bool filter of every clause except the one of {@code exceptFacet}; match_all when none is left. */
    private static ObjectNode all(List<Filter> filters, String exceptFacet) {
        ObjectNode node = Es.JSON.createObjectNode();
        List<Filter> kept = filters.stream().filter(f -> exceptFacet == null || !exceptFacet.equals(f.facet())).toList();
        if (kept.isEmpty()) {
            node.putObject("match_all");
            return node;
        }
        ArrayNode clauses = node.putObject("bool").putArray("filter");
        kept.forEach(f -> clauses.add(f.clause()));
        return node;
    }

    private static void sort(ArrayNode sort, String field, String order) {
        sort.addObject().putObject(field).put("order", order);
    }
}
