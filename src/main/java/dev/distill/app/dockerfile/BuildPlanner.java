package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;
import dev.distill.oci.Platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides which stages a build needs and where each reads from, the way BuildKit does: FROM lines see only the
 * global ARGs (with {@code --build-arg} overrides and the automatic platform ARGs); {@code FROM <earlier stage>} and
 * {@code COPY --from=<stage name or index>} make a stage depend on another; stages the target does not need are
 * left out.
 */
public final class BuildPlanner {
    /** The build-args Docker accepts without an ARG and passes to RUN steps only. */
    private static final Set<String> PROXY_ARGS = Set.of("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY",
            "ALL_PROXY");
    private static final List<String> PLATFORM_ARGS = List.of("BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT",
            "TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "TARGETSTAGE");

    public BuildPlan plan(Dockerfile dockerfile, BuildRequest request) {
        return new Planning(dockerfile, request).plan();
    }

    /** The automatic ARGs Docker defines in the global scope for a target stage name. */
    private static Map<String, String> platformArgs(BuildRequest request, String targetName) {
        Platform build = request.buildPlatform();
        Platform target = request.targetPlatform();
        List<String> values = List.of(build.toString(), build.os(), build.architecture(), nullToEmpty(build.variant()),
                target.toString(), target.os(), target.architecture(), nullToEmpty(target.variant()),
                nullToEmpty(targetName));
        Map<String, String> args = new LinkedHashMap<>();
        for (int i = 0; i < PLATFORM_ARGS.size(); i++) {
            args.put(PLATFORM_ARGS.get(i), request.buildArgs().getOrDefault(PLATFORM_ARGS.get(i), values.get(i)));
        }
        return args;
    }

    /**
     * A platform written as {@code os/arch[/variant]} or just {@code arch} (Linux), with common aliases; null if
     * invalid.
     */
    public static Platform parsePlatform(String value) {
        String[] parts = value.toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length > 3 || parts[0].isEmpty() || List.of(parts).contains("")) {
            return null;
        }
        if (parts.length == 1) {
            return new Platform(architecture(parts[0]), "linux", null);
        }
        return new Platform(architecture(parts[1]), parts[0], parts.length == 3 ? parts[2] : null);
    }

    private static String architecture(String name) {
        return switch (name) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386" -> "386";
            default -> name;
        };
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** One planning of one Dockerfile for one request. */
    private static final class Planning {
        private final Dockerfile dockerfile;
        private final BuildRequest request;
        private final List<Stage> stages;
        private final WordExpander expander;

        Planning(Dockerfile dockerfile, BuildRequest request) {
            this.dockerfile = dockerfile;
            this.request = request;
            this.stages = dockerfile.stages();
            this.expander = new WordExpander(dockerfile.escape());
        }

        BuildPlan plan() {
            Stage target = target();
            Map<String, String> globals = globalArgs(target);
            List<StageBase> bases = new ArrayList<>();
            List<Platform> platforms = new ArrayList<>();
            for (Stage stage : stages) {
                StageBase base = base(stage, globals);
                bases.add(base);
                if (base instanceof ImageSource image) {
                    platforms.add(image.platform());
                } else if (base instanceof StageRef ref) {
                    platforms.add(platforms.get(ref.index()));
                } else {
                    platforms.add(explicitPlatform(stage, globals));
                }
            }
            Map<Integer, Map<Integer, CopyOrigin>> needed = new TreeMap<>();
            Deque<Integer> todo = new ArrayDeque<>(List.of(target.index()));
            while (!todo.isEmpty()) {
                int index = todo.pop();
                if (needed.containsKey(index)) {
                    continue;
                }
                if (bases.get(index) instanceof StageRef ref) {
                    todo.push(ref.index());
                }
                Map<Integer, CopyOrigin> origins = copyOrigins(stages.get(index));
                origins.values().stream().filter(StageRef.class::isInstance)
                        .forEach(origin -> todo.push(((StageRef) origin).index()));
                needed.put(index, origins);
            }
            List<PlannedStage> planned = new ArrayList<>();
            needed.forEach((index, origins) ->
                    planned.add(new PlannedStage(stages.get(index), bases.get(index), platforms.get(index), origins)));
            List<String> warnings = new ArrayList<>(dockerfile.warnings());
            warnings.addAll(unusedBuildArgWarnings());
            return new BuildPlan(dockerfile, request, planned, globals, proxyEnv(), warnings);
        }

        private Stage target() {
            String wanted = request.target();
            if (wanted == null) {
                return stages.get(stages.size() - 1);
            }
            Stage named = byName(wanted);
            if (named != null) {
                return named;
            }
            Integer index = integer(wanted);
            if (index != null && index >= 0 && index < stages.size()) {
                return stages.get(index);
            }
            throw new DistillException("target stage " + wanted + " not found in " + dockerfile.name() + "; "
                    + describeStages());
        }

        private String describeStages() {
            List<String> names = stages.stream().map(Stage::name).filter(name -> name != null).toList();
            return "give a stage index from 0 to " + (stages.size() - 1)
                    + (names.isEmpty() ? "" : " or a name: " + String.join(", ", names));
        }

        private Map<String, String> globalArgs(Stage target) {
            Map<String, String> globals = platformArgs(request, target.name());
            for (Instruction.Arg arg : dockerfile.globalArgs()) {
                for (Instruction.Arg.Declaration declaration : arg.declarations()) {
                    String name = declaration.name();
                    if (request.buildArgs().containsKey(name)) {
                        globals.put(name, request.buildArgs().get(name));
                    } else if (declaration.defaultValue() != null) {
                        globals.put(name, expand(arg.line(), declaration.defaultValue(), globals));
                    }
                }
            }
            return globals;
        }

