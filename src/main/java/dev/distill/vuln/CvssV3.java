package dev.distill.vuln;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** The base score of a CVSS v3.0/v3.1 vector, by the specification's formula (section 7.1 of v3.1). */
public final class CvssV3 {
    private CvssV3() {
    }

    /** The base score of {@code CVSS:3.x/AV:N/AC:L/…}; empty when the vector is not a complete v3 base vector. */
    public static OptionalDouble baseScore(String vector) {
        if (vector == null || !vector.startsWith("CVSS:3.")) {
            return OptionalDouble.empty();
        }
        Map<String, String> metrics = new HashMap<>();
        for (String part : vector.split("/")) {
            int colon = part.indexOf(':');
            if (colon > 0) {
                metrics.put(part.substring(0, colon), part.substring(colon + 1));
            }
        }
        boolean changed = "C".equals(metrics.get("S"));
        double av = weight(metrics.get("AV"), "N", 0.85, "A", 0.62, "L", 0.55, "P", 0.2);
        double ac = weight(metrics.get("AC"), "L", 0.77, "H", 0.44);
        double pr = weight(metrics.get("PR"), "N", 0.85, "L", changed ? 0.68 : 0.62, "H", changed ? 0.5 : 0.27);
        double ui = weight(metrics.get("UI"), "N", 0.85, "R", 0.62);
        double c = weight(metrics.get("C"), "H", 0.56, "L", 0.22, "N", 0.0);
        double i = weight(metrics.get("I"), "H", 0.56, "L", 0.22, "N", 0.0);
        double a = weight(metrics.get("A"), "H", 0.56, "L", 0.22, "N", 0.0);
        if (Double.isNaN(av + ac + pr + ui + c + i + a) || !metrics.containsKey("S")) {
            return OptionalDouble.empty();
        }
        double iss = 1 - (1 - c) * (1 - i) * (1 - a);
        double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
        double exploitability = 8.22 * av * ac * pr * ui;
        if (impact <= 0) {
            return OptionalDouble.of(0);
        }
        double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
        return OptionalDouble.of(roundUp(Math.min(sum, 10)));
    }

    private static double weight(String value, Object... pairs) {
        for (int k = 0; k < pairs.length; k += 2) {
            if (pairs[k].equals(value)) {
                return (Double) pairs[k + 1];
            }
        }
        return Double.NaN;
    }

    /** The smallest number with one decimal that is at least {@code value} (v3.1's floating-point-safe form). */
    private static double roundUp(double value) {
        long scaled = Math.round(value * 100000);
        return scaled % 10000 == 0 ? scaled / 100000.0 : (Math.floor(scaled / 10000.0) + 1) / 10.0;
    }
}
