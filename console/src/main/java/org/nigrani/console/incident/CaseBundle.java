package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.nigrani.console.store.Es;
import org.nigrani.evidence.EvidenceStore;
import org.nigrani.evidence.StoredItem;
import org.nigrani.evidence.TimestampVerdict;
import org.nigrani.evidence.Timestamps;

/**
 * An incident's case bundle: a zip, streamed, of the evidence files ({@code files/<sha256>.<ext>}), their timestamp
 * tokens ({@code tokens/<sha256>.tsr}), their chain of custody ({@code custody.jsonl}), a {@code README.txt} on how to
 * check it all, {@code manifest.json} (the case file, every item as recorded and each file's hash, size, type, token
 * and token verdict) and {@code SHA256SUMS} over everything else. Names in the zip come from hashes only.
 */
final class CaseBundle {

    static final int FORMAT_VERSION = 1;
    static final String CUSTODY = "custody.jsonl";
    static final String README = "README.txt";
    static final String MANIFEST = "manifest.json";
    static final String SUMS = "SHA256SUMS";
    private static final String REMOVED = "removed";

    /**
     * One distinct piece of evidence of the incident.
     *
     * @param recorded how a post recorded it (a captured record where there is one)
     * @param posts the incident's posts that record it
     * @param stored what the store holds, or null when its bytes are gone
     */
    record Item(String sha256, EvidenceItem recorded, List<String> posts, StoredItem stored, byte[] token) {

        String path() {
            return "files/" + MediaTypes.fileName(sha256, stored.contentType());
        }

        String tokenPath() {
            return "tokens/" + sha256 + ".tsr";
        }
    }

    private final CaseFile caseFile;
    private final String name;
    private final List<Item> items;
    private final EvidenceStore store;
    private final List<X509Certificate> trustAnchors;
    private final Custody custody;

    private CaseBundle(CaseFile caseFile, String name, List<Item> items, EvidenceStore store, List<X509Certificate> trustAnchors,
            Custody custody) {
        this.caseFile = caseFile;
        this.name = name;
        this.items = List.copyOf(items);
        this.store = store;
        this.trustAnchors = List.copyOf(trustAnchors);
        this.custody = custody;
    }

