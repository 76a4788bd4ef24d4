package dev.distill.registry;

import dev.distill.common.DistillException;
import dev.distill.oci.Digest;

import java.util.regex.Pattern;

/**
 * A reference to an image in a registry: {@code HOST[:PORT]/REPO[:TAG][@sha256:…]}. The host is always explicit:
 * Distill never guesses a public registry. Without a tag or digest the tag is {@code latest}.
 */
public record ImageReference(String registry, String repository, String tag, Digest digest) {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final String LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?";
    private static final Pattern HOST = Pattern.compile(
            "(?:\\[[0-9a-fA-F:.]+]|" + LABEL + "(?:\\." + LABEL + ")*)(?::[0-9]{1,5})?");
    private static final String FORM = "HOST[:PORT]/REPOSITORY[:TAG][@sha256:DIGEST]";

    public ImageReference {
        if (registry == null || !HOST.matcher(registry).matches()) {
            throw new DistillException("invalid registry host '" + registry + "' in an image reference (" + FORM + ")");
        }
        if (repository == null || repository.isEmpty() || repository.length() > 255) {
            throw new DistillException("invalid repository name '" + repository + "' (" + FORM + ")");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw new DistillException("invalid repository name '" + repository
                        + "': each path component is lower-case letters and digits, separated by '.', '_', '__'"
                        + " or '-'");
            }
        }
        if (tag != null && !TAG.matcher(tag).matches()) {
            throw new DistillException("invalid tag '" + tag + "' for " + registry + "/" + repository
                    + ": up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'");
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
    }

    /** Parses {@code HOST[:PORT]/REPO[:TAG][@sha256:…]}; a reference without a host part is an error. */
    public static ImageReference parse(String text) {
        String rest = text.strip();
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        int slash = rest.indexOf('/');
        String first = slash < 0 ? "" : rest.substring(0, slash);
        if (slash < 0 || !looksLikeHost(first)) {
            throw new DistillException("image reference '" + text + "' names no registry host: write it as " + FORM
                    + ", e.g. 127.0.0.1:5000/" + rest + " (Distill never defaults to a public registry)");
        }
        String path = rest.substring(slash + 1);
        String tag = null;
        int colon = path.lastIndexOf(':');
        if (colon >= 0) {
            tag = path.substring(colon + 1);
            path = path.substring(0, colon);
        }
        return new ImageReference(first, path, tag, digest);
    }

    /** Docker's rule: the first component is a host if it has a dot or a port, or is {@code localhost}. */
    private static boolean looksLikeHost(String component) {
        return component.contains(".") || component.contains(":") || component.equals("localhost")
                || component.startsWith("[");
    }

    /** What follows {@code /manifests/} when fetching: the digest if there is one, else the tag. */
    public String reference() {
        return digest != null ? digest.toString() : tag;
    }

    /** The name a pulled image gets in a layout unless told otherwise: the repository's last part, and the tag. */
    public String localName() {
        String last = repository.substring(repository.lastIndexOf('/') + 1);
        return last + (tag != null ? ":" + tag : "@" + digest);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
