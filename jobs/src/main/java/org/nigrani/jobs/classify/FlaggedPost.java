package org.nigrani.jobs.classify;

import java.io.Serializable;
import org.nigrani.jobs.Post;
import org.nigrani.nlp.classify.Verdict;

/** A post the classifier flagged, with its verdict and the model that gave it. */
public record FlaggedPost(Post post, Verdict verdict, String model) implements Serializable {}
