package dev.distill.sbom;

import dev.distill.common.DistillException;
import dev.distill.debian.Deb822;
import dev.distill.debian.Paragraph;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The main licence of a package from its Debian {@code copyright} file: in a machine-readable (DEP-5) file, the
 * {@code License} of the {@code Files: *} paragraph, turned into an SPDX expression (Debian short names such as
 * {@code GPL-2+} or {@code Expat} become {@code GPL-2.0-or-later} or {@code MIT}; names SPDX does not list become
 * {@code LicenseRef-…}). Anything else gives {@link #NOASSERTION}: free-form copyright files are not guessed at.
 */
public final class DebianCopyright {
    public static final String NOASSERTION = "NOASSERTION";
    public static final String LICENSE_REF = "LicenseRef-";

    private static final Pattern GPL_FAMILY = Pattern.compile("(A|L)?GPL-(\\d(?:\\.\\d)?)(\\+)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern GFDL = Pattern.compile("GFDL-(\\d\\.\\d)(\\+)?", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> SHORT_NAMES = Map.ofEntries(
            Map.entry("apache-2", "Apache-2.0"), Map.entry("apache-2.0", "Apache-2.0"),
            Map.entry("apache-1.1", "Apache-1.1"),
            Map.entry("artistic", "Artistic-1.0-Perl"), Map.entry("artistic-1", "Artistic-1.0-Perl"),
            Map.entry("artistic-2", "Artistic-2.0"), Map.entry("artistic-2.0", "Artistic-2.0"),
            Map.entry("bsd-2-clause", "BSD-2-Clause"), Map.entry("bsd-3-clause", "BSD-3-Clause"),
            Map.entry("bsd-4-clause", "BSD-4-Clause"), Map.entry("bsl-1.0", "BSL-1.0"),
            Map.entry("boost-1.0", "BSL-1.0"), Map.entry("cc0", "CC0-1.0"), Map.entry("cc0-1.0", "CC0-1.0"),
            Map.entry("curl", "curl"), Map.entry("expat", "MIT"), Map.entry("mit", "MIT"),
            Map.entry("isc", "ISC"), Map.entry("zlib", "Zlib"), Map.entry("mpl-1.1", "MPL-1.1"),
            Map.entry("mpl-2.0", "MPL-2.0"), Map.entry("psf-2", "PSF-2.0"), Map.entry("psf-2.0", "PSF-2.0"),
            Map.entry("python-2.0", "Python-2.0"), Map.entry("openssl", "OpenSSL"), Map.entry("x11", "X11"),
            Map.entry("ftl", "FTL"), Map.entry("sleepycat", "Sleepycat"), Map.entry("libpng", "Libpng"),
            Map.entry("libpng-2.0", "libpng-2.0"), Map.entry("unicode-dfs-2016", "Unicode-DFS-2016"),
            Map.entry("ofl-1.1", "OFL-1.1"), Map.entry("wtfpl", "WTFPL"), Map.entry("0bsd", "0BSD"),
            Map.entry("bzip2-1.0.6", "bzip2-1.0.6"), Map.entry("tcl", "TCL"), Map.entry("unlicense", "Unlicense"),
            Map.entry("epl-1.0", "EPL-1.0"), Map.entry("epl-2.0", "EPL-2.0"), Map.entry("cddl-1.0", "CDDL-1.0"),
            Map.entry("ncsa", "NCSA"), Map.entry("postgresql", "PostgreSQL"), Map.entry("ruby", "Ruby"),
            Map.entry("vim", "Vim"), Map.entry("zpl-2.1", "ZPL-2.1"));
    private static final Map<String, String> EXCEPTIONS = Map.of(
            "gcc-3.1", "GCC-exception-3.1", "gcc-runtime-3.1", "GCC-exception-3.1",
            "gcc-exception-3.1", "GCC-exception-3.1", "classpath", "Classpath-exception-2.0",
            "bison", "Bison-exception-2.2", "font", "Font-exception-2.0", "libtool", "Libtool-exception",
            "autoconf", "Autoconf-exception-generic", "linux-syscall-note", "Linux-syscall-note");

    private DebianCopyright() {
    }

    /** The SPDX licence expression of a copyright file's main licence, or {@link #NOASSERTION}. */
    public static String mainLicense(String copyright) {
        if (copyright == null || !isMachineReadable(copyright)) {
            return NOASSERTION;
        }
        List<Paragraph> paragraphs;
        try {
            paragraphs = Deb822.parse(copyright, "copyright");
        } catch (DistillException | UncheckedIOException e) {
            return NOASSERTION;
        }
        for (Paragraph paragraph : paragraphs) {
            String files = paragraph.get("Files");
            String license = paragraph.get("License");
            if (files != null && license != null && List.of(Deb822.joined(files).split("\\s+")).contains("*")) {
                return toSpdx(license.lines().findFirst().orElse("").strip());
            }
        }
        return NOASSERTION;
    }

    private static boolean isMachineReadable(String copyright) {
        String first = copyright.lines().findFirst().orElse("");
        return first.regionMatches(true, 0, "Format:", 0, 7)
                && (first.contains("copyright-format") || first.contains("dep5") || first.contains("DEP-5"));
    }

    /**
     * A Debian licence short-name expression ({@code GPL-2+ or Artistic}, {@code LGPL-2.1+ and BSD-3-clause},
     * {@code GPL-3+ with GCC-3.1 exception}) as an SPDX expression; {@link #NOASSERTION} when it does not parse.
     */
    public static String toSpdx(String expression) {
        List<String> tokens = tokens(expression);
        if (tokens.isEmpty()) {
            return NOASSERTION;
        }
        StringBuilder out = new StringBuilder();
        boolean expectLicense = true;
        int depth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String lower = token.toLowerCase(Locale.ROOT);
            if (expectLicense) {
                if (token.equals("(")) {
                    depth++;
                    append(out, "(");
                    continue;
                }
                if (isOperator(lower) || token.equals(")") || lower.equals("with")) {
                    return NOASSERTION;
                }
                String license = licenseId(token);
                if (i + 1 < tokens.size() && tokens.get(i + 1).equalsIgnoreCase("with")) {
                    int j = i + 2;
                    List<String> words = new ArrayList<>();
                    while (j < tokens.size() && !tokens.get(j).equalsIgnoreCase("exception")) {
                        words.add(tokens.get(j++));
                    }
                    if (words.isEmpty()) {
                        return NOASSERTION;
                    }
                    String exceptionName = String.join("-", words);
                    String exception = EXCEPTIONS.get(exceptionName.toLowerCase(Locale.ROOT));
                    license = exception != null && !license.startsWith(LICENSE_REF) ? license + " WITH " + exception
                            : licenseRef(token + "-with-" + exceptionName + "-exception");
                    i = j < tokens.size() ? j : j - 1;
                }
                append(out, license);
                expectLicense = false;
            } else {
                if (token.equals(")")) {
                    if (--depth < 0) {
                        return NOASSERTION;
                    }
                    out.append(")");
                    continue;
                }
                if (!isOperator(lower)) {
                    return NOASSERTION;
                }
                append(out, lower.equals("or") || lower.equals("|") ? "OR" : "AND");
                expectLicense = true;
            }
        }
        return expectLicense || depth != 0 ? NOASSERTION : out.toString();
    }

    /** The SPDX id of one Debian short name, or a {@code LicenseRef-} for names SPDX does not list. */
    static String licenseId(String name) {
        Matcher gpl = GPL_FAMILY.matcher(name);
        if (gpl.matches()) {
            String family = (gpl.group(1) == null ? "" : gpl.group(1).toUpperCase(Locale.ROOT)) + "GPL";
            String version = gpl.group(2).contains(".") ? gpl.group(2) : gpl.group(2) + ".0";
            boolean known = switch (family) {
                case "GPL" -> List.of("1.0", "2.0", "3.0").contains(version);
                case "LGPL" -> List.of("2.0", "2.1", "3.0").contains(version);
                default -> version.equals("1.0") || version.equals("3.0");
            };
            if (known) {
                return family + "-" + version + (gpl.group(3) != null ? "-or-later" : "-only");
            }
        }
        Matcher gfdl = GFDL.matcher(name);
        if (gfdl.matches()) {
            return "GFDL-" + gfdl.group(1) + (gfdl.group(2) != null ? "-or-later" : "-only");
        }
        String known = SHORT_NAMES.get(name.toLowerCase(Locale.ROOT));
        return known != null ? known : licenseRef(name);
    }

    /** {@code LicenseRef-} and the name with every character SPDX does not allow in an id replaced by '-'. */
    static String licenseRef(String name) {
        return LICENSE_REF + name.replaceAll("[^A-Za-z0-9.\\-]", "-");
    }

    private static boolean isOperator(String lower) {
        return lower.equals("or") || lower.equals("and") || lower.equals("|") || lower.equals("&");
    }

    private static void append(StringBuilder out, String part) {
        if (out.length() > 0 && out.charAt(out.length() - 1) != '(' && !part.equals(")")) {
            out.append(' ');
        }
        out.append(part);
    }

    private static List<String> tokens(String expression) {
        List<String> tokens = new ArrayList<>();
        for (String word : expression.replace(",", " ").replace("(", " ( ").replace(")", " ) ").split("\\s+")) {
            if (!word.isEmpty()) {
                tokens.add(word);
            }
        }
        return tokens;
    }
}
