package org.nigrani.nlp.extract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Words and phrases to look for in a post by their {@link Keys keys}, each with a tag (up to 32 tags), with phrases
 * that cancel them where they start ("women police" is not about women as victims; "video call" is not a video).
 * One pass over the post finds every tag.
 */
final class PhraseSet {

    private record Phrase(String[] keys, int tag) {}

    private final Map<String, List<Phrase>> phrases = new HashMap<>();
    private final Map<String, List<Phrase>> exceptions = new HashMap<>();

    /** Phrases of one tag (0). */
    static PhraseSet of(List<String> phrases, List<String> exceptions) {
        return new PhraseSet(List.of(phrases), exceptions);
    }

    /** Phrases by tag: the phrases of {@code tagged.get(i)} have tag {@code i}. */
    static PhraseSet tagged(List<List<String>> tagged, List<String> exceptions) {
        return new PhraseSet(tagged, exceptions);
    }

    private PhraseSet(List<List<String>> tagged, List<String> exceptions) {
        if (tagged.size() > 32) {
            throw new IllegalArgumentException("at most 32 tags");
        }
        for (int tag = 0; tag < tagged.size(); tag++) {
            index(tagged.get(tag), tag, this.phrases);
        }
        index(exceptions, 0, this.exceptions);
    }

    private static void index(List<String> list, int tag, Map<String, List<Phrase>> into) {
        for (String p : list) {
            String[] keys = Tokens.of(p).keys;
            if (keys.length > 0) {
                into.computeIfAbsent(keys[0], k -> new ArrayList<>()).add(new Phrase(keys, tag));
            }
        }
        into.values().forEach(l -> l.sort((a, b) -> b.keys().length - a.keys().length));
    }

    /** Whether the post holds one of the phrases, not inside an exception. */
    boolean foundIn(Tokens t) {
        return tags(t, true) != 0;
    }

    /** The tags of the phrases the post holds, not inside an exception, as bits: tag i is bit {@code 1 << i}. */
    int tags(Tokens t) {
        return tags(t, false);
    }

    private int tags(Tokens t, boolean first) {
        int found = 0;
        int i = 0;
        while (i < t.size) {
            int skip = longest(exceptions, t, i);
            if (skip > 0) {
                i += skip;
                continue;
            }
            List<Phrase> candidates = phrases.get(t.keys[i]);
            if (candidates != null) {
                for (Phrase p : candidates) {
                    if (matches(p, t, i)) {
                        found |= 1 << p.tag();
                        if (first) {
                            return found;
                        }
                    }
                }
            }
            i++;
        }
        return found;
    }

    /** The length in words of the longest phrase starting at word {@code at}, or 0. */
    int lengthAt(Tokens t, int at) {
        return longest(phrases, t, at);
    }

    private static int longest(Map<String, List<Phrase>> map, Tokens t, int at) {
        List<Phrase> candidates = map.get(t.keys[at]);
        if (candidates == null) {
            return 0;
        }
        for (Phrase p : candidates) {
            if (matches(p, t, at)) {
                return p.keys().length;
            }
        }
        return 0;
    }

    private static boolean matches(Phrase p, Tokens t, int at) {
        String[] keys = p.keys();
        if (at + keys.length > t.size) {
            return false;
        }
        for (int j = 1; j < keys.length; j++) {
            if (!keys[j].equals(t.keys[at + j]) || t.breakBefore[at + j] >= Tokens.SENTENCE) {
                return false;
            }
        }
        return true;
    }
}
