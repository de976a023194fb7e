package org.nigrani.elastic.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The unprivileged system user Elasticsearch runs as when this JVM runs as root, because Elasticsearch refuses root. */
final class ServiceUser {

    static final String NAME = "nigrani-es";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceUser.class);
    private static volatile Boolean root;

    private ServiceUser() {
    }

    static boolean runningAsRoot() {
        Boolean known = root;
        if (known == null) {
            // user.name can be wrong (e.g. set by a container's USER without a passwd entry), so ask the kernel too.
            known = "root".equals(System.getProperty("user.name"))
                    || "0".equals(ExternalCommand.runOrFail(List.of("id", "-u")).strip());
            root = known;
        }
        return known;
    }

    /** Creates the user unless it exists; tolerates another process creating it at the same moment. */
    static void ensureExists() {
        if (exists()) {
            return;
        }
        ExternalCommand.Result created = ExternalCommand.run(
                List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME));
        if (created.succeeded()) {
            LOG.info("Created system user {} to run Elasticsearch, which refuses to run as root", NAME);
        } else if (!exists()) {
            throw new LocalElasticsearchException("Could not create the system user " + NAME
                    + " that runs Elasticsearch (it refuses to run as root): " + created.describe());
        }
    }

    private static boolean exists() {
        return ExternalCommand.run(List.of("id", "-u", NAME)).succeeded();
    }

    static void chown(List<Path> folders) {
        List<String> command = new ArrayList<>(List.of("chown", "-R", NAME + ":" + NAME));
        folders.forEach(folder -> command.add(folder.toString()));
        ExternalCommand.runOrFail(command);
    }

    /** Whether the user can pass through every given folder (mode 700 on a parent like /root stops it). */
    static boolean canTraverse(List<Path> folders) {
        List<String> test = new ArrayList<>(List.of("test", "-x", folders.get(0).toString()));
        for (Path folder : folders.subList(1, folders.size())) {
            test.addAll(List.of("-a", "-x", folder.toString()));
        }
        return ExternalCommand.run(asUser(test)).succeeded();
    }

    /** Fails, naming what is missing, unless the user can run the distribution with Java and write its folders. */
    static void checkAccess(InstanceLayout layout, Path javaHome) {
        List<String> problems = new ArrayList<>();
        check(List.of("test", "-r", layout.launchScript().toString()), "read " + layout.launchScript(), problems);
        check(List.of("test", "-x", javaHome.resolve("bin/java").toString()),
                "run " + javaHome.resolve("bin/java"), problems);
        for (Path folder : List.of(layout.dataDir(), layout.confDir(), layout.logsDir())) {
            check(List.of("test", "-w", folder.toString()), "write " + folder, problems);
        }
        if (!problems.isEmpty()) {
            throw new LocalElasticsearchException("The user " + NAME + " that runs Elasticsearch cannot "
                    + String.join(", ", problems) + ". Check the modes of those paths and of their parent folders.");
        }
    }

    private static void check(List<String> test, String what, List<String> problems) {
        if (!ExternalCommand.run(asUser(test)).succeeded()) {
            problems.add(what);
        }
    }

    /** Prefixes a command so it runs as the service user. */
    static List<String> asUser(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
