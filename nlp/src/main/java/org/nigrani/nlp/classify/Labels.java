package org.nigrani.nlp.classify;

import java.util.List;

/** The label and category vocabularies shared by the corpus, the models and every output. */
public final class Labels {

    public static final String POLICE_MISCONDUCT = "police_misconduct";
    public static final String NOT_RELEVANT = "not_relevant";
    public static final String NO_CATEGORY = "none";

    /** In the guideline's order of precedence, most serious first. */
    public static final List<String> CATEGORIES =
            List.of("violence", "unlawful_detention", "extortion", "harassment", "other_misconduct");

    private Labels() {}
}
