package org.nigrani.nlp.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nigrani.nlp.classify.MisconductClassifier;
import org.nigrani.nlp.classify.Verdict;
import org.nigrani.nlp.extract.StationMention;
import org.nigrani.nlp.extract.StationResolver;
import org.nigrani.nlp.station.StationDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/monitor classify}: one output line per input line, in order, in the contract other tools rely on.
 *
 * <p>{@code station} is the canonical name of the first police station the post names as such (see
 * {@link StationResolver}), or null.
 *
 * <p>A bad line gives a line with its id (if any) and an error, and the run goes on; only a station directory that
 * cannot be used, an input that cannot be read or an output that cannot be written makes the exit code non-zero.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify posts (JSON Lines with at least id and text) into OUT, one line per input line, in order.")
public final class ClassifyCommand implements Callable<Integer> {

    @Option(names = "--input", required = true, description = "Posts to classify (JSON Lines).")
    Path input;

    @Option(names = "--output", required = true, description = "Where to write the results (JSON Lines).")
    Path output;

    @Option(names = "--stations", defaultValue = "config/stations.yaml",
            description = "The police station directory the 'station' field is resolved against (default: ${DEFAULT-VALUE}).")
    Path stations;

    @Mixin
    ModelOptions model;

    @Override
    public Integer call() throws IOException {
        StationResolver resolver = new StationResolver(StationDirectory.load(stations)); // a bad directory stops the run here
        MisconductClassifier classifier = model.load();
        int lines = 0;
        int errors = 0;
        try (BufferedReader in = PostsFile.open(input); Writer out = openOutput()) {
            JsonGenerator g = new JsonFactory().createGenerator(out);
            g.setRootValueSeparator(null);
            ObjectMapper json = PostsFile.lineMapper();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                lines++;
                errors += writeResult(json, g, classifier, resolver, line) ? 0 : 1;
                g.flush();
                out.write('\n');
            }
            g.flush();
        }
        System.err.printf("classified %,d lines into %s (%,d with errors)%n", lines, output, errors);
        return 0;
    }

    private Writer openOutput() {
        try {
            Path parent = output.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new BufferedWriter(Files.newBufferedWriter(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output file " + output + ": " + e.getMessage(), e);
        }
    }

    /** Writes the result of one line; false when the line had an error. */
    static boolean writeResult(ObjectMapper json, JsonGenerator g, MisconductClassifier classifier, StationResolver stations,
            String line) throws IOException {
        JsonNode post;
        try {
            post = json.readTree(line);
        } catch (IOException e) {
            return error(g, null, "not valid JSON");
        }
        if (post == null || !post.isObject()) {
            return error(g, null, "each line must be a JSON object");
        }
        JsonNode idNode = post.get("id");
        String id = idNode == null || idNode.isNull() || !idNode.isValueNode() ? null : idNode.asText();
        JsonNode text = post.get("text");
        if (id == null) {
            return error(g, null, "field 'id' is missing or not a string or number");
        }
        if (text == null || !text.isTextual()) {
            return error(g, id, "field 'text' is missing or not a string");
        }
        Verdict v = classifier.classify(text.textValue());
        List<StationMention> mentions = stations.resolve(text.textValue());
        g.writeStartObject();
        g.writeStringField("id", id);
        g.writeStringField("label", v.label());
        g.writeNumberField("score", Math.round(v.score() * 10_000) / 10_000.0);
        g.writeStringField("category", v.category());
        g.writeStringField("lang", v.lang());
        if (mentions.isEmpty()) {
            g.writeNullField("station");
        } else {
            g.writeStringField("station", mentions.get(0).station().name());
        }
        g.writeArrayFieldStart("why");
        for (String w : v.why()) {
            g.writeString(w);
        }
        g.writeEndArray();
        g.writeEndObject();
        return true;
    }

    private static boolean error(JsonGenerator g, String id, String message) throws IOException {
        g.writeStartObject();
        if (id != null) {
            g.writeStringField("id", id);
        }
        g.writeStringField("error", message);
        g.writeEndObject();
        return false;
    }
}
