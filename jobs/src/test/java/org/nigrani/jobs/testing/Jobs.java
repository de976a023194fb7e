package org.nigrani.jobs.testing;

import java.time.Duration;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.testing.ProjectRoot;
import org.nigrani.jobs.MonitorJob;
import org.nigrani.jobs.enrich.EnrichSettings;
import org.nigrani.jobs.incident.IncidentSettings;
import org.nigrani.jobs.index.ElasticsearchSink;
import org.nigrani.jobs.index.IndexSettings;

/** Settings and sinks tests build jobs from. */
public final class Jobs {

    public static final IncidentSettings INCIDENTS = new IncidentSettings(Duration.ofMillis(200), Duration.ofHours(72));

    private Jobs() {}

    /** The shipped station directory. */
    public static EnrichSettings enrichSettings() {
        return EnrichSettings.of(ProjectRoot.find().resolve(EnrichSettings.DEFAULT_STATIONS));
    }

    public static MonitorJob.Sinks elasticsearchSinks(ElasticConnection connection, IndexSettings settings) {
        return new MonitorJob.Sinks(new ElasticsearchSink(connection, settings), new ElasticsearchSink(connection, settings.inOrder()),
                new ElasticsearchSink(connection, settings));
    }
}
