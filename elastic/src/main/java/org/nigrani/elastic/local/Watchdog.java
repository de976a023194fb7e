package org.nigrani.elastic.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A detached shell loop that stops Elasticsearch when the JVM that started it dies without running its shutdown
 * hooks (SIGKILL, OOM killer), and that ends by itself once Elasticsearch is gone.
 */
final class Watchdog {

    /**
     * $1 is the caller's pid, $2 the server's. A zombie still answers kill -0, so liveness is read from /proc.
     * SIGTERM first so the node shuts down cleanly; SIGKILL after 25 s, within the 40 s callers may wait.
     */
    private static final String SCRIPT = String.join("\n",
            "alive() { local s; s=$(sed 's/^.*) //' /proc/$1/stat 2>/dev/null) || return 1; "
                    + "case \"$s\" in Z*|X*|'') return 1;; esac; }",
            "while alive \"$1\" && alive \"$2\"; do sleep 1; done",
            "alive \"$2\" || exit 0",
            "echo \"$(date -Is) caller $1 is gone: stopping Elasticsearch $2\"",
            "kill \"$2\"",
            "for i in $(seq 1 25); do alive \"$2\" || exit 0; sleep 1; done",
            "echo \"$(date -Is) Elasticsearch $2 ignored SIGTERM: killing it\"",
            "kill -9 \"$2\"");

    private Watchdog() {
    }

    /** Starts the watchdog in a session of its own, so signals aimed at the caller's process group spare it. */
    static void start(long serverPid, Path log) {
        long callerPid = ProcessHandle.current().pid();
        try {
            new ProcessBuilder("setsid", "bash", "-c", SCRIPT, "nigrani-es-watchdog",
                    Long.toString(callerPid), Long.toString(serverPid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new LocalElasticsearchException("Could not start the watchdog that stops Elasticsearch (pid "
                    + serverPid + ") if this JVM is killed: " + e, e);
        }
    }
}
