package org.nigrani.console.incident;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.Session;
import org.nigrani.console.store.Es;
import org.nigrani.console.web.Guard;
import org.nigrani.console.web.Pages;
import org.nigrani.console.web.Routes;
import org.nigrani.evidence.EvidenceStore;
import org.nigrani.evidence.StoredItem;

/**
 * Evidence in an incident's context: one stored item, and the case bundle. Each route first finds the incident
 * behind the user's walls, as the incident page does; an item is served only when one of the incident's posts the
 * user may see records it, else the answer is the 404 of a missing incident. Every view and export is audited and
 * appended to the item's chain of custody.
 *
 * <ul>
 *   <li>{@code GET /incidents/{id}/evidence/{sha256}} (and {@code /api/…}): the bytes, with the stored content type,
 *       {@code nosniff}, a sandboxing CSP, and as an attachment unless an image or a video; named {@code <sha256>.<ext>}.
 *       A single byte range is honoured ({@link ByteRange}), so a video can be sought; the custody log and the audit
 *       record a viewing once, at its request from byte 0.</li>
 *   <li>{@code GET /incidents/{id}/export.zip} (and {@code /api/…}): the case bundle ({@link CaseBundle}).</li>
 * </ul>
 */
public final class EvidenceRoutes implements Routes {

    private final IncidentReader reader;
    private final IncidentGate gate;
    private final TriageStore triage;
    private final Custody custody;
    private final EvidenceStore store;
    private final List<X509Certificate> trustAnchors;
    private final Clock clock;

    public EvidenceRoutes(Es es, AuditLog audit, Pages pages, EvidenceStore store, List<X509Certificate> trustAnchors, Clock clock) {
        this.reader = new IncidentReader(es);
        this.gate = new IncidentGate(reader, audit, pages);
        this.triage = new TriageStore(es, clock);
        this.custody = new Custody(es, clock);
        this.store = store;
        this.trustAnchors = List.copyOf(trustAnchors);
        this.clock = clock;
    }

    @Override
    public void register(JavalinDefaultRoutingApi r) {
        for (String prefix : List.of("", "/api")) {
            r.get(prefix + "/incidents/{id}/evidence/{sha256}", this::view);
            r.get(prefix + "/incidents/{id}/export.zip", this::bundle);
        }
    }

    private void view(Context ctx) throws IOException {
        Optional<IncidentReader.Found> found = gate.find(ctx, AuditLog.EVIDENCE_VIEW);
        if (found.isEmpty()) {
            return;
        }
        String id = found.get().view().id();
        String sha256 = ctx.pathParam("sha256");
        Session s = Guard.session(ctx);
        PostView post = EvidenceItem.canonical(sha256) ? reader.postWithEvidence(id, sha256, s.user()) : null;
        Optional<StoredItem> stored = post == null ? Optional.empty() : store.describe(sha256);
        InputStream in = stored.isEmpty() ? null : CaseBundle.openIfStored(store, sha256);
        if (in == null) {
            gate.notFound(ctx);
            return;
        }
        try (in) {
            StoredItem item = stored.get();
            String type = MediaTypes.safe(item.contentType());
            // Ranges for videos only: a player seeks in them, and the server never compresses them, which a range of
            // compressed bytes would not survive.
            ByteRange range = type.startsWith("video/") ? ByteRange.of(ctx.header("Range"), item.size()) : null;
            if (ByteRange.startsViewing(range)) {
                String kind = post.evidence().stream().filter(e -> sha256.equals(e.sha256())).map(EvidenceItem::kind).findFirst().orElse(null);
                custody.append(new Custody.Event(Custody.VIEWED, s.user().username(), id, post.id(), sha256, kind, type, item.size(), null));
                ObjectNode after = Es.JSON.createObjectNode().put("post", post.id()).put("content_type", type).put("size", item.size());
                gate.record(ctx, AuditLog.EVIDENCE_VIEW, id, sha256, null, null, after);
            }
            // Whatever the bytes are, they never run here: no sniffing, no scripts, no plugins, no same-origin access.
            ctx.header("Content-Security-Policy", Guard.SANDBOXED_CSP);
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Content-Disposition", (MediaTypes.inline(type) ? "inline" : "attachment") + "; filename=\""
                    + MediaTypes.fileName(sha256, type) + "\"");
            ctx.header("Accept-Ranges", type.startsWith("video/") ? "bytes" : "none");
            ctx.contentType(type);
            if (range == ByteRange.UNSATISFIABLE) {
                ctx.status(416).header("Content-Range", "bytes */" + item.size());
            } else if (range != null) {
                // A seek in a video: only the bytes asked for.
                ctx.status(206).header("Content-Range", "bytes " + range.start() + "-" + range.end() + "/" + item.size());
                ctx.header("Content-Length", String.valueOf(range.length()));
                in.skipNBytes(range.start());
                copy(in, ctx.outputStream(), range.length());
            } else {
                in.transferTo(ctx.outputStream()); // a video may be large: streamed, never held
            }
        }
    }

    private static void copy(InputStream in, java.io.OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new java.io.EOFException("the stored item ended " + left + " bytes early");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private void bundle(Context ctx) throws IOException {
        Optional<IncidentReader.Found> found = gate.find(ctx, AuditLog.EXPORT);
        if (found.isEmpty()) {
            return;
        }
        String id = found.get().view().id();
        Session s = Guard.session(ctx);
        CaseFile file = CaseFile.read(found.get(), s, reader, triage, clock);
        String name = CaseFile.fileName(id, "zip");
        CaseBundle bundle = CaseBundle.prepare(file, name, store, trustAnchors, custody);
        for (CaseBundle.Item item : bundle.present()) {
            custody.append(new Custody.Event(Custody.EXPORTED, s.user().username(), id, item.posts().get(0), item.sha256(),
                    item.recorded().kind(), MediaTypes.safe(item.stored().contentType()), item.stored().size(), name));
        }
        ObjectNode after = Es.JSON.createObjectNode().put("format", "zip").put("posts", file.posts().size())
                .put("files", bundle.present().size()).put("missing", bundle.items().size() - bundle.present().size())
                .put("authors_revealed", file.revealed());
        gate.record(ctx, AuditLog.EXPORT, id, name, null, null, after);
        ctx.header("Content-Disposition", "attachment; filename=\"" + name + "\"");
        ctx.contentType("application/zip");
        bundle.write(ctx.outputStream());
    }
}
