package dev.distill.app.dockerfile;

import dev.distill.common.DistillException;
import dev.distill.oci.ImageConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Evaluates the stages of a plan in build order, the way BuildKit dispatches them: ENV and ARG values are
 * substituted where Docker substitutes them (ENV, ARG defaults, ADD, COPY, LABEL, EXPOSE, USER, WORKDIR, VOLUME,
 * STOPSIGNAL), never into RUN, CMD or ENTRYPOINT, which the shell expands; an ARG before the first FROM is visible
 * in a stage only where the stage declares it again; a stage built FROM another starts with that stage's
 * configuration, environment, ARG values and shell. Pure: it runs nothing, and needs only the configuration of each
 * base image.
 */
public final class StageEvaluator {
    static final List<String> DEFAULT_SHELL = List.of("/bin/sh", "-c");
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * Evaluates every stage of {@code plan}; {@code baseConfigs} gives the configuration of a base image (its
     * {@code config} object, which may be empty).
     */
    public List<ResolvedStage> evaluate(BuildPlan plan, Function<ImageSource, ImageConfig.Container> baseConfigs) {
        Map<Integer, ResolvedStage> done = new TreeMap<>();
        for (PlannedStage stage : plan.stages()) {
            StageState state;
            if (stage.base() instanceof StageRef ref) {
                state = StageState.inheriting(done.get(ref.index()));
            } else if (stage.base() instanceof ImageSource image) {
                state = StageState.from(baseConfigs.apply(image));
            } else {
                state = StageState.from(ImageConfig.Container.empty());
            }
            done.put(stage.index(), new Evaluation(plan, stage, state).run());
        }
        return List.copyOf(done.values());
    }

    /** The configuration and environment of a stage while its instructions are applied. */
    private static final class StageState {
        private final Map<String, String> buildEnv = new LinkedHashMap<>();
        private final Map<String, String> configEnv = new LinkedHashMap<>();
        private final Map<String, Map<String, Object>> exposedPorts = new TreeMap<>();
        private final Map<String, Map<String, Object>> volumes = new TreeMap<>();
        private final Map<String, String> labels = new TreeMap<>();
        private List<String> shell = DEFAULT_SHELL;
        private List<String> entrypoint;
        private List<String> cmd;
        private String workdir;
        private String user;
        private String stopSignal;
        private ImageConfig.Healthcheck healthcheck;
        private String author;
        private boolean cmdSet;

        static StageState from(ImageConfig.Container config) {
            StageState state = new StageState();
            state.load(config);
            if (!state.configEnv.containsKey("PATH")) {
                state.configEnv.put("PATH", DEFAULT_PATH);
            }
            state.buildEnv.putAll(state.configEnv);
            return state;
        }

        static StageState inheriting(ResolvedStage parent) {
            StageState state = new StageState();
            state.load(parent.config());
            parent.buildEnv().forEach(entry -> putEntry(state.buildEnv, entry));
            state.shell = parent.shell();
            state.author = parent.author();
            return state;
        }

        private void load(ImageConfig.Container config) {
            if (config.env() != null) {
                config.env().forEach(entry -> putEntry(configEnv, entry));
            }
            if (config.exposedPorts() != null) {
                exposedPorts.putAll(config.exposedPorts());
            }
            if (config.volumes() != null) {
                volumes.putAll(config.volumes());
            }
            if (config.labels() != null) {
                labels.putAll(config.labels());
            }
            entrypoint = config.entrypoint();
            cmd = config.cmd();
            workdir = config.workingDir();
            user = config.user();
            stopSignal = config.stopSignal();
            healthcheck = config.healthcheck();
        }

        private static void putEntry(Map<String, String> env, String entry) {
            int equals = entry.indexOf('=');
            env.put(equals < 0 ? entry : entry.substring(0, equals), equals < 0 ? "" : entry.substring(equals + 1));
        }

        String currentDir() {
            return workdir == null || workdir.isEmpty() ? "/" : workdir;
        }

