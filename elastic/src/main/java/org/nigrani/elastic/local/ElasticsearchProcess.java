package org.nigrani.elastic.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running Elasticsearch server process, known by the pid file it wrote, that we can check and signal. */
final class ElasticsearchProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchProcess.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final ProcessHandle handle;

    private ElasticsearchProcess(ProcessHandle handle) {
        this.handle = handle;
    }

    /** The process named in the instance's pid file, if it is alive and is the server of this instance. */
    static Optional<ElasticsearchProcess> fromPidFile(InstanceLayout layout) {
        String text;
        try {
            text = Files.readString(layout.pidFile(), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LocalElasticsearchException("Could not read the pid file " + layout.pidFile() + ": " + e, e);
        }
        long pid;
        try {
            pid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            LOG.warn("Ignoring pid file {}: '{}' is not a process id", layout.pidFile(), text);
            return Optional.empty();
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !isRunning(pid) || !belongsTo(pid, layout)) {
            return Optional.empty();
        }
        return Optional.of(new ElasticsearchProcess(handle.get()));
    }

    /**
     * The server runs in its logs folder, which is unique to the instance: that tells it apart from an unrelated
     * process that got the pid of a server that died without removing its pid file.
     */
    private static boolean belongsTo(long pid, InstanceLayout layout) {
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
            return cwd.equals(layout.logsDir().toRealPath());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            // No /proc, or not allowed to look: trust the pid file, as bin/elasticsearch's own tools do.
            LOG.debug("Cannot check the working directory of pid {} ({}); trusting {}", pid, e, layout.pidFile());
            return true;
        }
    }

    long pid() {
        return handle.pid();
    }

    boolean isAlive() {
        return handle.isAlive() && !isZombie(handle.pid());
    }

    /** Whether a process with this pid exists and has not yet exited. */
    static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    /** An exited process whose parent has not reaped it yet still has a pid; it holds no ports or files any more. */
    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            // The command name in parentheses may contain spaces; the state is the first field after it.
            String afterName = stat.substring(stat.lastIndexOf(')') + 1).strip();
            return afterName.startsWith("Z") || afterName.startsWith("X");
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot read the state of pid {} ({}); relying on ProcessHandle", pid, e);
            return false;
        }
    }

    /** Asks the server to shut down (SIGTERM), waits up to {@code grace}, then kills it (SIGKILL). */
    void terminate(Duration grace) {
        if (!isAlive()) {
            return;
        }
        handle.destroy();
        if (waitForExit(grace)) {
            return;
        }
        LOG.warn("Elasticsearch (pid {}) did not stop within {} s of SIGTERM; sending SIGKILL", pid(),
                grace.toSeconds());
        kill();
    }

    /** Kills the server (SIGKILL) and waits for it to go. */
    void kill() {
        handle.destroyForcibly();
        if (!waitForExit(KILL_WAIT)) {
            throw new LocalElasticsearchException("Elasticsearch (pid " + pid() + ") is still running "
                    + KILL_WAIT.toSeconds() + " s after SIGKILL; stop it by hand with 'kill -9 " + pid() + "'");
        }
    }

    private boolean waitForExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalElasticsearchException("Interrupted while waiting for Elasticsearch (pid " + pid()
                        + ") to exit", e);
            }
        }
        return true;
    }
}
