package dev.distill.app.dockerfile;

import java.util.List;

/** Recognises the ADD and COPY sources Docker would download (URLs, git repositories), which Distill refuses. */
final class RemoteSources {
    private static final List<String> PREFIXES = List.of("http://", "https://", "git://", "ssh://", "git@");

    private RemoteSources() {
    }

    static boolean isRemote(String source) {
        return PREFIXES.stream().anyMatch(source::startsWith);
    }

    static String refusal(String keyword, String source) {
        return keyword + " " + source + ": downloading URLs and git repositories is not supported; "
                + "put the file in the build context, or fetch it in a RUN step of a build stage";
    }
}
