package org.nigrani.nlp.classify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.FeatureGenerator;
import org.nigrani.nlp.text.RomanUrduFolding;

/**
 * Each Latin word's Roman Urdu spelling key ({@link RomanUrduFolding}) as a feature beside the word itself.
 * A no-argument class, as OpenNLP re-creates feature generators from their class name.
 */
public final class FoldedWords implements FeatureGenerator {

    @Override
    public Collection<String> extractFeatures(String[] tokens, Map<String, Object> extraInformation) {
        List<String> features = new ArrayList<>(tokens.length);
        for (String token : tokens) {
            if (!token.startsWith("_")) {
                String folded = RomanUrduFolding.fold(token);
                if (!folded.equals(token)) {
                    features.add("f=" + folded);
                }
            }
        }
        return features;
    }
}
