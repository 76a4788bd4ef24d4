package dev.distill.app.dockerfile;

import dev.distill.oci.ImageConfig;

import java.util.List;

/**
 * One Dockerfile instruction as written: arguments keep their quotes and {@code $VAR} references (those are resolved
 * by {@link StageEvaluator}), except where noted. {@code line} is the line the instruction starts on; {@code text} is
 * the instruction with its continuation lines joined, as Docker reports it.
 */
public sealed interface Instruction {
    int line();

    String text();

    /** {@code FROM [--platform=…] image [AS name]}; {@code stageName} is lower-cased, null without AS. */
    record From(int line, String text, String image, String platform, String stageName) implements Instruction {
    }

    /** {@code ARG name[=default] …}; a declaration without {@code =} has a null default. */
    record Arg(int line, String text, List<Declaration> declarations) implements Instruction {
        public Arg {
            declarations = List.copyOf(declarations);
        }

        public record Declaration(String name, String defaultValue) {
        }
    }

    /** {@code RUN [--network=…] command}. */
    record Run(int line, String text, CommandLine command, Network network) implements Instruction {
    }

    /** {@code CMD command}. */
    record Cmd(int line, String text, CommandLine command) implements Instruction {
    }

    /** {@code ENTRYPOINT command}. */
    record Entrypoint(int line, String text, CommandLine command) implements Instruction {
    }

    /** {@code SHELL ["executable", "parameters"]} (JSON form only). */
    record Shell(int line, String text, List<String> shell) implements Instruction {
        public Shell {
            shell = List.copyOf(shell);
        }
    }

    /**
     * {@code COPY [--from=…] [--chown=…] [--chmod=…] source… destination}. {@code from} is kept as written
     * (Docker does not substitute variables in it); {@code chmod} is the parsed octal mode; absent options are null.
     */
    record Copy(int line, String text, List<String> sources, String destination, String from, String chown,
            Integer chmod) implements Instruction {
        public Copy {
            sources = List.copyOf(sources);
        }
    }

    /** {@code ADD [--chown=…] [--chmod=…] source… destination}, for local files and local tar archives. */
    record Add(int line, String text, List<String> sources, String destination, String chown, Integer chmod)
            implements Instruction {
        public Add {
            sources = List.copyOf(sources);
        }
    }

    /** {@code WORKDIR path}. */
    record Workdir(int line, String text, String path) implements Instruction {
    }

    /** {@code ENV key=value …} or the legacy {@code ENV key value}. */
    record Env(int line, String text, List<KeyValue> pairs) implements Instruction {
        public Env {
            pairs = List.copyOf(pairs);
        }
    }

    /** {@code LABEL key=value …}. */
    record Label(int line, String text, List<KeyValue> pairs) implements Instruction {
        public Label {
            pairs = List.copyOf(pairs);
        }
    }

    /** {@code USER user[:group]}. */
    record User(int line, String text, String user) implements Instruction {
    }

    /** {@code EXPOSE port[/protocol] …}, each as written. */
    record Expose(int line, String text, List<String> ports) implements Instruction {
        public Expose {
            ports = List.copyOf(ports);
        }
    }

    /** {@code VOLUME path …} or the JSON form. */
    record Volume(int line, String text, List<String> paths) implements Instruction {
        public Volume {
            paths = List.copyOf(paths);
        }
    }

    /** {@code STOPSIGNAL signal}. */
    record StopSignal(int line, String text, String signal) implements Instruction {
    }

    /** {@code HEALTHCHECK NONE} or {@code HEALTHCHECK [options] CMD …}, fully parsed (Docker substitutes nothing). */
    record Healthcheck(int line, String text, ImageConfig.Healthcheck check) implements Instruction {
    }

    /** The deprecated {@code MAINTAINER name}, which sets the image's author. */
    record Maintainer(int line, String text, String name) implements Instruction {
    }

    /**
     * A command in shell form (one argument, the command line, run by the stage's shell) or exec form (the JSON
     * array's strings, run as they are).
     */
    record CommandLine(List<String> arguments, boolean shellForm) {
        public CommandLine {
            arguments = List.copyOf(arguments);
        }

        public static CommandLine shell(String command) {
            return new CommandLine(List.of(command), true);
        }

        public static CommandLine exec(List<String> arguments) {
            return new CommandLine(arguments, false);
        }
    }

    /** A {@code key=value} pair as written. */
    record KeyValue(String key, String value) {
    }

    /** The network a RUN step gets: its own empty namespace, the host's, or the builder's default. */
    enum Network {
        DEFAULT, NONE, HOST
    }
}
