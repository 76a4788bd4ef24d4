package dev.distill.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command's description is written in lines that fit the help's width, so picocli never wraps them again. */
class HelpTextTest {
    private static final int WIDTH = Main.HELP_WIDTH;

    @Test
    void everyDescriptionLineFitsTheHelpWidth() {
        CommandLine cli = new CommandLine(new DistillCommand(Console.system()));
        DistillCommand.SUBCOMMANDS.forEach(cli::addSubcommand);
        List<String> tooLong = new ArrayList<>();
        collect(cli, tooLong);
        assertThat(cli.getSubcommands()).hasSizeGreaterThan(10);
        assertThat(tooLong).as("description lines longer than " + WIDTH + " columns").isEmpty();
    }

    private static void collect(CommandLine command, List<String> tooLong) {
        for (String line : command.getCommandSpec().usageMessage().description()) {
            if (line.length() > WIDTH) {
                tooLong.add(command.getCommandSpec().qualifiedName() + ": " + line);
            }
        }
        command.getSubcommands().values().forEach(sub -> collect(sub, tooLong));
    }
}
