package org.nigrani.jobs.incident;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.enrich.EnrichedPost;

/**
 * Gives each flagged post its incident key, joining copies of a caption to the incident of the first post that
 * carried it, and a repost to its original's incident, whatever key either would have had on its own.
 *
 * <p>A post with a video keeps the video's key (the video is the stronger identity) but is remembered, so text-only
 * copies of its caption join the video's incident. Only the first post of each text is stored; state entries
 * expire after the incident gap, like the incidents themselves. Keyed by one constant: the LSH index must see
 * every flagged post, and flagged posts are a small share of the stream.
 */
public final class TextLinker extends KeyedProcessFunction<Integer, EnrichedPost, LinkedPost> {

    /** Every post to the one LSH index. */
    public static final class OneIndex implements KeySelector<EnrichedPost, Integer> {
        @Override
        public Integer getKey(EnrichedPost post) {
            return 0;
        }
    }

    private final IncidentSettings settings;
    private transient MapState<Long, String> postOfBand;
    private transient MapState<String, int[]> signatureOfPost;
    private transient MapState<String, String> keyOfPost;
    private transient Counter linked;

    public TextLinker(IncidentSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        StateTtlConfig ttl = StateTtlConfig.newBuilder(settings.gap()).build();
        MapStateDescriptor<Long, String> bands = new MapStateDescriptor<>("post-of-band", Types.LONG, Types.STRING);
        MapStateDescriptor<String, int[]> signatures = new MapStateDescriptor<>("signature-of-post", Types.STRING,
                PrimitiveArrayTypeInfo.INT_PRIMITIVE_ARRAY_TYPE_INFO);
        MapStateDescriptor<String, String> keys = new MapStateDescriptor<>("key-of-post", Types.STRING, Types.STRING);
        bands.enableTimeToLive(ttl);
        signatures.enableTimeToLive(ttl);
        keys.enableTimeToLive(ttl);
        postOfBand = getRuntimeContext().getMapState(bands);
        signatureOfPost = getRuntimeContext().getMapState(signatures);
        keyOfPost = getRuntimeContext().getMapState(keys);
        linked = getRuntimeContext().getMetricGroup().counter("nigraniPostsLinkedByText");
    }

    @Override
    public void processElement(EnrichedPost p, Context ctx, Collector<LinkedPost> out) throws Exception {
        Post post = p.flagged().post();
        String own = IncidentKeys.keyOf(p);
        boolean video = own.startsWith(IncidentKeys.VIDEO + ":");
        int[] signature = NearDuplicates.signature(post.text());
        long[] bands = signature == null ? new long[0] : NearDuplicates.bands(signature);

        String copyOf = signature == null ? null : firstCopy(signature, bands);
        String key = own;
        if (!video) {
            if (copyOf != null) {
                key = keyOfPost.get(copyOf);
                linked.inc();
            } else if (post.repostOf() != null) {
                String original = keyOfPost.get(post.platform() + ":" + post.repostOf());
                if (original != null) {
                    key = original;
                    linked.inc();
                }
            }
        }
        keyOfPost.put(post.documentId(), key);
        if (signature != null && copyOf == null) {
            signatureOfPost.put(post.documentId(), signature);
            for (long band : bands) {
                if (!postOfBand.contains(band)) {
                    postOfBand.put(band, post.documentId());
                }
            }
        }
        out.collect(new LinkedPost(p, key));
    }

    /** The stored post whose text this one copies, confirmed on the whole signature; null if none. */
    private String firstCopy(int[] signature, long[] bands) throws Exception {
        for (long band : bands) {
            String candidate = postOfBand.get(band);
            if (candidate == null) {
                continue;
            }
            int[] other = signatureOfPost.get(candidate);
            if (other != null && keyOfPost.contains(candidate)
                    && NearDuplicates.similarity(signature, other) >= NearDuplicates.SAME_TEXT) {
                return candidate;
            }
        }
        return null;
    }
}
