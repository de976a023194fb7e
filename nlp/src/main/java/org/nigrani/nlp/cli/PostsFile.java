package org.nigrani.nlp.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nigrani.nlp.classify.LabelledPost;

/** Reads the JSON Lines files the command line takes: posts with at least {@code id} and {@code text}. */
final class PostsFile {

    private PostsFile() {}

    /** Opens an input file, failing with a message that names it when it cannot be read; skips a leading byte order mark. */
    static BufferedReader open(Path file) {
        try {
            BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            try {
                in.mark(1);
                if (in.read() != '\uFEFF') {
                    in.reset();
                }
            } catch (IOException e) {
                in.close();
                throw e;
            }
            return in;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("input file not found: " + file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read input file " + file + ": " + e.getMessage(), e);
        }
    }

    /** A labelled set for evaluation: {@code id}, {@code text}, {@code label}; {@code category} and {@code lang} optional. */
    static List<LabelledPost> labelled(Path file) {
        ObjectMapper json = lineMapper();
        List<LabelledPost> posts = new ArrayList<>();
        try (BufferedReader in = open(file)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    posts.add(LabelledPost.fromJson(json.readTree(line), "dev"));
                } catch (IOException | IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + n + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return posts;
    }

    /** Reads one line as one JSON value: anything after it on the line is an error, not silently dropped. */
    static ObjectMapper lineMapper() {
        return new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }
}
