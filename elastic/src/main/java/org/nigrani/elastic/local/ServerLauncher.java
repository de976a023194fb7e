package org.nigrani.elastic.local;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@code bin/elasticsearch -d} for one instance and waits until the cluster is yellow, cleaning up on failure. */
final class ServerLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ServerLauncher.class);
    private static final int TAIL_LINES = 40;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration CLEANUP_GRACE = Duration.ofSeconds(10);

    private final InstanceLayout layout;
    private final URI url;
    private final HealthProbe probe;
    private long serverLogStart;

    ServerLauncher(InstanceLayout layout, URI url, HealthProbe probe) {
        this.layout = layout;
        this.url = url;
        this.probe = probe;
    }

    /** Starts the server; on any failure it stops what it started and throws with the end of the logs. */
    ElasticsearchProcess launch(String heap, Path javaHome, boolean asServiceUser, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        serverLogStart = LogTail.sizeOf(layout.serverLog());
        Process launcher = startLauncher(heap, javaHome, asServiceUser);
        try {
            // With -d, bin/elasticsearch returns once the node has started, or fails with the reason.
            if (!launcher.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("bin/elasticsearch did not finish starting within " + timeout.toSeconds() + " s");
            }
            if (launcher.exitValue() != 0) {
                throw failure("bin/elasticsearch exited with code " + launcher.exitValue());
            }
            ElasticsearchProcess server = ElasticsearchProcess.fromPidFile(layout).orElseThrow(() -> failure(
                    "bin/elasticsearch reported success but no server is running for the pid file " + layout.pidFile()));
            while (!probe.isHealthy(Duration.ofSeconds(2))) {
                if (!server.isAlive()) {
                    throw failure("Elasticsearch (pid " + server.pid() + ") exited while starting");
                }
                if (System.nanoTime() > deadline) {
                    throw failure("Elasticsearch did not turn yellow on " + url + " within " + timeout.toSeconds()
                            + " s (last answer: " + probe.lastProblem() + ")");
                }
                Thread.sleep(POLL.toMillis());
            }
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cleanUp(launcher);
            throw new LocalElasticsearchException("Interrupted while starting Elasticsearch on " + url, e);
        } catch (RuntimeException e) {
            cleanUp(launcher);
            throw e;
        }
    }

    private Process startLauncher(String heap, Path javaHome, boolean asServiceUser) {
        Map<String, String> env = NodeConfig.environment(layout, heap, javaHome);
        List<String> elasticsearch = List.of(layout.launchScript().toString(), "-d", "-p", layout.pidFile().toString());
        // Its own session: a Ctrl-C in the caller's terminal must not reach the server behind our shutdown hook's back.
        List<String> command = new ArrayList<>(List.of("setsid"));
        if (asServiceUser) {
            // runuser may reset the environment, so the variables travel on env's command line.
            List<String> asUser = new ArrayList<>(List.of("env"));
            env.forEach((key, value) -> asUser.add(key + "=" + value));
            asUser.addAll(elasticsearch);
            command.addAll(ServiceUser.asUser(asUser));
        } else {
            command.addAll(elasticsearch);
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(layout.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(layout.launcherOutput().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        // bin/elasticsearch ignores these with a warning; dropping them keeps launcher.out about real problems.
        for (String ignored : List.of("JAVA_HOME", "JAVA_OPTS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS")) {
            builder.environment().remove(ignored);
        }
        builder.environment().putAll(env);
        LOG.debug("Launching {}", String.join(" ", command));
        try {
            return builder.start();
        } catch (IOException e) {
            throw new LocalElasticsearchException("Could not run " + layout.launchScript() + ": " + e, e);
        }
    }

    private LocalElasticsearchException failure(String what) {
        return new LocalElasticsearchException(what + ".\n"
                + LogTail.of(layout.launcherOutput(), TAIL_LINES) + "\n"
                + LogTail.of(layout.serverLog(), serverLogStart, TAIL_LINES));
    }

    /** Stops the launcher, its children and a server that got as far as writing its pid file. */
    private void cleanUp(Process launcher) {
        try {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            ElasticsearchProcess.fromPidFile(layout).ifPresent(server -> server.terminate(CLEANUP_GRACE));
        } catch (RuntimeException e) {
            LOG.error("Could not stop the Elasticsearch that failed to start; check for a stray process in {}",
                    layout.logsDir(), e);
        }
    }
}
