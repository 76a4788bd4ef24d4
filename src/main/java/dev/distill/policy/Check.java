package dev.distill.policy;

import java.util.List;

/** One rule of the runtime policy, whether the image passed it, and what broke it. */
public record Check(String rule, boolean passed, String summary, List<String> offenders) {
}
