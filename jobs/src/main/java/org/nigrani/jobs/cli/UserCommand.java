package org.nigrani.jobs.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import org.elasticsearch.client.RestClient;
import org.nigrani.console.audit.AuditLog;
import org.nigrani.console.auth.Role;
import org.nigrani.console.auth.User;
import org.nigrani.console.auth.Users;
import org.nigrani.console.stations.Stations;
import org.nigrani.console.store.Es;
import org.nigrani.jobs.settings.MonitorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/monitor user}: console accounts from the command line (the first admin, say). */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the console's accounts.",
        subcommands = {UserCommand.Add.class})
class UserCommand {

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add a console account. The password is read from the terminal (typed twice, not shown) or, "
                    + "when standard input is not a terminal, from its first line; never from the command line.",
                "Example: printf '%%s\\n' \"$PASSWORD\" | bin/monitor user add sana --role investigator --walls khi-preedy"})
    static class Add implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "NAME", description = "User name: 2-64 of a-z, 0-9, '.', '_', '-'.")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "investigator, supervisor or admin.")
        String role;

        @Option(names = "--walls", paramLabel = "ID,ID", defaultValue = "",
                description = "Station ids (from enrich.stations) whose incidents this user must not see.")
        String walls;

        @Option(names = "--config", defaultValue = "config/monitor.yaml", description = "Settings file (default: ${DEFAULT-VALUE}).")
        Path config;

        @Override
        public Integer call() throws Exception {
            PrintStream out = System.out;
            Path root = Path.of("").toAbsolutePath();
            MonitorSettings settings = MonitorSettings.load(config, root);
            // Everything that can be checked without Elasticsearch is, before it is started.
            String username = User.checkName(name.strip().toLowerCase(java.util.Locale.ROOT));
            Role r = Role.of(role);
            Set<String> walled = Stations.load(settings.console().stations()).parseIds(walls);
            char[] password = PasswordInput.read(System.console(), System.in, username);
            try (LocalStack stack = LocalStack.open(settings, root, out);
                    RestClient client = stack.connection().openRestClient()) {
                Es es = new Es(client);
                String by = "cli:" + System.getProperty("user.name", "unknown");
                User user = new Users(es).add(username, password, r, walled, by);
                var after = Es.JSON.createObjectNode();
                after.put("role", user.role().key());
                user.walledStations().stream().sorted().forEach(after.putArray("walled_stations")::add);
                after.put("by", by);
                new AuditLog(es, java.time.Clock.systemUTC()).record(null, "cli", null,
                        new AuditLog.Entry(AuditLog.USER_ADDED, null, user.username(), null, null, after));
                out.printf("Added %s (%s)%s.%n", user.username(), user.role().key(),
                        walled.isEmpty() ? "" : ", walled off from " + String.join(", ", walled));
            } finally {
                Arrays.fill(password, '\0');
            }
            return 0;
        }
    }
}