    /**
     * Looks up every item the case file's posts recorded as captured (or captured and since removed), once per hash,
     * in the store: what is there goes in the bundle, what is gone is listed as missing.
     */
    static CaseBundle prepare(CaseFile caseFile, String name, EvidenceStore store, List<X509Certificate> trustAnchors,
            Custody custody) throws IOException {
        Map<String, EvidenceItem> recorded = new LinkedHashMap<>();
        Map<String, List<String>> posts = new LinkedHashMap<>();
        for (PostView p : caseFile.posts()) {
            for (EvidenceItem e : p.evidence()) {
                if (e.sha256() == null || !(e.captured() || REMOVED.equals(e.status()))) {
                    continue;
                }
                EvidenceItem before = recorded.get(e.sha256());
                if (before == null || !before.captured() && e.captured()) {
                    recorded.put(e.sha256(), e);
                }
                List<String> linking = posts.computeIfAbsent(e.sha256(), k -> new ArrayList<>());
                if (!linking.contains(p.id())) {
                    linking.add(p.id());
                }
            }
        }
        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, EvidenceItem> e : recorded.entrySet()) {
            String sha = e.getKey();
            StoredItem stored = store.describe(sha).orElse(null);
            byte[] token = stored == null ? null : store.token(sha).orElse(null);
            items.add(new Item(sha, e.getValue(), posts.get(sha), stored, token));
        }
        return new CaseBundle(caseFile, name, items, store, trustAnchors, custody);
    }

    List<Item> items() {
        return items;
    }

    /** The items whose bytes go in the bundle. */
    List<Item> present() {
        return items.stream().filter(i -> i.stored() != null).toList();
    }

    /** Writes the zip to {@code out}, file by file, without holding any file in memory; leaves {@code out} open. */
    void write(OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        // Videos and images are compressed already: the fastest level costs little and saves nothing worth waiting for.
        zip.setLevel(Deflater.BEST_SPEED);
        Map<String, String> sums = new LinkedHashMap<>();
        ArrayNode files = Es.JSON.createArrayNode();
        for (Item item : items) {
            files.add(writeItem(zip, item, sums));
        }
        String incidentId = caseFile.incident().id();
        Set<String> visiblePosts = new HashSet<>();
        caseFile.posts().forEach(p -> visiblePosts.add(p.id()));
        sums.put(CUSTODY, entry(zip, CUSTODY, o -> {
            try {
                custody.events(items.stream().map(Item::sha256).toList(), incidentId, visiblePosts, event -> {
                    try {
                        o.write(Es.JSON.writeValueAsBytes(event));
                        o.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }));
        sums.put(README, entry(zip, README, o -> o.write(readme().getBytes(StandardCharsets.UTF_8))));
        ObjectNode manifest = manifest(files);
        sums.put(MANIFEST, entry(zip, MANIFEST, o -> Es.JSON.writerWithDefaultPrettyPrinter().writeValue(o, manifest)));
        StringBuilder lines = new StringBuilder();
        // Two spaces between hash and name: what sha256sum writes and what sha256sum -c reads.
        sums.forEach((path, hash) -> lines.append(hash).append("  ").append(path).append('\n'));
        entry(zip, SUMS, o -> o.write(lines.toString().getBytes(StandardCharsets.UTF_8)));
        zip.finish();
        zip.flush();
    }

    private ObjectNode writeItem(ZipOutputStream zip, Item item, Map<String, String> sums) throws IOException {
        ObjectNode f = Es.JSON.createObjectNode();
        f.put("sha256", item.sha256());
        f.put("kind", item.recorded().kind());
        f.put("status", item.recorded().status());
        ArrayNode posts = f.putArray("posts");
        item.posts().forEach(posts::add);
        InputStream in = item.stored() == null ? null : openIfStored(store, item.sha256());
        if (in == null) {
            // Removed by retention, or deleted: listed, so the bundle says what it lacks rather than leaving it out.
            f.put("missing", true);
            f.putNull("path");
            f.put("size", item.recorded().size());
            f.put("content_type", item.recorded().contentType());
            f.putNull("token");
            f.putNull("token_verdict");
            return f;
        }
        String path = item.path();
        String actual;
        try (in) {
            actual = entry(zip, path, in::transferTo);
        }
        // SHA256SUMS names the hash the item was stored under, so sha256sum -c fails on bytes changed since.
        sums.put(path, item.sha256());
        f.put("missing", false);
        f.put("path", path);
        f.put("size", item.stored().size());
        f.put("content_type", item.stored().contentType());
        f.put("bytes_match_sha256", actual.equals(item.sha256()));
        if (item.token() == null) {
            f.putNull("token");
            f.putNull("token_verdict");
        } else {
            sums.put(item.tokenPath(), entry(zip, item.tokenPath(), o -> o.write(item.token())));
            f.put("token", item.tokenPath());
            f.set("token_verdict", verdict(Timestamps.verify(item.token(), item.sha256(), trustAnchors)));
        }
        return f;
    }

    /** The stored bytes, or null when they are gone (since they were looked up, say). */
    static InputStream openIfStored(EvidenceStore store, String sha256) throws IOException {
        try {
            return store.open(sha256);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static ObjectNode verdict(TimestampVerdict v) {
        ObjectNode o = Es.JSON.createObjectNode();
        o.put("status", v.valid() ? "valid" : "invalid");
        o.put("reason", v.reason());
        o.put("trust", v.trust().name().toLowerCase(java.util.Locale.ROOT));
        o.put("gen_time", v.genTime() == null ? null : v.genTime().toString());
        o.put("tsa", v.tsaName());
        return o;
    }

    private ObjectNode manifest(ArrayNode files) {
        ObjectNode m = Es.JSON.createObjectNode();
        m.put("format", "nigrani-case-bundle");
        m.put("format_version", FORMAT_VERSION);
        m.put("bundle", name);
        m.put("incident_id", caseFile.incident().id());
        m.put("custody", CUSTODY);
        m.put("checksums", SUMS);
        // The case file as export.json has it: summary, exported_by/at, triage, alerts, posts with their evidence items.
        m.setAll((ObjectNode) caseFile.json());
        m.set("files", files);
        return m;
    }

    private String readme() {
        return """
                Case bundle %s
                Incident %s, exported %s by %s (bundle format %d).

                files/         the evidence as stored, each named by the SHA-256 of its bytes: <sha256>.<ext>
                tokens/        RFC 3161 timestamp tokens, <sha256>.tsr; each is over the SHA-256 in its name, so it
                               proves that file existed no later than the token's time
                custody.jsonl  the chain of custody of these items, one JSON event a line, oldest first (captured,
                               linked, viewed, exported, removed: who, when, through which post)
                manifest.json  the case file (incident, posts and their evidence items as recorded, triage, alerts)
                               and, for each file, its path, SHA-256, size, type, token and the token's verdict when
                               exported; an item whose bytes are gone (retention) is listed with "missing": true
                SHA256SUMS     the SHA-256 of every other file here

                Check that nothing changed:
                  sha256sum -c SHA256SUMS

                Check a timestamp (tsa-ca.pem: the certificate of the timestamp authority, or of the CA that issued it):
                  openssl ts -verify -token_in -in tokens/<sha256>.tsr -data files/<sha256>.<ext> -CAfile tsa-ca.pem
                The token holds only the hash, so the same check works from the hash alone:
                  openssl ts -verify -token_in -in tokens/<sha256>.tsr -digest <sha256> -CAfile tsa-ca.pem
                and the time it proves is in:
                  openssl ts -reply -in tokens/<sha256>.tsr -token_in -text
                """.formatted(name, caseFile.incident().id(), caseFile.exportedAt(), caseFile.exportedBy(), FORMAT_VERSION);
    }

    private interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Writes one zip entry and returns the SHA-256 of what was written. */
    private static String entry(ZipOutputStream zip, String path, Body body) throws IOException {
        zip.putNextEntry(new ZipEntry(path));
        MessageDigest digest = sha256();
        // The entry's stream must not close the zip when the body is done with it.
        OutputStream keepOpen = new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
        try (OutputStream o = new DigestOutputStream(keepOpen, digest)) {
            body.write(o);
        }
        zip.closeEntry();
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
