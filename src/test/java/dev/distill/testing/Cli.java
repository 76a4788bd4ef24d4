package dev.distill.testing;

import dev.distill.cli.Console;
import dev.distill.cli.Main;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs the {@code distill} command line in-process with captured output, as a user would run it. */
public final class Cli {
    /** What a run printed and returned. */
    public record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final Path workingDir;
    private final Map<String, String> env;

    public Cli(Path workingDir, Map<String, String> env) {
        this.workingDir = workingDir;
        this.env = Map.copyOf(env);
    }

    /** A CLI whose cache is {@code cache} and whose other environment is this process's. */
    public static Cli withCache(Path workingDir, Path cache) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("DISTILL_CACHE", cache.toString());
        return new Cli(workingDir, env);
    }

    public Result run(String... args) {
        return execute(InputStream.nullInputStream(), args);
    }

    /** Runs with {@code stdin} as standard input. */
    public Result runWithInput(String stdin, String... args) {
        return execute(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    private Result execute(InputStream stdin, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Console console = new Console(stdin, new PrintWriter(out, true), new PrintWriter(err, true), false, env,
                workingDir);
        int code = Main.run(args, console);
        return new Result(code, out.toString(), err.toString());
    }
}
