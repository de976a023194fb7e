package org.nigrani.console.search;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.nigrani.console.stations.Stations;

/**
 * Everything search.jte shows, worked out here so the template only prints: the form's values (as the URL gave
 * them), the select options, the results, the facet links and the page links. Every link is this search's URL with
 * one parameter changed, so a search can be shared by its address.
 *
 * @param query null when a parameter was refused ({@code error} says which)
 * @param results null when a parameter was refused
 */
public record SearchView(Map<String, String> form, String error, List<String> notices, SearchQuery query,
        SearchResults results, Stations stations) {

    public static final String PATH = "/search";

    public record Option(String value, String label, boolean selected) {}

    public record FacetLink(String label, long count, String href, boolean active) {}

    /** {@code id} is the list's element id ({@code facet-station}, …). */
    public record FacetView(String id, String title, List<FacetLink> links) {}

    public SearchView {
        form = Map.copyOf(form);
        notices = List.copyOf(notices);
    }

    public static SearchView of(SearchQuery q, SearchResults results, Stations stations) {
        return new SearchView(q.params(), null, q.notices(), q, results, stations);
    }

    /** The page for a refused search: the form as the user filled it, and what is wrong. */
    public static SearchView refused(Map<String, List<String>> params, String error, Stations stations) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String name : SearchQuery.PARAMETERS) {
            List<String> values = params.get(name);
            if (values != null && !values.isEmpty()) {
                form.put(name, values.get(0));
            }
        }
        return new SearchView(form, error, List.of(), null, null, stations);
    }

    /** A form field's value ("" when absent). */
    public String value(String name) {
        return form.getOrDefault(name, "");
    }

    public boolean posts() {
        return "posts".equals(form.get("kind"));
    }

    /** Whether the results are posts (the form may say otherwise when the search was refused). */
    public boolean showsPosts() {
        return results != null && results.kind() == Kind.POSTS;
    }

    public boolean sortedBy(String key) {
        return value("sort").equals(key) || (key.equals("priority") && value("sort").isEmpty());
    }

    /** A filter select's choices: any, then the facet's keys, then the current value if the facet lacks it. */
    public List<Option> options(String facet) {
        String current = value(facet);
        List<Option> out = new ArrayList<>();
        out.add(new Option("", "any", current.isEmpty()));
        Set<String> keys = new LinkedHashSet<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        if (results != null) {
            for (SearchResults.Bucket b : results.facet(facet)) {
                keys.add(b.key());
                counts.put(b.key(), b.count());
            }
        }
        if (facet.equals("status")) {
            keys.addAll(SearchQuery.STATUSES);
        }
        if (!current.isEmpty()) {
            keys.add(current);
        }
        for (String k : keys) {
            Long n = counts.get(k);
            out.add(new Option(k, shown(facet, k) + (n == null ? "" : " (" + n + ")"), k.equals(current)));
        }
        return out;
    }

    /** The facet lists, each key a link that adds its filter (or, when it is the filter already, removes it). */
    public List<FacetView> facets() {
        if (results == null) {
            return List.of();
        }
        List<FacetView> out = new ArrayList<>();
        for (String facet : SearchBody.FACETS) {
            if (!results.facets().containsKey(facet)) {
                continue;
            }
            List<FacetLink> links = new ArrayList<>();
            for (SearchResults.Bucket b : results.facet(facet)) {
                // Only "with video" is a filter; "without" is shown for the count.
                boolean filterable = !facet.equals("video") || b.key().equals("true");
                boolean active = b.key().equals(form.get(facet));
                String href = !filterable ? null : active ? href(without(facet)) : href(with(facet, b.key()));
                links.add(new FacetLink(shown(facet, b.key()), b.count(), href, active));
            }
            out.add(new FacetView("facet-" + facet, title(facet), links));
        }
        return out;
    }

    /** This search's own address. */
    public String selfHref() {
        return href(query == null ? form : query.params());
    }

    /** The same search over incidents or posts. */
    public String kindHref(String kind) {
        Map<String, String> p = without("page");
        if (kind.equals("incidents")) {
            p.remove("kind");
        } else {
            p.put("kind", kind);
        }
        return href(p);
    }

    public int pageNumber() {
        return query == null ? 1 : query.page() + 1;
    }

    public String prevHref() {
        if (query == null || query.page() == 0) {
            return null;
        }
        Map<String, String> p = new LinkedHashMap<>(query.params());
        if (query.page() == 1) {
            p.remove("page");
        } else {
            p.put("page", Integer.toString(query.page() - 1));
        }
        return href(p);
    }

    public String nextHref() {
        if (query == null || results == null || query.page() >= SearchQuery.LAST_PAGE
                || (long) (query.page() + 1) * SearchQuery.PAGE_SIZE >= Math.min(results.total(), SearchQuery.MAX_WINDOW)) {
            return null;
        }
        Map<String, String> p = new LinkedHashMap<>(query.params());
        p.put("page", Integer.toString(query.page() + 1));
        return href(p);
    }

    public String totalShown() {
        return results == null ? "" : String.format(Locale.ROOT, "%,d", results.total());
    }

    /** A link to an incident's page; the id is URL-encoded for the path. */
    public static String incidentHref(String incidentId) {
        return "/incidents/" + URLEncoder.encode(incidentId, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A facet key as shown: a station by its name and city from the directory, the rest by {@link #label}. */
    private String shown(String facet, String key) {
        return facet.equals("station") ? stations.name(key) : label(facet, key);
    }

    /** The words a facet key is shown as. */
    public static String label(String facet, String key) {
        return switch (facet) {
            case "lang" -> switch (key) {
                case "en" -> "English";
                case "ur" -> "Urdu";
                case "ur-Latn" -> "Roman Urdu";
                default -> key;
            };
            case "video" -> key.equals("true") ? "with video" : "without video";
            case "category", "status" -> key.replace('_', ' ');
            default -> key;
        };
    }

    public static String title(String facet) {
        return switch (facet) {
            case "station" -> "Station";
            case "city" -> "City";
            case "category" -> "Category";
            case "lang" -> "Language";
            case "status" -> "Status";
            case "video" -> "Video";
            default -> facet;
        };
    }

    private Map<String, String> with(String name, String value) {
        Map<String, String> p = without(name);
        p.put(name, value);
        return p;
    }

    /** The current parameters without {@code name}, and back on the first page. */
    private Map<String, String> without(String name) {
        Map<String, String> p = new LinkedHashMap<>(query == null ? form : query.params());
        p.remove(name);
        p.remove("page");
        return p;
    }

    /** {@code /search?…} with each parameter URL-encoded, in the fixed order of {@link SearchQuery#PARAMETERS}. */
    static String href(Map<String, String> params) {
        String qs = SearchQuery.PARAMETERS.stream().filter(params::containsKey)
                .map(k -> encode(k) + "=" + encode(params.get(k))).collect(Collectors.joining("&"));
        return qs.isEmpty() ? PATH : PATH + "?" + qs;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
