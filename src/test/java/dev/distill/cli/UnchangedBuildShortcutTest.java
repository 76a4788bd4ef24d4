package dev.distill.cli;

import dev.distill.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The shortcut reads a build command line exactly as picocli does, or leaves it to picocli. */
class UnchangedBuildShortcutTest {
    private final Console console = Console.system();

    private CommandLine.Model.CommandSpec buildModel() {
        CommandLine cli = new CommandLine(new DistillCommand(console));
        cli.addSubcommand(BuildCommand.class);
        return cli.getSubcommands().get("build").getCommandSpec();
    }

    @Test
    void knowsEveryOptionOfTheBuildCommandAsPicocliDoes() {
        List<String> checked = new ArrayList<>();
        for (OptionSpec option : buildModel().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;   // -h and -V: left to picocli
            }
            boolean flag = option.arity().max() == 0;
            for (String name : option.names()) {
                BuildCommand command = UnchangedBuildShortcut.parse(new String[]{"build", "x"}, console).orElseThrow();
                if (flag) {
                    assertThat(UnchangedBuildShortcut.setFlag(command, name)).as(name + " is a flag").isTrue();
                } else {
                    assertThat(UnchangedBuildShortcut.setFlag(command, name)).as(name + " takes a value").isFalse();
                    assertThat(UnchangedBuildShortcut.setValue(command, name, sample(option))).as(name).isTrue();
                    assertThat(UnchangedBuildShortcut.repeatable(name)).as(name + " repeatable")
                            .isEqualTo(option.isMultiValue());
                }
                checked.add(name);
            }
        }
        assertThat(checked).contains("--locked", "-o", "--output", "--arch", "--mirror", "--apt-dir", "--debug")
                .hasSizeGreaterThan(20);
    }

    private static String sample(OptionSpec option) {
        Class<?> type = option.isMultiValue() ? option.auxiliaryTypes()[0] : option.type();
        return type == Integer.class || type == int.class ? "3" : "value";
    }

    @Test
    void setsTheSameFieldsAsPicocli() throws Exception {
        List<String[]> lines = List.of(
                new String[]{"build", "python"},
                new String[]{"build", "python", "--locked", "--arch", "amd64", "--runtime-only", "-o", "out", "-q"},
                new String[]{"build", "--locked", "spec.yaml", "--output=o2", "--arch=arm64", "--arch", "amd64"},
                new String[]{"--debug", "build", "python", "--format", "oci-archive", "--compression", "zstd",
                    "--threads", "3", "--no-cache", "--no-compare", "--quiet"},
                new String[]{"build", "python", "--mirror", "http://127.0.0.1:1/debian", "--security-mirror",
                    "http://127.0.0.1:1/security", "--apt-dir", "/tmp/apt", "--keyring", "a.gpg", "--keyring",
                    "b.gpg", "--allow-expired", "--db", "db", "--debug"},
                new String[]{"build", "python", "--push", "127.0.0.1:5000/p", "--insecure", "--username", "u",
                    "--password-stdin"});
        for (String[] args : lines) {
            CommandLine cli = new CommandLine(new DistillCommand(console));
            cli.addSubcommand(BuildCommand.class);
            CommandLine.ParseResult parsed = cli.parseArgs(args);
            BuildCommand byPicocli = (BuildCommand) parsed.subcommand().commandSpec().userObject();
            BuildCommand byShortcut = UnchangedBuildShortcut.parse(args, console).orElseThrow();
            assertThat(fields(byShortcut)).as(String.join(" ", args)).isEqualTo(fields(byPicocli))
                    .containsKey("spec");
        }
    }

    @Test
    void leavesEverythingElseToPicocli() {
        List<String[]> refused = List.of(
                new String[]{"build"},
                new String[]{"lock", "python"},
                new String[]{"build", "python", "extra"},
                new String[]{"build", "python", "--help"},
                new String[]{"build", "python", "-h"},
                new String[]{"--version"},
                new String[]{"build", "python", "--unknown"},
                new String[]{"build", "python", "-qo", "out"},
                new String[]{"build", "python", "-oout"},
                new String[]{"build", "python", "--locked=true"},
                new String[]{"build", "python", "--locked", "--locked"},
                new String[]{"build", "python", "-o", "a", "--output", "b"},
                new String[]{"build", "python", "--output"},
                new String[]{"build", "python", "--output", "--locked"},
                new String[]{"build", "python", "--threads", "many"},
                new String[]{"build", "--", "python"},
                new String[]{"build", "@args.txt"});
        for (String[] args : refused) {
            assertThat(UnchangedBuildShortcut.parse(args, console)).as(String.join(" ", args)).isEmpty();
        }
        assertThat(UnchangedBuildShortcut.parse(new String[]{"build", "python"}, console)).isPresent();
    }

    @Test
    void aBuildWithoutLockedOrWithPushIsNeverAnsweredEarly() {
        BuildCommand unlocked = UnchangedBuildShortcut.parse(new String[]{"build", "python"}, console).orElseThrow();
        assertThat(unlocked.callIfUnchanged()).isEmpty();
        BuildCommand pushing = UnchangedBuildShortcut.parse(new String[]{"build", "python", "--locked", "--push",
            "127.0.0.1:5000/p"}, console).orElseThrow();
        assertThat(pushing.callIfUnchanged()).isEqualTo(Optional.empty());
    }

    @Test
    void reportsAFailureAsPicocliWould(@TempDir Path dir) {
        Cli cli = Cli.withCache(dir, dir.resolve("cache"));
        Cli.Result early = cli.run("build", "no-such-spec", "--locked", "-q", "-o", "out");
        Cli.Result late = cli.run("build", "no-such-spec", "--locked", "-qo", "out");
        assertThat(early.exitCode()).isEqualTo(1).isEqualTo(late.exitCode());
        assertThat(early.err()).contains("no spec named 'no-such-spec'").isEqualTo(late.err());
        assertThat(early.out()).isEmpty();
    }

    /** Every option field of the command and its mixins, by name, with the parent's --debug. */
    private static Map<String, Object> fields(BuildCommand command) throws IllegalAccessException {
        Map<String, Object> values = new TreeMap<>();
        for (Object holder : List.of(command, command.database, command.archive, command.access)) {
            for (Field field : holder.getClass().getDeclaredFields()) {
                if (field.isAnnotationPresent(CommandLine.Option.class)
                        || field.isAnnotationPresent(CommandLine.Parameters.class)) {
                    field.setAccessible(true);
                    Object value = field.get(holder);
                    values.put(holder.getClass().getSimpleName() + "." + field.getName(),
                            value instanceof Path p ? p.toString() : value);
                }
            }
        }
        values.put("spec", command.spec);
        values.put("debug", command.parent.debug);
        return values;
    }
}
