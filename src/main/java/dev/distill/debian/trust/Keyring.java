package dev.distill.debian.trust;

import dev.distill.common.DistillException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/** OpenPGP public keys trusted to sign {@code InRelease} files. Immutable. */
public final class Keyring {
    private static final String BUNDLED = "debian-archive-keyring.gpg";

    /** Keyed by primary key fingerprint, so a key given twice is merged, not duplicated. */
    private final Map<String, PGPPublicKeyRing> keys;

    private Keyring(Map<String, PGPPublicKeyRing> keys) {
        this.keys = keys;
    }

    /** The Debian archive, security and release keys shipped in the jar. */
    public static Keyring bundled() {
        try (InputStream in = Keyring.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks " + BUNDLED);
            }
            return parse(in.readAllBytes(), "the bundled Debian archive keyring");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the bundled " + BUNDLED, e);
        }
    }

    /** Reads a binary or ASCII-armoured file of public keys, such as one given with {@code --keyring}. */
    public static Keyring load(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DistillException("keyring " + file + " does not exist");
        } catch (IOException e) {
            throw new DistillException("cannot read keyring " + file + ": " + e.getMessage(), e);
        }
        return parse(content, "keyring " + file);
    }

    /** The keys of both keyrings; a key in both is merged with its signatures from each (revocations included). */
    public Keyring with(Keyring other) {
        Map<String, PGPPublicKeyRing> union = new LinkedHashMap<>(keys);
        other.keys.forEach((fingerprint, ring) -> union.merge(fingerprint, ring, Keyring::join));
        return new Keyring(Collections.unmodifiableMap(union));
    }

    /** Every key or subkey, with the key ring it belongs to, that matches one of the signature's issuer IDs. */
    List<KeyInRing> matching(List<KeyIdentifier> issuers) {
        List<KeyInRing> found = new ArrayList<>();
        for (PGPPublicKeyRing ring : keys.values()) {
            for (PGPPublicKey key : ring) {
                if (issuers.stream().anyMatch(issuer -> issuer.matches(key.getKeyIdentifier()))) {
                    found.add(new KeyInRing(ring, key));
                }
            }
        }
        return found;
    }

    /** A key or subkey and the key ring (primary key, user IDs, signatures) that vouches for it. */
    record KeyInRing(PGPPublicKeyRing ring, PGPPublicKey key) {
        String fingerprint() {
            return fingerprint(key);
        }

        String userId() {
            var ids = ring.getPublicKey().getUserIDs();
            return ids.hasNext() ? ids.next() : "no user ID";
        }

        boolean isPrimary() {
            return key.isMasterKey();
        }

        static String fingerprint(PGPPublicKey key) {
            return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
        }
    }

    private static Keyring parse(byte[] content, String name) {
        try {
            if (PGPUtil.isKeyBox(content)) {
                throw new DistillException(name + " is a GnuPG keybox, not an OpenPGP keyring;"
                        + " export the keys with 'gpg --export KEY-ID > keyring.gpg' and give that file");
            }
        } catch (IOException e) {
            throw unreadable(name, e);
        }
        Map<String, PGPPublicKeyRing> keys = new LinkedHashMap<>();
        for (Object packet : readPackets(content, name)) {
            if (packet instanceof PGPPublicKeyRing ring) {
                keys.merge(KeyInRing.fingerprint(ring.getPublicKey()), ring, Keyring::join);
            } else if (packet instanceof PGPSecretKeyRing) {
                throw new DistillException(name + " holds a secret key; give a file with public keys only"
                        + " (gpg --export KEY-ID > keyring.gpg)");
            } else if (!(packet instanceof PGPMarker)) {
                throw new DistillException(name + " holds a " + packet.getClass().getSimpleName()
                        + " where only public keys belong");
            }
        }
        if (keys.isEmpty()) {
            throw new DistillException(name + " holds no public keys");
        }
        return new Keyring(Collections.unmodifiableMap(keys));
    }

    private static List<Object> readPackets(byte[] content, String name) {
        List<Object> packets = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(content))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            for (Object packet = factory.nextObject(); packet != null; packet = factory.nextObject()) {
                packets.add(packet);
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable(name, e);
        }
        return packets;
    }

    private static PGPPublicKeyRing join(PGPPublicKeyRing first, PGPPublicKeyRing second) {
        try {
            return PGPPublicKeyRing.join(first, second);
        } catch (PGPException e) {
            throw new DistillException("cannot merge two copies of key " + KeyInRing.fingerprint(first.getPublicKey())
                    + ": " + e.getMessage(), e);
        }
    }

    private static DistillException unreadable(String name, Exception e) {
        return new DistillException(name + " is not an OpenPGP keyring (" + e.getMessage() + ")", e);
    }
}
