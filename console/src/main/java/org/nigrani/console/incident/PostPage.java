package org.nigrani.console.incident;

import java.util.List;

/** One page of an incident's posts, newest first, and how many there are in all. */
public record PostPage(List<PostView> items, long total, int page) {

    public PostPage {
        items = List.copyOf(items);
    }

    public int pages() {
        return (int) Math.min(IncidentReader.MAX_PAGE + 1, (total + IncidentReader.PAGE_SIZE - 1) / IncidentReader.PAGE_SIZE);
    }

    public boolean hasNext() {
        return page + 1 < pages();
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
