package dev.distill.app.dockerfile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.distill.common.DistillException;
import dev.distill.oci.ImageConfig;
import dev.distill.oci.OciJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads Dockerfile syntax the way Docker's BuildKit frontend does: parser directives, line continuations, comments,
 * case-insensitive keywords, flags, JSON and shell forms. What Distill cannot build (ONBUILD, heredocs, RUN --mount,
 * COPY --link, remote ADD sources, unknown instructions) is refused with the file and line.
 */
public final class DockerfileParser {
    private static final List<String> SUPPORTED = List.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "FROM", "HEALTHCHECK", "LABEL", "MAINTAINER", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");

    private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
    private static final Pattern HEREDOC = Pattern.compile("^\\d*<<-?[^<]+$");
    private static final Pattern OCTAL = Pattern.compile("[0-7]+");
    private static final long MINIMUM_HEALTHCHECK_DURATION = 1_000_000L;

    public Dockerfile parse(Path file) {
        try {
            return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DistillException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses {@code content}; {@code name} is how messages refer to the file. */
    public Dockerfile parse(String name, String content) {
        DockerfileLines reader = new DockerfileLines(name);
        List<DockerfileLines.Line> lines = reader.read(content);
        return new Parse(name, reader.escape()).run(lines, reader.warnings());
    }

    /** One parse of one file: its name, and the escape character its directives chose. */
    private static final class Parse {
        private final String name;
        private final char escape;
        private final ArgumentSyntax syntax;

        Parse(String name, char escape) {
            this.name = name;
            this.escape = escape;
            this.syntax = new ArgumentSyntax(escape);
        }

        Dockerfile run(List<DockerfileLines.Line> lines, List<String> warnings) {
            if (lines.isEmpty()) {
                throw new DistillException(name + " has no instructions");
            }
            List<Instruction.Arg> globalArgs = new ArrayList<>();
            List<Stage> stages = new ArrayList<>();
            Instruction.From from = null;
            List<Instruction> instructions = new ArrayList<>();
            for (DockerfileLines.Line line : lines) {
                Instruction instruction = instruction(line);
                if (instruction instanceof Instruction.From next) {
                    if (from != null) {
                        stages.add(new Stage(stages.size(), from, instructions));
                    }
                    refuseDuplicateName(stages, next);
                    from = next;
                    instructions = new ArrayList<>();
                } else if (from != null) {
                    instructions.add(instruction);
                } else if (instruction instanceof Instruction.Arg arg) {
                    globalArgs.add(arg);
                } else {
                    throw fail(line.number(), keyword(line.text()) + " comes before the first FROM; only ARG may");
                }
            }
            if (from == null) {
                throw new DistillException(name + " has no FROM instruction, so no stage to build");
            }
            stages.add(new Stage(stages.size(), from, instructions));
            return new Dockerfile(name, escape, globalArgs, stages, warnings);
        }

        private void refuseDuplicateName(List<Stage> earlier, Instruction.From from) {
            for (Stage stage : earlier) {
                if (from.stageName() != null && from.stageName().equals(stage.name())) {
                    throw fail(from.line(), "stage name " + from.stageName() + " is already used by stage "
                            + stage.index() + " (line " + stage.from().line() + "); give each stage its own name");
                }
            }
        }

        private DistillException fail(int line, String message) {
            return new DistillException(name + " line " + line + ": " + message);
        }

        private static String keyword(String logicalLine) {
            return ArgumentSyntax.TOKEN_WHITESPACE.split(GoText.trim(logicalLine), 2)[0].toUpperCase(Locale.ROOT);
        }

        private Instruction instruction(DockerfileLines.Line logical) {
            int line = logical.number();
            String text = GoText.trim(logical.text());
            String[] command = ArgumentSyntax.TOKEN_WHITESPACE.split(text, 2);
            String keyword = command[0].toUpperCase(Locale.ROOT);
            ArgumentSyntax.FlagSplit split = command.length == 2 ? ArgumentSyntax.extractFlags(command[1])
                    : new ArgumentSyntax.FlagSplit(List.of(), "");
            String rest = GoText.trim(split.rest());
            Request request = new Request(line, text, keyword, split.flags(), rest);
            return switch (keyword) {
                case "FROM" -> from(request);
                case "ARG" -> arg(request);
                case "RUN" -> run(request);
                case "CMD" -> new Instruction.Cmd(line, text, requiredCommand(noFlags(request)));
                case "ENTRYPOINT" -> new Instruction.Entrypoint(line, text, requiredCommand(noFlags(request)));
                case "SHELL" -> shell(request);
                case "COPY" -> copy(request);
                case "ADD" -> add(request);
                case "WORKDIR" -> new Instruction.Workdir(line, text, single(request));
                case "ENV" -> new Instruction.Env(line, text, nameValues(request));
                case "LABEL" -> new Instruction.Label(line, text, nameValues(request));
                case "USER" -> new Instruction.User(line, text, single(request));
                case "EXPOSE" -> new Instruction.Expose(line, text,
                        atLeastOne(noFlags(request), ArgumentSyntax.whitespaceSplit(rest)));
                case "VOLUME" -> volume(request);
                case "STOPSIGNAL" -> new Instruction.StopSignal(line, text, single(request));
                case "HEALTHCHECK" -> healthcheck(request);
                case "MAINTAINER" -> new Instruction.Maintainer(line, text, single(request));
                default -> throw fail(line, keyword + " is not supported; supported instructions are "
                        + String.join(", ", SUPPORTED));
            };
        }

        /** One instruction being parsed: its keyword, its flags (as {@code --name=value} words) and the rest. */
        private record Request(int line, String text, String keyword, List<String> flags, String rest) {
        }

        private Instruction.From from(Request request) {
            Map<String, String> flags = flags(request, List.of("platform"), List.of());
            List<String> args = ArgumentSyntax.whitespaceSplit(request.rest());
            String stageName = null;
            if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
                stageName = args.get(2).toLowerCase(Locale.ROOT);
                if (!STAGE_NAME.matcher(stageName).matches()) {
                    throw fail(request.line(), "invalid stage name \"" + args.get(2)
                            + "\": a name starts with a letter and holds only letters, digits, '-', '_' and '.'");
                }
            } else if (args.size() != 1) {
                throw fail(request.line(), "FROM requires either one or three arguments: FROM image [AS name]");
            }
            return new Instruction.From(request.line(), request.text(), args.get(0), flags.get("platform"), stageName);
        }

        private Instruction.Arg arg(Request request) {
            List<String> words = atLeastOne(noFlags(request), syntax.words(request.rest()));
            List<Instruction.Arg.Declaration> declarations = new ArrayList<>();
            for (String word : words) {
                int equals = word.indexOf('=');
                String key = equals < 0 ? word : word.substring(0, equals);
                if (key.isEmpty()) {
                    throw fail(request.line(), "ARG names can not be blank");
                }
                declarations.add(new Instruction.Arg.Declaration(key, equals < 0 ? null : word.substring(equals + 1)));
            }
            return new Instruction.Arg(request.line(), request.text(), declarations);
        }

        private Instruction.Run run(Request request) {
            Map<String, String> flags = flags(request, List.of("network"), List.of("mount", "security", "device"));
            String network = flags.getOrDefault("network", "default");
            Instruction.Network mode = switch (network) {
                case "default" -> Instruction.Network.DEFAULT;
                case "none" -> Instruction.Network.NONE;
                case "host" -> Instruction.Network.HOST;
                default -> throw fail(request.line(),
                        "RUN --network=" + network + " is not supported; use none, host or default");
            };
            return new Instruction.Run(request.line(), request.text(), requiredCommand(request), mode);
        }

        private Instruction.CommandLine requiredCommand(Request request) {
            if (request.rest().isEmpty()) {
                throw fail(request.line(), request.keyword() + " requires a command");
            }
            Optional<List<String>> json = json(request);
            if (json.isPresent()) {
                return Instruction.CommandLine.exec(json.get());
            }
            refuseHeredocs(request, syntax.words(request.rest()));
            return Instruction.CommandLine.shell(request.rest());
        }

        private Instruction.Shell shell(Request request) {
            List<String> shell = json(noFlags(request)).orElseThrow(() -> fail(request.line(),
                    "SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]"));
            return new Instruction.Shell(request.line(), request.text(), atLeastOne(request, shell));
        }

        private Instruction.Copy copy(Request request) {
            Map<String, String> flags = flags(request, List.of("from", "chown", "chmod"),
                    List.of("link", "parents", "exclude"));
            List<String> args = sourcesAndDestination(request);
            List<String> sources = args.subList(0, args.size() - 1);
            for (String source : sources) {
                if (source.startsWith("http://") || source.startsWith("https://")) {
                    throw fail(request.line(), "COPY cannot download " + source + "; ADD is the instruction for URLs, "
                            + "and Distill refuses those too: put the file in the build context");
                }
            }
            return new Instruction.Copy(request.line(), request.text(), sources, args.get(args.size() - 1),
                    emptyToNull(flags.get("from")), emptyToNull(flags.get("chown")), chmod(request, flags));
        }

        private Instruction.Add add(Request request) {
            Map<String, String> flags = flags(request, List.of("chown", "chmod"),
                    List.of("link", "checksum", "keep-git-dir", "exclude", "unpack"));
            List<String> args = sourcesAndDestination(request);
            List<String> sources = args.subList(0, args.size() - 1);
            for (String source : sources) {
                if (RemoteSources.isRemote(source)) {
                    throw fail(request.line(), RemoteSources.refusal("ADD", source));
                }
            }
            return new Instruction.Add(request.line(), request.text(), sources, args.get(args.size() - 1),
                    emptyToNull(flags.get("chown")), chmod(request, flags));
        }

        private List<String> sourcesAndDestination(Request request) {
            Optional<List<String>> json = json(request);
            List<String> args = json.orElseGet(() -> ArgumentSyntax.whitespaceSplit(request.rest()));
            if (json.isEmpty()) {
                refuseHeredocs(request, args);
            }
            if (args.size() < 2) {
                throw fail(request.line(), request.keyword() + " requires at least two arguments: "
                        + request.keyword() + " source… destination");
            }
            return args;
        }

        private Integer chmod(Request request, Map<String, String> flags) {
            String chmod = emptyToNull(flags.get("chmod"));
            if (chmod == null) {
                return null;
            }
            if (!OCTAL.matcher(chmod).matches() || chmod.length() > 11 || Long.parseLong(chmod, 8) > 07777) {
                throw fail(request.line(),
                        "invalid --chmod=" + chmod + ": use an octal mode from 0 to 7777, e.g. 0755");
            }
            return Integer.parseInt(chmod, 8);
        }

        private Instruction.Volume volume(Request request) {
            noFlags(request);
            List<String> paths = new ArrayList<>();
            List<String> written = json(request).orElseGet(() -> ArgumentSyntax.whitespaceSplit(request.rest()));
            for (String path : atLeastOne(request, written)) {
                String trimmed = GoText.trim(path);
                if (trimmed.isEmpty()) {
                    throw fail(request.line(), "VOLUME paths can not be empty");
                }
                paths.add(trimmed);
            }
            return new Instruction.Volume(request.line(), request.text(), paths);
        }

        private Instruction.Healthcheck healthcheck(Request request) {
            String rest = request.rest();
            int separator = 0;
            while (separator < rest.length() && !GoText.isSpace(rest.charAt(separator))) {
                separator++;
            }
            String type = rest.substring(0, separator).toUpperCase(Locale.ROOT);
            String command = GoText.trimLeft(rest.substring(separator));
            if (type.isEmpty()) {
                throw fail(request.line(), "HEALTHCHECK requires NONE or CMD command");
            }
            if (type.equals("NONE")) {
                noFlags(request);
                if (!command.isEmpty()) {
                    throw fail(request.line(), "HEALTHCHECK NONE takes no arguments");
                }
                return new Instruction.Healthcheck(request.line(), request.text(),
                        new ImageConfig.Healthcheck(List.of("NONE"), null, null, null, null, null));
            }
            Map<String, String> flags = flags(request,
                    List.of("interval", "timeout", "start-period", "start-interval", "retries"), List.of());
            if (!type.equals("CMD")) {
                throw fail(request.line(), "unknown type \"" + type + "\" in HEALTHCHECK; use CMD or NONE");
            }
            if (command.isEmpty()) {
                throw fail(request.line(), "missing command after HEALTHCHECK CMD");
            }
            Request commandRequest = new Request(request.line(), request.text(), request.keyword(), List.of(), command);
            List<String> test = new ArrayList<>();
            Optional<List<String>> json = json(commandRequest);
            if (json.isPresent()) {
                if (json.get().isEmpty()) {
                    throw fail(request.line(), "missing command after HEALTHCHECK CMD");
                }
                test.add("CMD");
                test.addAll(json.get());
            } else {
                test.add("CMD-SHELL");
                test.add(command);
            }
            return new Instruction.Healthcheck(request.line(), request.text(), new ImageConfig.Healthcheck(test,
                    duration(request, flags, "interval"), duration(request, flags, "timeout"),
                    duration(request, flags, "start-period"), duration(request, flags, "start-interval"),
                    retries(request, flags)));
        }

        private Long duration(Request request, Map<String, String> flags, String flag) {
            String value = emptyToNull(flags.get(flag));
            if (value == null) {
                return null;
            }
            OptionalLong nanos = GoDurations.parseNanos(value);
            if (nanos.isEmpty()) {
                throw fail(request.line(),
                        "invalid duration --" + flag + "=" + value + "; write e.g. 30s, 1m30s or 500ms");
            }
            if (nanos.getAsLong() < MINIMUM_HEALTHCHECK_DURATION) {
                throw fail(request.line(), "HEALTHCHECK --" + flag + " cannot be less than 1ms");
            }
            return nanos.getAsLong();
        }

        private Integer retries(Request request, Map<String, String> flags) {
            String value = emptyToNull(flags.get("retries"));
            if (value == null) {
                return null;
            }
            int retries;
            try {
                retries = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw fail(request.line(), "invalid --retries=" + value + "; use a whole number");
            }
            if (retries < 1) {
                throw fail(request.line(), "--retries must be at least 1 (not " + retries + ")");
            }
            return retries;
        }

        private String single(Request request) {
            noFlags(request);
            if (request.rest().isEmpty()) {
                throw fail(request.line(), request.keyword() + " requires exactly one argument");
            }
            return request.rest();
        }

        private <T> List<T> atLeastOne(Request request, List<T> args) {
            if (args.isEmpty()) {
                throw fail(request.line(), request.keyword() + " requires at least one argument");
            }
            return args;
        }

        /** ENV and LABEL: {@code key=value …}, or the legacy {@code key value} when the first word has no '='. */
        private List<Instruction.KeyValue> nameValues(Request request) {
            List<String> words = atLeastOne(noFlags(request), syntax.words(request.rest()));
            List<Instruction.KeyValue> pairs = new ArrayList<>();
            if (!words.get(0).contains("=")) {
                String[] parts = ArgumentSyntax.TOKEN_WHITESPACE.split(request.rest(), 2);
                if (parts.length < 2) {
                    throw fail(request.line(), request.keyword() + " must have two arguments: "
                            + request.keyword() + " key=value (or the legacy " + request.keyword() + " key value)");
                }
                pairs.add(new Instruction.KeyValue(parts[0], parts[1]));
            } else {
                for (String word : words) {
                    int equals = word.indexOf('=');
                    if (equals < 0) {
                        throw fail(request.line(), "can't find = in \"" + word + "\"; write " + request.keyword()
                                + " key=value …");
                    }
                    pairs.add(new Instruction.KeyValue(word.substring(0, equals), word.substring(equals + 1)));
                }
            }
            for (Instruction.KeyValue pair : pairs) {
                if (pair.key().isEmpty()) {
                    throw fail(request.line(), request.keyword() + " names can not be blank");
                }
            }
            return pairs;
        }

        private Request noFlags(Request request) {
            flags(request, List.of(), List.of());
            return request;
        }

        private Map<String, String> flags(Request request, List<String> accepted, List<String> refused) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String flag : request.flags()) {
                String body = flag.substring(2);
                int equals = body.indexOf('=');
                String flagName = equals < 0 ? body : body.substring(0, equals);
                String supported = accepted.isEmpty() ? request.keyword() + " takes no options"
                        : request.keyword() + " supports --" + String.join(", --", accepted);
                if (refused.contains(flagName)) {
                    throw fail(request.line(),
                            request.keyword() + " --" + flagName + " is not supported; " + supported);
                }
                if (!accepted.contains(flagName)) {
                    throw fail(request.line(), "unknown option --" + flagName + " for " + request.keyword() + "; "
                            + supported);
                }
                if (values.containsKey(flagName)) {
                    throw fail(request.line(), "duplicate option --" + flagName);
                }
                if (equals < 0) {
                    throw fail(request.line(), "missing a value on option --" + flagName + "; write --" + flagName
                            + "=value");
                }
                values.put(flagName, body.substring(equals + 1));
            }
            return values;
        }

        /** The JSON-array form of the rest, if it is one; an array of anything but strings is an error. */
        private Optional<List<String>> json(Request request) {
            String rest = GoText.trimLeft(request.rest());
            if (!rest.startsWith("[")) {
                return Optional.empty();
            }
            JsonNode node;
            try (JsonParser parser = OciJson.mapper().getFactory().createParser(rest)) {
                node = OciJson.mapper().readTree(parser);
            } catch (IOException e) {
                return Optional.empty();
            }
            if (node == null || !node.isArray()) {
                return Optional.empty();
            }
            List<String> values = new ArrayList<>();
            for (JsonNode element : node) {
                if (!element.isTextual()) {
                    throw fail(request.line(),
                            "when using JSON array syntax, arrays must be comprised of strings only");
                }
                values.add(element.textValue());
            }
            return Optional.of(values);
        }

        private void refuseHeredocs(Request request, List<String> words) {
            for (String word : words) {
                if (HEREDOC.matcher(word).matches()) {
                    throw fail(request.line(), "heredocs (" + word + ") are not supported; put the script in a file "
                            + "in the build context and COPY it, or join its lines with && and " + escape
                            + " continuations");
                }
            }
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
