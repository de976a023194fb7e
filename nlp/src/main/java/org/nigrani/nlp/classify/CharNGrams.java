package org.nigrani.nlp.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * Character 4-grams inside each word, with word boundaries marked.
 *
 * <p>Roman Urdu has no fixed spelling ("rishwat", "rishwet", "rshwat"): character n-grams let the spellings
 * share most of their features where whole words would share none. A no-argument class, as for {@link TokenNGrams}.
 */
public final class CharNGrams implements FeatureGenerator {

    static final int N = 4;

    @Override
    public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extraInformation) {
        List<String> features = new ArrayList<>(tokens.length * 6);
        for (String token : tokens) {
            if (token.startsWith("_") || token.length() < 3) {
                continue;
            }
            String w = "<" + token + ">";
            for (int i = 0; i + N <= w.length(); i++) {
                features.add("c=" + w.substring(i, i + N));
            }
        }
        return features;
    }
}