        ImageConfig.Container config() {
            return new ImageConfig.Container(user, exposedPorts.isEmpty() ? null : exposedPorts,
                    entries(configEnv), entrypoint, cmd, volumes.isEmpty() ? null : volumes, workdir,
                    labels.isEmpty() ? null : labels, stopSignal, healthcheck);
        }

        static List<String> entries(Map<String, String> env) {
            List<String> entries = new ArrayList<>();
            env.forEach((key, value) -> entries.add(key + "=" + value));
            return entries;
        }
    }

    /** The evaluation of one stage. */
    private static final class Evaluation {
        private final BuildPlan plan;
        private final Dockerfile dockerfile;
        private final PlannedStage stage;
        private final StageState state;
        private final WordExpander expander;
        private final List<Step> steps = new ArrayList<>();

        Evaluation(BuildPlan plan, PlannedStage stage, StageState state) {
            this.plan = plan;
            this.dockerfile = plan.dockerfile();
            this.stage = stage;
            this.state = state;
            this.expander = new WordExpander(dockerfile.escape());
        }

        ResolvedStage run() {
            for (Instruction instruction : stage.stage().instructions()) {
                apply(instruction);
            }
            return new ResolvedStage(stage, steps, state.config(), state.author, state.shell,
                    StageState.entries(state.buildEnv));
        }

        private void apply(Instruction instruction) {
            if (instruction instanceof Instruction.Env env) {
                List<String[]> pairs = new ArrayList<>();
                for (Instruction.KeyValue pair : env.pairs()) {
                    pairs.add(new String[] {expand(env, pair.key()), expand(env, pair.value())});
                }
                for (String[] pair : pairs) {
                    state.buildEnv.put(pair[0], pair[1]);
                    state.configEnv.put(pair[0], pair[1]);
                }
            } else if (instruction instanceof Instruction.Arg arg) {
                applyArg(arg);
            } else if (instruction instanceof Instruction.Run run) {
                List<String> env = StageState.entries(state.buildEnv);
                plan.proxyEnv().forEach((key, value) -> {
                    if (!state.buildEnv.containsKey(key)) {
                        env.add(key + "=" + value);
                    }
                });
                steps.add(new Step.Run(run.line(), run.text(), argv(run.command()), env, state.currentDir(),
                        state.user, run.network()));
            } else if (instruction instanceof Instruction.Copy copy) {
                steps.add(new Step.Copy(copy.line(), copy.text(), stage.copyOrigins().get(copy.line()),
                        expandAll(copy, copy.sources(), "COPY"), destination(copy, copy.destination()),
                        chown(copy, copy.chown()), copy.chmod(), false));
            } else if (instruction instanceof Instruction.Add add) {
                steps.add(new Step.Copy(add.line(), add.text(), new CopyOrigin.Context(),
                        expandAll(add, add.sources(), "ADD"), destination(add, add.destination()),
                        chown(add, add.chown()), add.chmod(), true));
            } else if (instruction instanceof Instruction.Workdir workdir) {
                String path = GoPaths.absolute(state.currentDir(), expand(workdir, workdir.path()));
                state.workdir = path;
                if (!path.equals("/")) {
                    steps.add(new Step.Workdir(workdir.line(), workdir.text(), path, state.user));
                }
            } else {
                applyConfig(instruction);
            }
        }

