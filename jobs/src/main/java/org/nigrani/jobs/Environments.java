package org.nigrani.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.elasticsearch.client.RestClient;
import org.nigrani.elastic.ElasticConnection;
import org.nigrani.elastic.schema.SchemaInstaller;
import org.nigrani.jobs.index.IndexSettings;
import org.nigrani.jobs.settings.JobSettings;

/** Sets up what a run of the job needs around it: the execution environment and the index schema. */
public final class Environments {

    private Environments() {}

    /** Checkpointing on, with state in memory and checkpoints in the configured folder. */
    public static Configuration configuration(JobSettings job) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, job.checkpointDir().toUri().toString());
        return conf;
    }

    public static void configure(StreamExecutionEnvironment env, JobSettings job) {
        env.setParallelism(job.parallelism());
        env.enableCheckpointing(job.checkpointInterval().toMillis());
    }

    /** Installs the index templates before the first document is written. */
    public static void installSchema(ElasticConnection connection, IndexSettings index) {
        try (RestClient client = connection.openRestClient()) {
            new SchemaInstaller(client, index.replicas(), index.refreshInterval()).install();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
