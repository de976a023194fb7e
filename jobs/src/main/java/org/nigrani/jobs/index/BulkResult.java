package org.nigrani.jobs.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-item outcome of a bulk response, read in a streaming way.
 *
 * <p>Most responses say {@code "errors":false}; those are decided without walking the items at all.
 */
record BulkResult(boolean errors, List<Item> items) {

    /** One item's HTTP status and, on failure, the error's type and reason. */
    record Item(int status, String errorType, String errorReason) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Elasticsearch may accept it later: rejected for load, or a shard not available. */
        boolean retriable() {
            return status == 429 || status >= 500;
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    static BulkResult parse(InputStream body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "a bulk response must be a JSON object");
            boolean errors = false;
            List<Item> items = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("errors".equals(field)) {
                    errors = p.getBooleanValue();
                    if (!errors) {
                        return new BulkResult(false, List.of());
                    }
                } else if ("items".equals(field)) {
                    items = items(p);
                } else {
                    p.skipChildren();
                }
            }
            return new BulkResult(errors, items);
        }
    }

    private static List<Item> items(JsonParser p) throws IOException {
        expect(p.currentToken() == JsonToken.START_ARRAY, "bulk 'items' must be an array");
        List<Item> items = new ArrayList<>();
        while (p.nextToken() == JsonToken.START_OBJECT) {
            p.nextToken(); // the action name: index, create, update or delete
            p.nextToken();
            int status = 0;
            String type = null;
            String reason = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("status".equals(field)) {
                    status = p.getIntValue();
                } else if ("error".equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if ("type".equals(f)) {
                            type = p.getValueAsString();
                        } else if ("reason".equals(f)) {
                            reason = p.getValueAsString();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
            p.nextToken(); // end of the item object
            items.add(new Item(status, type, reason));
        }
        return items;
    }

    private static void expect(boolean condition, String message) throws IOException {
        if (!condition) {
            throw new IOException(message);
        }
    }
}
