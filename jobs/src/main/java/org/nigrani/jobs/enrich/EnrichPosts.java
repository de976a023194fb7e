package org.nigrani.jobs.enrich;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.nigrani.jobs.Post;
import org.nigrani.jobs.classify.FlaggedPost;
import org.nigrani.nlp.extract.Entities;
import org.nigrani.nlp.extract.EntityExtractor;
import org.nigrani.nlp.extract.OfficerCount;
import org.nigrani.nlp.extract.StationMention;
import org.nigrani.nlp.station.StationDirectory;

/** Finds the stations, city, officers, victims and video evidence in each flagged post. */
public final class EnrichPosts extends RichMapFunction<FlaggedPost, EnrichedPost> {

    private final EnrichSettings settings;
    private transient EntityExtractor extractor;
    private transient Counter resolved;

    public EnrichPosts(EnrichSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) {
        extractor = new EntityExtractor(StationDirectory.load(settings.stationsPath()));
        resolved = getRuntimeContext().getMetricGroup().counter("nigraniStationsResolved");
    }

    @Override
    public EnrichedPost map(FlaggedPost flagged) {
        Enrichment enrichment = enrich(extractor, flagged.post());
        if (!enrichment.stations().isEmpty()) {
            resolved.inc();
        }
        return new EnrichedPost(flagged, enrichment);
    }

    /** What extraction finds in one post (also used by the benchmark to build the same documents). */
    public static Enrichment enrich(EntityExtractor extractor, Post post) {
        Entities found = extractor.extract(post.text());
        List<Enrichment.StationRef> stations = new ArrayList<>(found.stations().size());
        for (StationMention m : found.stations()) {
            stations.add(new Enrichment.StationRef(m.station().id(), m.station().name(), m.station().city()));
        }
        List<Enrichment.Officers> officers = new ArrayList<>(found.officers().size());
        for (OfficerCount o : found.officers()) {
            officers.add(new Enrichment.Officers(o.rank(), o.count()));
        }
        String videoUrl = videoUrl(post);
        return new Enrichment(stations, found.city(), officers, found.officerTotal(), found.victimGroup(),
                videoUrl != null || found.videoMentioned(), videoUrl);
    }

    private static String videoUrl(Post post) {
        for (Post.Media m : post.media()) {
            if (m.moving() && m.url() != null) {
                return m.url();
            }
        }
        return null;
    }
}
