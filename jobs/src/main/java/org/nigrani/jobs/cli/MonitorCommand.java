package org.nigrani.jobs.cli;

import org.nigrani.nlp.cli.ClassifyCommand;
import org.nigrani.nlp.cli.EvaluateCommand;
import org.nigrani.nlp.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/monitor}: the command line of the monitor. */
@Command(name = "monitor", mixinStandardHelpOptions = true, version = "nigrani monitor 0.1.0",
        description = "Finds public posts alleging police misconduct and puts them in front of investigators.",
        subcommands = {DemoCommand.class, RunCommand.class, ConsoleCommand.class, UserCommand.class, BenchCommand.class,
            TrainCommand.class, EvaluateCommand.class, FeedbackCommand.class, EvidenceCommand.class,
            ClassifyCommand.class, CommandLine.HelpCommand.class})
public final class MonitorCommand {

    public static void main(String[] args) {
        int code = new CommandLine(new MonitorCommand())
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    cmd.getErr().println(cmd.getColorScheme().errorText("error: " + messageOf(e)));
                    return 1;
                })
                .execute(args);
        System.exit(code);
    }

    /** The most telling message in a chain of causes, without a stack trace: the operator needs the what. */
    static String messageOf(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && (t.getMessage() == null || t.getMessage().contains("Exception"))) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