        /** The instructions that change only the image configuration. */
        private void applyConfig(Instruction instruction) {
            if (instruction instanceof Instruction.User user) {
                state.user = expand(user, user.user());
            } else if (instruction instanceof Instruction.Label label) {
                Map<String, String> pairs = new LinkedHashMap<>();
                label.pairs().forEach(pair -> pairs.put(expand(label, pair.key()), expand(label, pair.value())));
                state.labels.putAll(pairs);
            } else if (instruction instanceof Instruction.Expose expose) {
                for (String port : expose.ports()) {
                    for (String word : expandToWords(expose, port)) {
                        try {
                            ExposedPorts.parse(word).forEach(spec -> state.exposedPorts.put(spec, Map.of()));
                        } catch (DistillException e) {
                            throw failure(expose, e.getMessage());
                        }
                    }
                }
            } else if (instruction instanceof Instruction.Volume volume) {
                for (String path : volume.paths()) {
                    String expanded = expand(volume, path);
                    if (expanded.isEmpty()) {
                        throw failure(volume, "VOLUME " + path + " is empty after substitution");
                    }
                    state.volumes.put(expanded, Map.of());
                }
            } else if (instruction instanceof Instruction.StopSignal stopSignal) {
                String signal = expand(stopSignal, stopSignal.signal());
                if (!StopSignals.isValid(signal)) {
                    throw failure(stopSignal, "invalid signal " + signal + "; use a name such as SIGTERM or a number");
                }
                state.stopSignal = signal;
            } else if (instruction instanceof Instruction.Healthcheck healthcheck) {
                state.healthcheck = healthcheck.check();
            } else if (instruction instanceof Instruction.Cmd cmd) {
                state.cmd = argv(cmd.command());
                state.cmdSet = true;
            } else if (instruction instanceof Instruction.Entrypoint entrypoint) {
                List<String> argv = argv(entrypoint.command());
                state.entrypoint = argv.isEmpty() ? null : argv;
                if (!state.cmdSet) {
                    state.cmd = null;
                }
            } else if (instruction instanceof Instruction.Shell shell) {
                state.shell = shell.shell();
            } else if (instruction instanceof Instruction.Maintainer maintainer) {
                state.author = maintainer.name();
            }
        }

        /** ARG: a --build-arg wins, else the default (substituted), else the global ARG's value. */
        private void applyArg(Instruction.Arg arg) {
            Map<String, String> buildArgs = plan.request().buildArgs();
            for (Instruction.Arg.Declaration declaration : arg.declarations()) {
                String name = declaration.name();
                String value;
                if (buildArgs.containsKey(name)) {
                    value = buildArgs.get(name);
                } else if (declaration.defaultValue() != null) {
                    value = expand(arg, declaration.defaultValue());
                } else {
                    value = plan.globalArgs().get(name);
                }
                if (value != null) {
                    state.buildEnv.put(name, value);
                }
            }
        }

        private List<String> argv(Instruction.CommandLine command) {
            if (!command.shellForm()) {
                return command.arguments();
            }
            List<String> argv = new ArrayList<>(state.shell);
            argv.add(command.arguments().get(0));
            return argv;
        }

        private List<String> expandAll(Instruction instruction, List<String> sources, String keyword) {
            List<String> expanded = new ArrayList<>();
            for (String source : sources) {
                String value = expand(instruction, source);
                if (RemoteSources.isRemote(value)) {
                    throw failure(instruction, RemoteSources.refusal(keyword, value));
                }
                expanded.add(value);
            }
            return expanded;
        }

        /** The destination made absolute against the working directory; a trailing '/' (or '.') marks a directory. */
        private String destination(Instruction instruction, String raw) {
            String dest = expand(instruction, raw);
            String absolute = GoPaths.absolute(state.currentDir(), dest);
            boolean directory = dest.isEmpty() || dest.equals(".") || dest.endsWith("/") || dest.endsWith("/.");
            return directory && !absolute.equals("/") ? absolute + "/" : absolute;
        }

        private String chown(Instruction instruction, String raw) {
            if (raw == null) {
                return null;
            }
            String owner = expand(instruction, raw);
            return owner.isEmpty() ? null : owner;
        }

        private String expand(Instruction instruction, String word) {
            try {
                return expander.expand(word, state.buildEnv);
            } catch (DistillException e) {
                throw failure(instruction, e.getMessage());
            }
        }

        private List<String> expandToWords(Instruction instruction, String word) {
            try {
                return expander.expandToWords(word, state.buildEnv);
            } catch (DistillException e) {
                throw failure(instruction, e.getMessage());
            }
        }

        private DistillException failure(Instruction instruction, String message) {
            return new DistillException(dockerfile.at(instruction.line()) + ": " + message);
        }
    }
}
