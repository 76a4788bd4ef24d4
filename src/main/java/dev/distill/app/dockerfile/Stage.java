package dev.distill.app.dockerfile;

import java.util.List;

/** A build stage: its FROM line and the instructions up to the next FROM. {@code index} counts from 0. */
public record Stage(int index, Instruction.From from, List<Instruction> instructions) {
    public Stage {
        instructions = List.copyOf(instructions);
    }

    /** The stage's name (lower-cased), or null if it has none. */
    public String name() {
        return from.stageName();
    }

    /** How messages refer to this stage: {@code stage 1 (build)}. */
    public String describe() {
        return "stage " + index + (name() == null ? "" : " (" + name() + ")");
    }
}
