package dev.distill.policy;

import java.util.List;

/** The runtime policy's verdict on one single-platform image. */
public record PolicyReport(String image, String platform, List<Check> checks) {
    public boolean passed() {
        return checks.stream().allMatch(Check::passed);
    }
}
