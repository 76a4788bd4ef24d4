package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Entry point: parses the command line, runs one command, turns failures into a message and an exit code. */
public final class Main {
    /**
     * Descriptions are written as lines of up to this many columns: wider than picocli's default of 80, which would
     * wrap them a second time when the output is not a terminal (a terminal's own width is used otherwise).
     */
    static final int HELP_WIDTH = 110;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Console.system()));
    }

    /** Runs a command line; returns the exit code. Used by tests with a captured console. */
    public static int run(String[] args, Console console) {
        int code = UnchangedBuildShortcut.run(args, console).orElseGet(() -> execute(args, console));
        console.out().flush();
        console.err().flush();
        return code;
    }

    private static int execute(String[] args, Console console) {
        CommandLine cli = new CommandLine(new DistillCommand(console));
        addSubcommands(cli, args);
        cli.setUsageHelpWidth(HELP_WIDTH);
        cli.setUsageHelpAutoWidth(true);
        cli.setOut(console.out());
        cli.setErr(console.err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, console, debug(parseResult)));
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = console.err();
            err.println("distill: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCode.USAGE.code();
        });
        return cli.execute(args);
    }

    /**
     * Adds the subcommand the arguments name, or all of them (for help and for unknown commands), or none (for
     * {@code --version}): building the model of every command on each run would cost more than the JVM's own start.
     */
    private static void addSubcommands(CommandLine cli, String[] args) {
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = arg;
                break;
            }
        }
        for (Class<?> command : DistillCommand.SUBCOMMANDS) {
            if (named != null && named.equals(command.getAnnotation(CommandLine.Command.class).name())) {
                cli.addSubcommand(command);
                return;
            }
        }
        boolean help = args.length == 0 || Arrays.asList(args).contains("--help")
                || Arrays.asList(args).contains("-h");
        if (named != null || help) {
            DistillCommand.SUBCOMMANDS.forEach(cli::addSubcommand);
        }
    }

    private static boolean debug(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult top = parseResult;
        while (top != null) {
            if (top.hasMatchedOption("--debug")) {
                return true;
            }
            top = top.subcommand();
        }
        return false;
    }

    /** Reports a failure; with {@code --debug} or {@code DISTILL_DEBUG} set, with its stack trace. */
    static int handle(Exception e, Console console, boolean debug) {
        PrintWriter err = console.err();
        console.clearProgress();
        Throwable cause = e;
        int code;
        if (e instanceof DistillException d) {
            err.println("distill: " + d.getMessage());
            code = d.exitCode().code();
        } else if (e instanceof UncheckedIOException io) {
            err.println("distill: " + io.getMessage());
            code = ExitCode.FAILURE.code();
        } else {
            err.println("distill: internal error: " + e);
            err.println("Please report this with the command you ran; set DISTILL_DEBUG=1 for the stack trace.");
            code = ExitCode.FAILURE.code();
        }
        if (debug || System.getenv("DISTILL_DEBUG") != null) {
            cause.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
