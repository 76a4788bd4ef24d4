package dev.distill.lock;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.spec.ImageSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Decides which lock a command builds from. With {@code --locked}, the existing lock file, refused when it is
 * missing, was made from a different spec, or lacks an architecture. Otherwise the resolution of the archive as it
 * is now, written to the lock file so the result can be reviewed and committed — the existing lock file itself when
 * the spec and every suite's InRelease are those it was made from, since resolving again would give it back.
 */
public final class LockRequirement {
    private LockRequirement() {
    }

    public static Lock obtain(ImageSpec spec, Path lockFile, boolean locked, Supplier<Locker> locker) {
        if (locked) {
            return existing(spec, lockFile);
        }
        Locker resolver = locker.get();
        Lock existing = readIfValid(lockFile);
        if (existing != null && resolver.isCurrent(spec, existing)) {
            return existing;
        }
        Lock lock = resolver.lock(spec);
        LockFile.write(lock, lockFile);
        return lock;
    }

    /** The lock file, or null when there is none or it cannot be read (it is then made again). */
    private static Lock readIfValid(Path lockFile) {
        if (!Files.isRegularFile(lockFile)) {
            return null;
        }
        try {
            return LockFile.read(lockFile);
        } catch (DistillException e) {
            return null;
        }
    }

    /** The lock file, checked against the spec. */
    public static Lock existing(ImageSpec spec, Path lockFile) {
        if (!Files.isRegularFile(lockFile)) {
            throw new DistillException(ExitCode.LOCK_MISMATCH, "--locked: no lock file " + lockFile
                    + "; run 'distill lock " + spec.source() + "' first");
        }
        Lock lock = LockFile.read(lockFile);
        if (!lock.specDigest().equals(spec.resolutionDigest())) {
            throw new DistillException(ExitCode.LOCK_MISMATCH, "--locked: " + spec.source() + " changed since "
                    + lockFile + " was made (its packages, excludes, distro or architectures differ); run 'distill lock "
                    + spec.source() + "' again");
        }
        for (String arch : spec.archs()) {
            if (lock.packages(arch).isEmpty()) {
                throw new DistillException(ExitCode.LOCK_MISMATCH, "--locked: " + lockFile + " has no packages for "
                        + arch);
            }
        }
        return lock;
    }
}
