package dev.distill.layers;

import java.util.function.Predicate;

/**
 * How packages are unpacked into a layer.
 *
 * @param policy        which paths are dropped
 * @param clearSetId    clear setuid/setgid bits (the runtime image has none)
 * @param clampMtime    no entry is newer than this (SOURCE_DATE_EPOCH), or null to keep the packages' times
 * @param withStatusD   write {@code /var/lib/dpkg/status.d/<pkg>} and {@code <pkg>.md5sums} into the layer
 * @param capture       files whose content the effects need, by installed path (relative)
 */
public record UnpackOptions(PathPolicy policy, boolean clearSetId, Long clampMtime, boolean withStatusD,
                            Predicate<String> capture) {
}
