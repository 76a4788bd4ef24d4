package dev.distill.app.dockerfile;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The image reference grammar of the distribution specification ({@code [registry[:port]/]path[:tag][@digest]}), and
 * the layout and archive transports.
 */
final class ImageReferences {
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN = "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*"
            + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    private static final String PATH_COMPONENT = "[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";
    private static final Pattern REFERENCE = Pattern.compile("(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/"
            + PATH_COMPONENT + ")*(?::" + TAG + ")?(?:@" + DIGEST + ")?");
    private static final int MAX_NAME_LENGTH = 255;
    private static final List<String> TRANSPORTS = List.of("oci:", "oci-archive:");

    private ImageReferences() {
    }

    /** {@code oci:DIR[:REF]} or {@code oci-archive:FILE[:REF]}: an image in a layout directory or archive file. */
    static boolean isTransport(String reference) {
        return TRANSPORTS.stream().anyMatch(prefix -> reference.startsWith(prefix)
                && reference.length() > prefix.length());
    }

    static boolean isValid(String reference) {
        int end = reference.indexOf('@');
        String nameAndTag = end < 0 ? reference : reference.substring(0, end);
        int colon = nameAndTag.lastIndexOf(':');
        String name = colon > nameAndTag.lastIndexOf('/') ? nameAndTag.substring(0, colon) : nameAndTag;
        return name.length() <= MAX_NAME_LENGTH && REFERENCE.matcher(reference).matches();
    }

    /** A valid reference that cannot be a mistyped stage name: it names a tag, digest, namespace or registry. */
    static boolean isExplicit(String reference) {
        return isValid(reference)
                && (reference.contains("/") || reference.contains(":") || reference.contains("@"));
    }
}