        private String expand(int line, String word, Map<String, String> variables) {
            try {
                return expander.expand(word, variables);
            } catch (DistillException e) {
                throw new DistillException(dockerfile.at(line) + ": " + e.getMessage(), e);
            }
        }

        private StageBase base(Stage stage, Map<String, String> globals) {
            Instruction.From from = stage.from();
            String image = expand(from.line(), from.image(), globals);
            if (image.isEmpty()) {
                throw new DistillException(dockerfile.at(from.line()) + ": FROM " + from.image()
                        + " names no image: its variables are empty; declare them with ARG before the first FROM "
                        + "or pass --build-arg");
            }
            Stage named = byName(image);
            if (named != null && named.index() < stage.index()) {
                return new StageRef(named.index());
            }
            if (named != null && named.index() > stage.index()) {
                throw new DistillException(dockerfile.at(from.line()) + ": FROM " + image + " refers to "
                        + named.describe() + ", which is defined later (line " + named.from().line()
                        + "); a stage can only build on an earlier stage");
            }
            if (image.equals("scratch")) {
                return new StageBase.Scratch();
            }
            if (ImageReferences.isTransport(image)) {
                return new ImageSource(image, explicitPlatform(stage, globals));
            }
            if (!ImageReferences.isValid(image)) {
                throw new DistillException(dockerfile.at(from.line()) + ": FROM " + image
                        + " is not a valid image reference (expected [registry/]name[:tag][@digest], lower case)");
            }
            return new ImageSource(image, explicitPlatform(stage, globals));
        }

        private Platform explicitPlatform(Stage stage, Map<String, String> globals) {
            Instruction.From from = stage.from();
            if (from.platform() == null) {
                return request.targetPlatform();
            }
            String value = expand(from.line(), from.platform(), globals);
            Platform platform = parsePlatform(value);
            if (platform == null) {
                throw new DistillException(dockerfile.at(from.line()) + ": invalid platform \"" + value
                        + "\" in FROM --platform=" + from.platform() + "; write os/arch[/variant], e.g. linux/arm64");
            }
            return platform;
        }

        private Map<Integer, CopyOrigin> copyOrigins(Stage stage) {
            Map<Integer, CopyOrigin> origins = new HashMap<>();
            for (Instruction instruction : stage.instructions()) {
                if (instruction instanceof Instruction.Copy copy) {
                    origins.put(copy.line(), copyOrigin(stage, copy));
                }
            }
            return origins;
        }

        private CopyOrigin copyOrigin(Stage stage, Instruction.Copy copy) {
            String from = copy.from();
            if (from == null) {
                return new CopyOrigin.Context();
            }
            String at = dockerfile.at(copy.line()) + ": COPY --from=" + from;
            Integer index = integer(from);
            Stage source = index != null ? null : byName(from);
            if (index != null) {
                if (index < 0 || index >= stages.size()) {
                    throw new DistillException(at + ": there is no stage " + index + "; " + describeStages());
                }
                source = stages.get(index);
            }
            if (source != null) {
                if (source.index() == stage.index()) {
                    throw new DistillException(at + " copies from its own stage; copy from an earlier stage");
                }
                if (source.index() > stage.index()) {
                    throw new DistillException(at + " refers to " + source.describe() + ", which is defined later "
                            + "(line " + source.from().line() + "); a stage can only copy from an earlier stage");
                }
                return new StageRef(source.index());
            }
            if (from.contains("$")) {
                throw new DistillException(at + ": Docker does not substitute variables in --from; "
                        + "name the image in a stage (FROM " + from + " AS name) and copy from that stage");
            }
            if (ImageReferences.isExplicit(from) || ImageReferences.isTransport(from)) {
                return new ImageSource(from, request.targetPlatform());
            }
            throw new DistillException(at + " names no stage of " + dockerfile.name() + " and is not an image "
                    + "reference with a tag, digest or registry (" + describeStages()
                    + "; for an image write e.g. " + from + ":latest)");
        }

        private Stage byName(String name) {
            String lower = name.toLowerCase(Locale.ROOT);
            return stages.stream().filter(stage -> lower.equals(stage.name())).findFirst().orElse(null);
        }

        private static Integer integer(String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        private List<String> unusedBuildArgWarnings() {
            Set<String> declared = new HashSet<>(PLATFORM_ARGS);
            dockerfile.globalArgs().forEach(arg -> arg.declarations().forEach(d -> declared.add(d.name())));
            for (Stage stage : stages) {
                for (Instruction instruction : stage.instructions()) {
                    if (instruction instanceof Instruction.Arg arg) {
                        arg.declarations().forEach(d -> declared.add(d.name()));
                    }
                }
            }
            List<String> warnings = new ArrayList<>();
            for (String name : new TreeSet<>(request.buildArgs().keySet())) {
                if (!declared.contains(name) && !PROXY_ARGS.contains(name.toUpperCase(Locale.ROOT))) {
                    warnings.add("build-arg " + name + " is not declared by any ARG in " + dockerfile.name()
                            + ", so it has no effect");
                }
            }
            return warnings;
        }

        /** RUN steps get the proxy build-args in both spellings, as BuildKit passes them. */
        private Map<String, String> proxyEnv() {
            Map<String, String> env = new TreeMap<>();
            request.buildArgs().forEach((name, value) -> {
                String upper = name.toUpperCase(Locale.ROOT);
                if (PROXY_ARGS.contains(upper) && !value.isEmpty()) {
                    env.put(upper, value);
                    env.put(upper.toLowerCase(Locale.ROOT), value);
                }
            });
            return env;
        }
    }
}
