package org.nigrani.elastic.local;

import java.nio.file.Path;

import org.nigrani.elastic.testing.ProjectRoot;

/** A caller JVM for {@link LocalElasticsearchITCase} to kill with SIGKILL: starts Elasticsearch and waits forever. */
public final class KilledCallerMain {

    static final String READY = "READY";

    private KilledCallerMain() {
    }

    /** Argument: the data dir. Prints {@code READY <port> <pid>} once Elasticsearch is up. */
    public static void main(String[] args) throws InterruptedException {
        LocalElasticsearch elasticsearch = LocalElasticsearch.start(LocalElasticsearchSettings
                .forProject(ProjectRoot.find())
                .withDataDir(Path.of(args[0]))
                .withHttpPort(LocalElasticsearchSettings.PICK_FREE_PORT));
        System.out.println(READY + " " + elasticsearch.port() + " " + elasticsearch.pid());
        System.out.flush();
        Thread.currentThread().join();
    }
}
