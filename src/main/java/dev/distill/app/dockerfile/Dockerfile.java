package dev.distill.app.dockerfile;

import java.util.List;

/**
 * A parsed Dockerfile. {@code name} is how messages refer to the file; {@code globalArgs} are the ARG instructions
 * before the first FROM; {@code escape} is the escape character ({@code \} or the one a {@code # escape=} directive
 * chose); {@code warnings} are what Docker would warn about (empty continuation lines).
 */
public record Dockerfile(String name, char escape, List<Instruction.Arg> globalArgs, List<Stage> stages,
        List<String> warnings) {
    public Dockerfile {
        globalArgs = List.copyOf(globalArgs);
        stages = List.copyOf(stages);
        warnings = List.copyOf(warnings);
    }

    /** The prefix of every message about a line: {@code Dockerfile line 12}. */
    public String at(int line) {
        return name + " line " + line;
    }
}
