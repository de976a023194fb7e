package org.nigrani.nlp.classify;

import com.fasterxml.jackson.databind.JsonNode;

/** One post of the labelled corpus, as {@code nlp/LABELLING.md} defines its fields; category may be null when unknown. */
public record LabelledPost(
        String id, String text, String label, String category, String lang, String platform,
        boolean hasVideo, String station, String split) {

    public LabelledPost {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id is missing");
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(id + ": text is missing");
        }
        if (!Labels.POLICE_MISCONDUCT.equals(label) && !Labels.NOT_RELEVANT.equals(label)) {
            throw new IllegalArgumentException(id + ": label must be police_misconduct or not_relevant, was " + label);
        }
        boolean positive = Labels.POLICE_MISCONDUCT.equals(label);
        // an evaluation set may leave the category out (null); when given, it must fit the label
        if (category != null && (positive ? !Labels.CATEGORIES.contains(category) : !Labels.NO_CATEGORY.equals(category))) {
            throw new IllegalArgumentException(id + ": category " + category + " does not fit label " + label);
        }
        if (!"train".equals(split) && !"dev".equals(split)) {
            throw new IllegalArgumentException(id + ": split must be train or dev, was " + split);
        }
    }

    /**
     * A post from one JSON Lines record; {@code split} names the split for sets that carry none (an evaluation
     * file), or is null to take it from the record (the corpus).
     */
    public static LabelledPost fromJson(JsonNode n, String split) {
        return new LabelledPost(text(n, "id"), text(n, "text"), text(n, "label"), text(n, "category"),
                text(n, "lang"), text(n, "platform"), n.path("has_video").asBoolean(false), text(n, "station"),
                split == null ? text(n, "split") : split);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
    }

    public boolean positive() {
        return Labels.POLICE_MISCONDUCT.equals(label);
    }
}
