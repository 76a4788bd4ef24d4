package dev.distill.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Answers an unchanged {@code distill build --locked} before picocli builds its command model.
 *
 * <p>Building that model costs more than recognising the unchanged build itself (about 85 ms on two cores, most of
 * it the JDK generating a proxy class for each annotation type picocli reads). So {@link Main} first reads a
 * {@code build} command line here, in the plain forms only: {@code --name value}, {@code --name=value},
 * {@code -o value}, {@code -q}, the spec, and {@code --debug}. Anything else (help, an unknown option, clustered or
 * attached short options, {@code --}, an {@code @file}, a value that looks like an option, a single option given
 * twice) goes to picocli, which has the last word on every command line. So does a build with work to do: this
 * class then returns empty without printing anything, and the command line is parsed again, by picocli.
 *
 * <p>The options are {@link BuildCommand}'s own, set on its fields as picocli would set them; a test checks them
 * against picocli's model of the command, so an option added there and not here fails the tests.
 */
final class UnchangedBuildShortcut {
    private UnchangedBuildShortcut() {
    }

    /** The exit code of an unchanged build, reported; empty when picocli is to run the command line. */
    static Optional<Integer> run(String[] args, Console console) {
        Optional<BuildCommand> command = parse(args, console);
        if (command.isEmpty()) {
            return Optional.empty();
        }
        try {
            return command.get().callIfUnchanged();
        } catch (RuntimeException e) {
            return Optional.of(Main.handle(e, console, command.get().parent.debug));
        }
    }

    /** The build command these arguments give, with its options set; empty unless they are all in plain form. */
    static Optional<BuildCommand> parse(String[] args, Console console) {
        BuildCommand command = new BuildCommand();
        command.parent = new DistillCommand(console);
        command.database = new VulnerabilityDbOption();
        command.archive = new ArchiveOptions();
        command.access = new RegistryAccess();
        Set<String> given = new HashSet<>();
        boolean inBuild = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!inBuild) {
                if (arg.equals("build")) {
                    inBuild = true;
                } else if (arg.equals("--debug") && given.add(arg)) {
                    command.parent.debug = true;
                } else {
                    return Optional.empty();
                }
                continue;
            }
            if (!arg.startsWith("-")) {
                if (command.spec != null || arg.startsWith("@")) {
                    return Optional.empty();
                }
                command.spec = arg;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = arg.startsWith("--") && equals > 0 ? arg.substring(0, equals) : arg;
            String key = name.equals("-o") ? "--output" : name.equals("-q") ? "--quiet" : name;
            if (!repeatable(name) && !given.add(key)) {
                return Optional.empty();
            }
            if (name.equals(arg) && setFlag(command, name)) {
                continue;
            }
            String value;
            if (!name.equals(arg)) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                value = args[++i];
            } else {
                return Optional.empty();
            }
            try {
                if (!setValue(command, name, value)) {
                    return Optional.empty();
                }
            } catch (RuntimeException e) {
                return Optional.empty();   // not a number, not a path: picocli says so
            }
        }
        return inBuild && command.spec != null ? Optional.of(command) : Optional.empty();
    }

    /** Sets the flag {@code name} (an option without a value); false when the build command has no such flag. */
    static boolean setFlag(BuildCommand c, String name) {
        switch (name) {
            case "--locked" -> c.locked = true;
            case "--runtime-only" -> c.runtimeOnly = true;
            case "--no-cache" -> c.noCache = true;
            case "--no-compare" -> c.noCompare = true;
            case "-q", "--quiet" -> c.quiet = true;
            case "--allow-expired" -> c.archive.allowExpired = true;
            case "--insecure" -> c.access.insecure = true;
            case "--password-stdin" -> c.access.passwordStdin = true;
            case "--debug" -> c.parent.debug = true;
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Sets option {@code name} to {@code value}; false when the build command has no such option with a value. */
    static boolean setValue(BuildCommand c, String name, String value) {
        switch (name) {
            case "-o", "--output" -> c.output = Path.of(value);
            case "--format" -> c.format = value;
            case "--compression" -> c.compression = value;
            case "--threads" -> c.threads = Integer.valueOf(value);
            case "--db" -> c.database.db = Path.of(value);
            case "--mirror" -> c.archive.mirror = value;
            case "--security-mirror" -> c.archive.securityMirror = value;
            case "--apt-dir" -> c.archive.aptDir = Path.of(value);
            case "--username" -> c.access.username = value;
            case "--arch" -> c.archs.add(value);
            case "--keyring" -> c.archive.keyrings.add(Path.of(value));
            case "--push" -> c.push.add(value);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Options that may be given more than once; any other, given twice, is left to picocli (which refuses it). */
    static boolean repeatable(String name) {
        return name.equals("--arch") || name.equals("--keyring") || name.equals("--push");
    }
}
