package dev.distill.debian;

import dev.distill.common.DistillException;

import java.util.ArrayList;
import java.util.List;

/**
 * One package relation, {@code name[:arch] [(op version)]}, as found in Depends, Pre-Depends, Conflicts, Breaks
 * and Provides. Architecture restrictions ({@code [amd64]}) and build profiles ({@code <!nocheck>}) are read and
 * dropped: they only appear in source packages' fields.
 */
public record Relation(String name, String archQualifier, Op op, String version) {

    public enum Op {
        LT("<<"), LE("<="), EQ("="), GE(">="), GT(">>");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean accepts(int comparison) {
            return switch (this) {
                case LT -> comparison < 0;
                case LE -> comparison <= 0;
                case EQ -> comparison == 0;
                case GE -> comparison >= 0;
                case GT -> comparison > 0;
            };
        }

        static Op parse(String symbol, String context) {
            return switch (symbol) {
                case "<<" -> LT;
                case "<=", "<" -> LE;
                case "=" -> EQ;
                case ">=", ">" -> GE;
                case ">>" -> GT;
                default -> throw new DistillException(context + ": unknown version relation '" + symbol + "'");
            };
        }
    }

    /** Whether a package (or a provided name) at {@code candidateVersion} satisfies the version part. */
    public boolean acceptsVersion(String candidateVersion) {
        if (op == null) {
            return true;
        }
        if (candidateVersion == null) {
            return false;
        }
        return op.accepts(DebVersion.compare(candidateVersion, version));
    }

    public boolean isVersioned() {
        return op != null;
    }

    /**
     * Parses a relation field: comma-separated groups of {@code |}-separated alternatives.
     *
     * @param context names the package and field for error messages
     */
    public static List<List<Relation>> parseField(String value, String context) {
        List<List<Relation>> groups = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return groups;
        }
        for (String group : Deb822.joined(value).split(",")) {
            if (group.isBlank()) {
                continue;
            }
            List<Relation> alternatives = new ArrayList<>();
            for (String alternative : group.split("\\|")) {
                alternatives.add(parseOne(alternative.strip(), context));
            }
            groups.add(List.copyOf(alternatives));
        }
        return List.copyOf(groups);
    }

    /** Parses a field where alternatives are not allowed (Provides, Conflicts, Breaks). */
    public static List<Relation> parseFlat(String value, String context) {
        List<Relation> relations = new ArrayList<>();
        for (List<Relation> group : parseField(value, context)) {
            if (group.size() != 1) {
                throw new DistillException(context + ": alternatives are not allowed here");
            }
            relations.add(group.get(0));
        }
        return List.copyOf(relations);
    }

    public static Relation parseOne(String text, String context) {
        String s = text;
        int bracket = s.indexOf('[');
        if (bracket >= 0) {
            s = s.substring(0, bracket);
        }
        int angle = s.indexOf('<', s.indexOf(')') + 1);
        if (angle >= 0 && s.indexOf('(') < 0) {
            s = s.substring(0, angle);
        }
        s = s.strip();
        String namePart = s;
        Op op = null;
        String version = null;
        int paren = s.indexOf('(');
        if (paren >= 0) {
            int close = s.indexOf(')', paren);
            if (close < 0) {
                throw new DistillException(context + ": unbalanced parenthesis in '" + text + "'");
            }
            namePart = s.substring(0, paren).strip();
            String inner = s.substring(paren + 1, close).strip();
            int k = 0;
            while (k < inner.length() && !Character.isLetterOrDigit(inner.charAt(k)) && inner.charAt(k) != ' ') {
                k++;
            }
            op = Op.parse(inner.substring(0, k), context);
            version = inner.substring(k).strip();
            if (version.isEmpty()) {
                throw new DistillException(context + ": relation '" + text + "' has no version");
            }
            DebVersion.parse(version);
        }
        if (namePart.isEmpty() || namePart.contains(" ")) {
            throw new DistillException(context + ": cannot read relation '" + text + "'");
        }
        String arch = null;
        int colon = namePart.indexOf(':');
        if (colon >= 0) {
            arch = namePart.substring(colon + 1);
            namePart = namePart.substring(0, colon);
        }
        return new Relation(namePart, arch, op, version);
    }

    @Override
    public String toString() {
        return name + (archQualifier == null ? "" : ":" + archQualifier)
                + (op == null ? "" : " (" + op.symbol() + " " + version + ")");
    }

    public static String format(List<Relation> alternatives) {
        return String.join(" | ", alternatives.stream().map(Relation::toString).toList());
    }
}
