package org.nigrani.nlp.classify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The labelled corpus: every `*.jsonl` file of a folder, read in file-name order, with its content hash. */
public record Corpus(List<LabelledPost> posts, String sha256) {

    public Corpus {
        posts = List.copyOf(posts);
    }

    public static Corpus read(Path dir) {
        return read(dir, List.of());
    }

    /**
     * The corpus folder and, after it, {@code extra} files of the same format (such as the investigators' feedback,
     * {@code bin/monitor feedback export}); an id may appear only once across all of them.
     */
    public static Corpus read(Path dir, List<Path> extra) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list corpus folder " + dir, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no *.jsonl files in corpus folder " + dir);
        }
        files = new ArrayList<>(files);
        for (Path file : extra) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no such extra training file: " + file);
            }
            files.add(file);
        }
        ObjectMapper json = new ObjectMapper();
        MessageDigest digest = newDigest();
        List<LabelledPost> posts = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Path file : files) {
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    digest.update(line.getBytes(StandardCharsets.UTF_8));
                    LabelledPost post = parse(json, line, file, n);
                    if (!ids.add(post.id())) {
                        throw new IllegalArgumentException(file + ":" + n + ": duplicate id " + post.id());
                    }
                    posts.add(post);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read corpus file " + file, e);
            }
        }
        return new Corpus(posts, HexFormat.of().formatHex(digest.digest()));
    }

    public List<LabelledPost> split(String name) {
        return posts.stream().filter(p -> p.split().equals(name)).toList();
    }

    private static LabelledPost parse(ObjectMapper json, String line, Path file, int lineNumber) {
        try {
            return LabelledPost.fromJson(json.readTree(line), null);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": " + e.getMessage(), e);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
