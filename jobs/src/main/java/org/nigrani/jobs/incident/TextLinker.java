package org.nigrani.jobs.incident;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.enrich.EnrichedPost;

/**
 * Gives each flagged post its incident key, joining copies of a caption to the incident of the first post that
 * carried it, and a repost to its original's incident, whatever key either would have had on its own.
 *
 * <p>A post with a video keeps the video's key (the video is the stronger identity) but is remembered, so text-only
 * copies of its caption join the video's incident. Only the first post of each text keeps its signature.
 *
 * <p>One instance (parallelism 1): the LSH index must see every flagged post, and flagged posts are a small share
 * of the stream. The index is plain memory, bounded by count and by the incident gap, and checkpointed as one
 * blob. Not Flink's keyed MapState under one key: its TTL clean-up walks the whole map on every access.
 */
public final class TextLinker extends ProcessFunction<EnrichedPost, LinkedPost> implements CheckpointedFunction {

    /** Posts remembered for reposts and copies; the oldest go first. */
    static final int MAX_POSTS = 200_000;
    /** Distinct texts whose signatures are kept. */
    static final int MAX_TEXTS = 20_000;

    private final IncidentSettings settings;
    private transient Map<String, Remembered> posts;
    private transient Map<Long, String> postOfBand;
    private transient int texts;
    private transient ListState<byte[]> checkpointed;
    private transient Counter linked;

    /** A post as the index remembers it; {@code signature} only for the first post of a text. */
    private record Remembered(String key, long createdAt, int[] signature) {}

    public TextLinker(IncidentSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        linked = getRuntimeContext().getMetricGroup().counter("nigraniPostsLinkedByText");
    }

    @Override
    public void processElement(EnrichedPost p, Context ctx, Collector<LinkedPost> out) {
        Post post = p.flagged().post();
        String own = IncidentKeys.keyOf(p);
        boolean video = own.startsWith(IncidentKeys.VIDEO + ":");
        int[] signature = NearDuplicates.signature(post.text());
        long[] bands = signature == null ? null : NearDuplicates.bands(signature);

        Remembered copyOf = signature == null ? null : firstCopy(signature, bands);
        String key = own;
        if (!video) {
            if (copyOf != null) {
                key = copyOf.key();
                linked.inc();
            } else if (post.repostOf() != null) {
                Remembered original = posts.get(post.platform() + ":" + post.repostOf());
                if (original != null) {
                    key = original.key();
                    linked.inc();
                }
            }
        }
        boolean newText = signature != null && copyOf == null;
        remember(post.documentId(), new Remembered(key, post.createdAt().toEpochMilli(), newText ? signature : null), bands);
        out.collect(new LinkedPost(p, key));
    }

    /** The remembered post whose text this one copies, confirmed on the whole signature; null if none. */
    private Remembered firstCopy(int[] signature, long[] bands) {
        for (long band : bands) {
            String candidate = postOfBand.get(band);
            Remembered other = candidate == null ? null : posts.get(candidate);
            if (other != null && other.signature() != null
                    && NearDuplicates.similarity(signature, other.signature()) >= NearDuplicates.SAME_TEXT) {
                return other;
            }
        }
        return null;
    }

    private void remember(String id, Remembered r, long[] bands) {
        if (posts.containsKey(id)) {
            // The same post again (a replay): what was remembered the first time stands.
            return;
        }
        posts.put(id, r);
        if (r.signature() != null) {
            texts++;
            for (long band : bands) {
                postOfBand.putIfAbsent(band, id);
            }
        }
        forgetOld(r.createdAt());
    }

    /** Forgets posts beyond the bounds, and those a whole incident gap older than the newest. */
    private void forgetOld(long newest) {
        long horizon = newest - settings.gap().toMillis();
        Iterator<Map.Entry<String, Remembered>> oldest = posts.entrySet().iterator();
        while (oldest.hasNext()) {
            Map.Entry<String, Remembered> e = oldest.next();
            Remembered r = e.getValue();
            if (posts.size() <= MAX_POSTS && texts <= MAX_TEXTS && r.createdAt() >= horizon) {
                break;
            }
            oldest.remove();
            if (r.signature() != null) {
                texts--;
                for (long band : NearDuplicates.bands(r.signature())) {
                    postOfBand.remove(band, e.getKey());
                }
            }
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(posts.size() * 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(1); // format version
            out.writeInt(posts.size());
            for (Map.Entry<String, Remembered> e : posts.entrySet()) {
                Remembered r = e.getValue();
                out.writeUTF(e.getKey());
                out.writeUTF(r.key());
                out.writeLong(r.createdAt());
                out.writeBoolean(r.signature() != null);
                if (r.signature() != null) {
                    for (int h : r.signature()) {
                        out.writeInt(h);
                    }
                }
            }
        }
        checkpointed.update(java.util.List.of(bytes.toByteArray()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        checkpointed = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("text-index", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        // Insertion order is age order, which is what forgetting the oldest relies on.
        posts = new LinkedHashMap<>();
        postOfBand = new HashMap<>();
        texts = 0;
        for (byte[] blob : checkpointed.get()) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
                int version = in.readInt();
                if (version != 1) {
                    throw new IOException("text index state of format " + version + " cannot be read by this release");
                }
                for (int n = in.readInt(); n > 0; n--) {
                    String id = in.readUTF();
                    String key = in.readUTF();
                    long createdAt = in.readLong();
                    int[] signature = null;
                    if (in.readBoolean()) {
                        signature = new int[NearDuplicates.HASHES];
                        for (int i = 0; i < signature.length; i++) {
                            signature[i] = in.readInt();
                        }
                    }
                    remember(id, new Remembered(key, createdAt, signature), signature == null ? null : NearDuplicates.bands(signature));
                }
            }
        }
    }
}
