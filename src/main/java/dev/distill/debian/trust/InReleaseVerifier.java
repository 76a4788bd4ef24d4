package dev.distill.debian.trust;

import dev.distill.common.DistillException;
import dev.distill.common.ExitCode;
import dev.distill.debian.trust.Keyring.KeyInRing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies a Debian {@code InRelease} file the way apt does: it is accepted when at least one signature is good and
 * made by a key in the keyring that was valid when it signed, and refused when any signature by a key in the
 * keyring is bad. Signatures by unknown keys are ignored. Only SHA-256 and stronger hashes count.
 */
public final class InReleaseVerifier {
    private static final Set<Integer> STRONG_HASHES = Set.of(HashAlgorithmTags.SHA256, HashAlgorithmTags.SHA384,
            HashAlgorithmTags.SHA512, HashAlgorithmTags.SHA3_256, HashAlgorithmTags.SHA3_512);

    private final Keyring keyring;
    private final BcPGPContentVerifierBuilderProvider verifiers = new BcPGPContentVerifierBuilderProvider();
    private final SigningKeyCheck keyCheck = new SigningKeyCheck(verifiers);

    public InReleaseVerifier(Keyring keyring) {
        this.keyring = keyring;
    }

    /**
     * Returns the signed text when the file's signatures are trusted.
     *
     * @param source where the file came from (a URL or path), named in every message
     * @throws DistillException with {@link ExitCode#CHECK_FAILED} when the file is not trusted
     */
    public VerifiedRelease verify(byte[] inRelease, String source) {
        ClearsignedMessage message = ClearsignedMessage.parse(inRelease, source);
        if (message.signatures().isEmpty()) {
            throw refused("InRelease from " + source + " carries no signature");
        }
        List<Outcome> outcomes = message.signatures().stream()
                .map(sig -> judge(sig, message.canonicalText()))
                .toList();
        for (Outcome outcome : outcomes) {
            if (outcome.kind() == Kind.BAD) {
                throw refused("InRelease from " + source + " has a bad signature by " + outcome.signer()
                        + ": the file was altered or damaged");
            }
        }
        for (Outcome outcome : outcomes) {
            if (outcome.kind() == Kind.GOOD) {
                KeyInRing key = outcome.key();
                PGPSignature sig = outcome.signature();
                return new VerifiedRelease(message.signedText(), key.fingerprint(), key.userId(),
                        sig.getCreationTime().toInstant(), hashName(sig.getHashAlgorithm()));
            }
        }
        List<String> unusable = outcomes.stream()
                .filter(outcome -> outcome.kind() == Kind.UNUSABLE)
                .map(outcome -> "the signature by " + outcome.signer() + " is not accepted: " + outcome.problem())
                .toList();
        if (!unusable.isEmpty()) {
            throw refused("InRelease from " + source + " has no acceptable signature; " + String.join("; ", unusable));
        }
        String unknown = outcomes.stream().map(Outcome::signer).distinct().collect(Collectors.joining(", "));
        throw refused("InRelease from " + source + " is not signed by a trusted key (signed by " + unknown
                + "; add its key with --keyring)");
    }

    private Outcome judge(PGPSignature sig, byte[] canonicalText) {
        List<KeyIdentifier> issuers = sig.getKeyIdentifiers();
        List<KeyInRing> candidates = keyring.matching(issuers);
        if (candidates.isEmpty()) {
            return new Outcome(Kind.UNKNOWN_KEY, sig, null, describe(issuers), null);
        }
        for (KeyInRing candidate : candidates) {
            if (verifies(sig, candidate, canonicalText)) {
                String signer = candidate.fingerprint() + " (" + candidate.userId() + ")";
                Optional<String> problem = hashProblem(sig)
                        .or(() -> keyCheck.problemAt(candidate, sig.getCreationTime().toInstant()));
                return new Outcome(problem.isPresent() ? Kind.UNUSABLE : Kind.GOOD, sig, candidate, signer,
                        problem.orElse(null));
            }
        }
        KeyInRing first = candidates.get(0);
        return new Outcome(Kind.BAD, sig, first, first.fingerprint() + " (" + first.userId() + ")", null);
    }

    private boolean verifies(PGPSignature sig, KeyInRing candidate, byte[] canonicalText) {
        try {
            sig.init(verifiers, candidate.key());
            sig.update(canonicalText);
            return sig.verify();
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }

    private static Optional<String> hashProblem(PGPSignature sig) {
        if (STRONG_HASHES.contains(sig.getHashAlgorithm())) {
            return Optional.empty();
        }
        return Optional.of("it uses the weak hash algorithm " + hashName(sig.getHashAlgorithm())
                + " (only SHA-256 or stronger is accepted)");
    }

    private static String hashName(int algorithm) {
        try {
            return PGPUtil.getDigestName(algorithm);
        } catch (PGPException e) {
            return "hash algorithm " + algorithm;
        }
    }

    /** The issuer as a fingerprint when the signature names one, otherwise as a 64-bit key ID. */
    private static String describe(List<KeyIdentifier> issuers) {
        List<String> names = new ArrayList<>();
        for (KeyIdentifier issuer : issuers) {
            if (issuer.getFingerprint() != null) {
                return HexFormat.of().withUpperCase().formatHex(issuer.getFingerprint());
            }
            names.add(String.format("%016X", issuer.getKeyId()));
        }
        return names.isEmpty() ? "an unnamed key" : names.get(0);
    }

    private static DistillException refused(String message) {
        return new DistillException(ExitCode.CHECK_FAILED, message);
    }

    private enum Kind { GOOD, BAD, UNUSABLE, UNKNOWN_KEY }

    /** What one signature amounts to; {@code signer} names the key for messages. */
    private record Outcome(Kind kind, PGPSignature signature, KeyInRing key, String signer, String problem) {
    }
}
