package dev.distill.debian.trust;

import dev.distill.debian.trust.Keyring.KeyInRing;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.SignatureSubpacketTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.PGPContentVerifierBuilderProvider;

/**
 * Decides whether a key could make a signature at a given time: created before it, not expired then, never
 * revoked, allowed to sign, and — for a subkey — bound to its primary key by a binding signature that carries the
 * subkey's own back-signature. Only self-signatures count; certifications by other keys are ignored.
 *
 * <p>As in GnuPG, the primary key's expiry and flags come from its newest valid user ID self-signature (direct-key
 * signatures on Debian's keys carry notations, not expiry); any valid revocation disqualifies the key for good.
 */
final class SigningKeyCheck {
    private final PGPContentVerifierBuilderProvider verifiers;

    SigningKeyCheck(PGPContentVerifierBuilderProvider verifiers) {
        this.verifiers = verifiers;
    }

    /** Why the key could not make a signature at {@code signedAt}, or empty when it could. */
    Optional<String> problemAt(KeyInRing signer, Instant signedAt) {
        PGPPublicKey primary = signer.ring().getPublicKey();
        Optional<PGPSignature> revocation = newestValid(primary, PGPSignature.KEY_REVOCATION, primary,
                sig -> sig.verifyCertification(primary));
        if (revocation.isPresent()) {
            return Optional.of("key " + KeyInRing.fingerprint(primary) + " was revoked" + reason(revocation.get()));
        }
        Optional<PGPSignature> selfSignature = newestUserIdSelfSignature(primary);
        if (selfSignature.isEmpty()) {
            return Optional.of("key " + KeyInRing.fingerprint(primary) + " has no valid self-signature");
        }
        Optional<String> primaryProblem = lifetimeProblem(primary, selfSignature.get(), signedAt);
        if (primaryProblem.isPresent() || signer.isPrimary()) {
            return primaryProblem.or(() -> signingFlagProblem(primary, selfSignature.get()));
        }
        PGPPublicKey subkey = signer.key();
        Optional<PGPSignature> subkeyRevocation = newestValid(subkey, PGPSignature.SUBKEY_REVOCATION, primary,
                sig -> sig.verifyCertification(primary, subkey));
        if (subkeyRevocation.isPresent()) {
            return Optional.of("subkey " + KeyInRing.fingerprint(subkey) + " was revoked"
                    + reason(subkeyRevocation.get()));
        }
        Optional<PGPSignature> binding = newestValid(subkey, PGPSignature.SUBKEY_BINDING, primary,
                sig -> sig.verifyCertification(primary, subkey));
        if (binding.isEmpty()) {
            return Optional.of("subkey " + KeyInRing.fingerprint(subkey) + " is not bound to its primary key");
        }
        return signingFlagProblem(subkey, binding.get())
                .or(() -> backSignatureProblem(primary, subkey, binding.get()))
                .or(() -> lifetimeProblem(subkey, binding.get(), signedAt));
    }

    private Optional<PGPSignature> newestUserIdSelfSignature(PGPPublicKey primary) {
        List<PGPSignature> valid = new ArrayList<>();
        for (Iterator<byte[]> ids = primary.getRawUserIDs(); ids.hasNext(); ) {
            byte[] id = ids.next();
            for (Iterator<PGPSignature> sigs = primary.getSignaturesForID(id); sigs.hasNext(); ) {
                PGPSignature sig = sigs.next();
                if (sig.isCertification() && issuedBy(sig, primary)
                        && verifies(sig, primary, s -> s.verifyCertification(id, primary))) {
                    valid.add(sig);
                }
            }
        }
        return valid.stream().max(Comparator.comparing(PGPSignature::getCreationTime));
    }

    /** The newest signature of {@code type} on {@code key} that the primary key made and that verifies. */
    private Optional<PGPSignature> newestValid(PGPPublicKey key, int type, PGPPublicKey primary, Check check) {
        List<PGPSignature> valid = new ArrayList<>();
        for (Iterator<PGPSignature> sigs = key.getSignaturesOfType(type); sigs.hasNext(); ) {
            PGPSignature sig = sigs.next();
            if (issuedBy(sig, primary) && verifies(sig, primary, check)) {
                valid.add(sig);
            }
        }
        return valid.stream().max(Comparator.comparing(PGPSignature::getCreationTime));
    }

    private boolean verifies(PGPSignature sig, PGPPublicKey signer, Check check) {
        try {
            sig.init(verifiers, signer);
            return check.verify(sig);
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }

    /** The subkey's own signature over the binding; Debian's keys carry it in the unhashed area, so both count. */
    private Optional<String> backSignatureProblem(PGPPublicKey primary, PGPPublicKey subkey, PGPSignature binding) {
        for (PGPSignatureSubpacketVector area : List.of(binding.getHashedSubPackets(), binding.getUnhashedSubPackets())) {
            try {
                for (PGPSignature backSignature : area.getEmbeddedSignatures()) {
                    if (backSignature.getSignatureType() == PGPSignature.PRIMARYKEY_BINDING
                            && verifies(backSignature, subkey, s -> s.verifyCertification(primary, subkey))) {
                        return Optional.empty();
                    }
                }
            } catch (PGPException e) {
                // an unreadable embedded signature is the same as a missing one
            }
        }
        return Optional.of("signing subkey " + KeyInRing.fingerprint(subkey)
                + " has no valid back-signature to its primary key");
    }

    private static Optional<String> signingFlagProblem(PGPPublicKey key, PGPSignature selfSignature) {
        var subpackets = selfSignature.getHashedSubPackets();
        boolean flagged = subpackets != null && subpackets.hasSubpacket(SignatureSubpacketTags.KEY_FLAGS);
        if (flagged && (subpackets.getKeyFlags() & KeyFlags.SIGN_DATA) == 0) {
            return Optional.of("key " + KeyInRing.fingerprint(key) + " is not allowed to sign data");
        }
        return Optional.empty();
    }

    private static Optional<String> lifetimeProblem(PGPPublicKey key, PGPSignature selfSignature, Instant signedAt) {
        Instant created = key.getCreationTime().toInstant();
        if (signedAt.isBefore(created)) {
            return Optional.of("key " + KeyInRing.fingerprint(key) + " was created on " + created
                    + ", after the signature date " + signedAt);
        }
        long validSeconds = selfSignature.getHashedSubPackets() == null
                ? 0 : selfSignature.getHashedSubPackets().getKeyExpirationTime();
        Instant expires = created.plusSeconds(validSeconds);
        if (validSeconds > 0 && !signedAt.isBefore(expires)) {
            return Optional.of("key " + KeyInRing.fingerprint(key) + " expired on " + expires
                    + ", before the signature date " + signedAt);
        }
        return Optional.empty();
    }

    private static boolean issuedBy(PGPSignature sig, PGPPublicKey key) {
        return sig.getKeyIdentifiers().stream().anyMatch(id -> id.matches(key.getKeyIdentifier()));
    }

    private static String reason(PGPSignature revocation) {
        RevocationReason reason = revocation.getHashedSubPackets() == null
                ? null : revocation.getHashedSubPackets().getRevocationReason();
        if (reason == null || reason.getRevocationDescription().isBlank()) {
            return " on " + revocation.getCreationTime().toInstant();
        }
        return " on " + revocation.getCreationTime().toInstant() + " (" + reason.getRevocationDescription() + ")";
    }

    @FunctionalInterface
    private interface Check {
        boolean verify(PGPSignature sig) throws PGPException;
    }
}
