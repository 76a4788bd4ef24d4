package dev.distill.app.dockerfile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stages a build needs, in build order (every stage after the stages it uses; the target last), with the
 * global ARG values that FROM lines saw, the environment every RUN gets for the proxy build-args (sorted), and
 * warnings.
 */
public record BuildPlan(Dockerfile dockerfile, BuildRequest request, List<PlannedStage> stages,
        Map<String, String> globalArgs, Map<String, String> proxyEnv, List<String> warnings) {
    public BuildPlan {
        stages = List.copyOf(stages);
        globalArgs = Map.copyOf(globalArgs);
        proxyEnv = Collections.unmodifiableMap(new TreeMap<>(proxyEnv));
        warnings = List.copyOf(warnings);
    }

    public PlannedStage target() {
        return stages.get(stages.size() - 1);
    }

    /** The planned stage with this index; the plan must include it. */
    public PlannedStage stage(int index) {
        return stages.stream().filter(s -> s.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("stage " + index + " is not part of this plan"));
    }

    /** Every image the build reads (bases and COPY --from images), each once, in the order the stages need them. */
    public List<ImageSource> images() {
        List<ImageSource> images = new ArrayList<>();
        for (PlannedStage stage : stages) {
            if (stage.base() instanceof ImageSource image && !images.contains(image)) {
                images.add(image);
            }
            stage.stage().instructions().stream()
                    .map(instruction -> stage.copyOrigins().get(instruction.line()))
                    .filter(origin -> origin instanceof ImageSource image && !images.contains(image))
                    .forEach(origin -> images.add((ImageSource) origin));
        }
        return images;
    }
}
