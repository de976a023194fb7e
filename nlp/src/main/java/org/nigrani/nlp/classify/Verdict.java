package org.nigrani.nlp.classify;

import java.util.List;

/**
 * What the classifier decided about one post.
 *
 * @param label {@link Labels#POLICE_MISCONDUCT} or {@link Labels#NOT_RELEVANT}
 * @param score probability in 0..1 that the post alleges police misconduct
 * @param category one of {@link Labels#CATEGORIES} for a flagged post, otherwise {@link Labels#NO_CATEGORY}
 * @param lang the post's language: {@code en}, {@code ur}, {@code ur-Latn} or {@code other}
 * @param why the words and n-grams that weighed most towards the decision, strongest first
 */
public record Verdict(String label, double score, String category, String lang, List<String> why) {

    public Verdict {
        if (!Labels.POLICE_MISCONDUCT.equals(label) && !Labels.NOT_RELEVANT.equals(label)) {
            throw new IllegalArgumentException("label must be police_misconduct or not_relevant, was " + label);
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be in 0..1, was " + score);
        }
        why = List.copyOf(why);
    }

    public boolean flagged() {
        return Labels.POLICE_MISCONDUCT.equals(label);
    }
}
