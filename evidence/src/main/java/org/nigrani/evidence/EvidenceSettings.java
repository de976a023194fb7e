package org.nigrani.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where evidence is kept and whom its timestamps are trusted from.
 *
 * @param store the folder of the local store (a string: settings travel in the job graph)
 * @param tsaTrust a PEM file of the timestamp authority's certificate or of the CA that issued it; null: a token's
 *     signature is still checked, but not who made it
 * @param capture what the job captures when it flags a post, and how
 * @param s3 the S3-compatible bucket evidence is kept in instead of the folder {@code store}; null: the folder
 * @param retention how long evidence is kept, by the triage status of its incidents
 */
public record EvidenceSettings(String store, String tsaTrust, CaptureSettings capture, S3Settings s3,
        RetentionPolicy retention) implements Serializable {

    public static final String DEFAULT_STORE = ".local/evidence";

    /** The default capture. */
    public EvidenceSettings(String store, String tsaTrust) {
        this(store, tsaTrust, CaptureSettings.DEFAULT, null, RetentionPolicy.DEFAULT);
    }

    /** The same settings capturing under {@code other}. */
    public EvidenceSettings withCapture(CaptureSettings other) {
        return new EvidenceSettings(store, tsaTrust, other, s3, retention);
    }

    /** Opens the configured store: the bucket when one is set, else the folder. Close it when done. */
    public EvidenceStore openStore() throws IOException {
        return s3 != null ? new S3EvidenceStore(s3) : new LocalEvidenceStore(Path.of(store));
    }

    /** The store as people read it: the folder, or the bucket and prefix at the endpoint. */
    public String describeStore() {
        return s3 == null ? store : "s3://" + s3.bucket() + "/" + s3.prefix() + " at " + s3.endpoint();
    }

    public EvidenceSettings {
        Objects.requireNonNull(store, "evidence.store");
        Objects.requireNonNull(capture, "evidence capture settings");
        Objects.requireNonNull(retention, "evidence.retention");
        if (store.isBlank()) {
            throw new IllegalArgumentException("evidence.store must name a folder");
        }
    }

    /** The trust anchors from {@link #tsaTrust}; empty when none is configured. */
    public List<X509Certificate> trustAnchors() {
        if (tsaTrust == null) {
            return List.of();
        }
        try (InputStream in = Files.newInputStream(Path.of(tsaTrust))) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("evidence.tsa-trust: no certificate in " + tsaTrust);
            }
            return out;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("evidence.tsa-trust: cannot read a PEM certificate from " + tsaTrust + ": "
                    + e.getMessage(), e);
        }
    }
}
