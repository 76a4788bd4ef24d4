package dev.distill.app.dockerfile;

import java.util.List;

/**
 * A step that changes a stage's file system, with every variable substituted and every path made absolute. The
 * other instructions only change the image configuration, which {@link ResolvedStage#config()} holds.
 */
public sealed interface Step {
    int line();

    String text();

    /**
     * RUN: the process to start ({@code argv}, already prefixed with the stage's shell for the shell form), its
     * environment ({@code KEY=value}: the image's ENV, the ARG values in scope, the proxy build-args), working
     * directory, user (null: root) and network.
     */
    record Run(int line, String text, List<String> argv, List<String> env, String workdir, String user,
            Instruction.Network network) implements Step {
        public Run {
            argv = List.copyOf(argv);
            env = List.copyOf(env);
        }
    }

    /**
     * COPY or ADD ({@code unpackArchives}): sources as written after substitution (patterns are resolved by
     * {@link SourceTree#resolve}), an absolute destination that ends with '/' when the Dockerfile marked it as a
     * directory, the owner ({@code user[:group]}, null: 0:0) and the mode (null: keep the source's).
     */
    record Copy(int line, String text, CopyOrigin origin, List<String> sources, String destination, String chown,
            Integer chmod, boolean unpackArchives) implements Step {
        public Copy {
            sources = List.copyOf(sources);
        }

        /** The instruction as messages name it: {@code COPY} or {@code ADD}. */
        public String keyword() {
            return unpackArchives ? "ADD" : "COPY";
        }
    }

    /** WORKDIR other than {@code /}: the absolute directory to create (with parents) as {@code user} if missing. */
    record Workdir(int line, String text, String path, String user) implements Step {
    }
}
