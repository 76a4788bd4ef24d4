package dev.distill.cli;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

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
        Optional<Integer> unchanged = UnchangedBuildShortcut.run(args, console);
        if (unchanged.isPresent()) {
            console.out().flush();
            console.err().flush();
            return unchanged.get();
        }
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
        int code = cli.execute(args);
        console.out().flush();
        console.err().flush();
        return code;
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
        return System.getenv("DISTILL_DEBUG") != null;
    }

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
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
