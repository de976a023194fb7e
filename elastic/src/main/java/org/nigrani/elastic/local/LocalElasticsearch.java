package org.nigrani.elastic.local;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Elasticsearch on 127.0.0.1, run from the distribution zip the build downloads, that stops when its
 * caller exits, even if the caller is killed with SIGKILL.
 *
 * <p>As root it runs the server as the system user {@value ServiceUser#NAME}, because Elasticsearch refuses root.
 */
public final class LocalElasticsearch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalElasticsearch.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final LocalElasticsearchSettings settings;
    private final boolean asServiceUser;
    private final Path javaHome;
    private volatile InstanceLayout layout;
    private volatile int port;
    private volatile long pid = -1;
    private ElasticsearchProcess process;
    private boolean reused;
    private boolean shutdownHookAdded;

    private LocalElasticsearch(LocalElasticsearchSettings settings) {
        this.settings = settings;
        this.asServiceUser = ServiceUser.runningAsRoot();
        this.javaHome = NodeConfig.javaHome();
    }

    /** Starts Elasticsearch (unpacking the distribution on first use) and waits until the cluster is yellow. */
    public static LocalElasticsearch start(LocalElasticsearchSettings settings) {
        Distribution.requireZip(settings.projectRoot());
        LocalElasticsearch elasticsearch = new LocalElasticsearch(settings);
        elasticsearch.startFirstTime();
        return elasticsearch;
    }

    private synchronized void startFirstTime() {
        long begin = System.nanoTime();
        layout = chooseLayout();
        Optional<ElasticsearchProcess> running = ElasticsearchProcess.fromPidFile(layout);
        if (running.isPresent()) {
            reuseOrFail(running.get());
            return;
        }
        port = settings.httpPort() == LocalElasticsearchSettings.PICK_FREE_PORT ? Ports.freePort()
                : settings.httpPort();
        launch(begin);
    }

    /** Starts Elasticsearch again after {@link #stop()}, on the same data dir and port. */
    public synchronized void startAgain() {
        if (reused) {
            throw new IllegalStateException("This Elasticsearch was reused, not started here; start it where it was");
        }
        if (process != null) {
            throw new IllegalStateException("Elasticsearch is still running at " + url() + " (pid " + pid
                    + "): call stop() first");
        }
        long begin = System.nanoTime();
        ElasticsearchProcess.fromPidFile(layout).ifPresent(other -> {
            throw new LocalElasticsearchException("Another Elasticsearch (pid " + other.pid()
                    + ") is running on the data in " + layout.dataDir() + "; stop it first (kill " + other.pid() + ")");
        });
        launch(begin);
    }

    /**
     * Deletes a folder of the launcher's (data, configuration and logs of an instance, or a parent of them),
     * for tests and benchmarks that start from nothing. Stop the instance first.
     */
    public static void deleteFolder(Path folder) throws IOException {
        Distribution.deleteRecursively(folder);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** The pid of the most recently started (or reused) server process, also after it stopped. */
    public long pid() {
        return pid;
    }

    /** Where the data lives; differs from the settings when the project folder is closed to the service user. */
    public Path dataDir() {
        return layout.dataDir();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Stops the server: SIGTERM, up to 30 s to shut down cleanly, then SIGKILL. Does nothing if already stopped. A
     * reused instance is left running, as it belongs to whoever started it.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (reused) {
            LOG.info("Leaving Elasticsearch at {} (pid {}) running: it was reused, not started here", url(), pid);
            process = null;
            return;
        }
        long begin = System.nanoTime();
        process.terminate(STOP_GRACE);
        process = null;
        LOG.info("Stopped Elasticsearch at {} (pid {}) in {} ms", url(), pid, millisSince(begin));
    }

    @Override
    public void close() {
        stop();
    }

    private void reuseOrFail(ElasticsearchProcess running) {
        int configured = settings.httpPort();
        boolean canReuse = settings.reuseRunning() && configured != LocalElasticsearchSettings.PICK_FREE_PORT
                && new HealthProbe(URI.create("http://127.0.0.1:" + configured)).isHealthy(Duration.ofSeconds(2));
        if (!canReuse) {
            throw new LocalElasticsearchException("An Elasticsearch started earlier for the data in "
                    + layout.dataDir() + " is still running (pid " + running.pid() + ")"
                    + (settings.reuseRunning() ? " but is not healthy on port " + configured
                    : "; set reuseRunning in the settings to use it")
                    + ", or stop it with 'kill " + running.pid() + "'.");
        }
        port = configured;
        pid = running.pid();
        process = running;
        reused = true;
        LOG.info("Reusing the Elasticsearch already running at {} (pid {}) for the data in {}", url(), pid,
                layout.dataDir());
    }

    private void launch(long begin) {
        if (!Ports.isFree(port)) {
            throw new LocalElasticsearchException("Cannot start Elasticsearch: port " + port + " on 127.0.0.1 is "
                    + "already in use by another process. Stop that process, or choose another httpPort "
                    + "(0 picks a free one).");
        }
        try {
            unpackIfNeeded();
            for (Path folder : List.of(layout.dataDir(), layout.confDir(), layout.logsDir())) {
                Files.createDirectories(folder);
            }
            NodeConfig.write(layout, port, Ports.freePort());
            // A pid file left by a killed server would make us treat an unrelated process as ours.
            Files.deleteIfExists(layout.pidFile());
        } catch (IOException e) {
            throw new LocalElasticsearchException("Could not prepare the Elasticsearch folders " + layout + ": " + e, e);
        }
        if (asServiceUser) {
            ServiceUser.chown(layout.ownedByServiceUser());
            ServiceUser.checkAccess(layout, javaHome);
        }
        process = new ServerLauncher(layout, url(), new HealthProbe(url()))
                .launch(settings.heap(), javaHome, asServiceUser, settings.startTimeout());
        pid = process.pid();
        addShutdownHookOnce();
        Watchdog.start(pid, layout.watchdogLog());
        LOG.info("Elasticsearch {} is up at {} (pid {}, data in {}) after {} ms", Distribution.VERSION, url(), pid,
                layout.dataDir(), millisSince(begin));
    }

    private void unpackIfNeeded() throws IOException {
        if (Distribution.isUnpacked(layout.home())) {
            return;
        }
        long begin = System.nanoTime();
        if (Distribution.unpack(Distribution.requireZip(settings.projectRoot()), layout.home())) {
            LOG.info("Unpacked Elasticsearch {} to {} in {} ms", Distribution.VERSION, layout.home(),
                    millisSince(begin));
        }
    }

    /** In the project, unless the service user cannot reach it there (e.g. a project under /root, mode 700). */
    private InstanceLayout chooseLayout() {
        InstanceLayout inProject = InstanceLayout.inProject(settings);
        if (!asServiceUser) {
            return inProject;
        }
        ServiceUser.ensureExists();
        Path homeParent = inProject.home().getParent();
        Path dataParent = inProject.dataDir().getParent();
        try {
            Files.createDirectories(homeParent);
            Files.createDirectories(dataParent);
        } catch (IOException e) {
            throw new LocalElasticsearchException("Could not create " + homeParent + " and " + dataParent + ": " + e, e);
        }
        if (ServiceUser.canTraverse(List.of(homeParent, dataParent))) {
            return inProject;
        }
        InstanceLayout relocated = InstanceLayout.relocated(settings);
        LOG.info("User {} cannot reach {} (a parent folder is closed to it): running Elasticsearch from {} instead, "
                + "with the data in {}", ServiceUser.NAME, homeParent, relocated.home(), relocated.dataDir());
        openUpTo(relocated.home().getParent());
        openUpTo(relocated.dataDir().getParent());
        return relocated;
    }

    /** Creates the folders from the relocation base down to {@code folder}, passable whatever this JVM's umask. */
    private static void openUpTo(Path folder) {
        try {
            Files.createDirectories(folder);
            for (Path step = folder; step.startsWith(InstanceLayout.RELOCATION_BASE); step = step.getParent()) {
                Files.setPosixFilePermissions(step, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (IOException e) {
            throw new LocalElasticsearchException("Could not create " + folder + " for Elasticsearch: " + e, e);
        }
    }

    /** The watchdog covers SIGKILL; this covers a normal exit, SIGTERM and Ctrl-C without waiting for it. */
    private void addShutdownHookOnce() {
        if (shutdownHookAdded) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stop();
            } catch (RuntimeException e) {
                // Logging may already be shut down at this point; stderr is still there.
                System.err.println("Could not stop the local Elasticsearch at " + url() + ": " + e);
            }
        }, "local-elasticsearch-stop"));
        shutdownHookAdded = true;
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
