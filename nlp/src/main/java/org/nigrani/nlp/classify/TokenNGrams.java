package org.nigrani.nlp.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.FeatureGenerator;

/**
 * Word unigrams and bigrams as doccat features.
 *
 * <p>A no-argument class on purpose: OpenNLP re-creates feature generators from their class name when a model
 * loads, so settings passed to a constructor would silently be lost (see stack.md).
 */
public final class TokenNGrams implements FeatureGenerator {

    @Override
    public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extraInformation) {
        List<String> features = new ArrayList<>(tokens.length * 2);
        for (int i = 0; i < tokens.length; i++) {
            features.add("w=" + tokens[i]);
            if (i + 1 < tokens.length) {
                features.add("b=" + tokens[i] + "_" + tokens[i + 1]);
            }
        }
        return features;
    }
}
