package dev.jeton.jose;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jeton.config.SigningAlgorithm;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * A BCFKS or PKCS#12 keystore of signing keys, read and written through BouncyCastle. Each
 * private-key entry carries a self-signed certificate, as keystores require.
 */
public final class KeystoreFile {

    private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

    private final Path path;
    private final String type;
    private final char[] password;

    public KeystoreFile(Path path, String type, char[] password) {
        this.path = path;
        this.type = type;
        this.password = password.clone();
    }

    public Path path() {
        return path;
    }

    public boolean exists() {
        return Files.isRegularFile(path);
    }

    /** What one read of the file held: its SHA-256, so a reload can tell whether it changed, and its keys. */
    public record Snapshot(byte[] digest, List<SigningKey> keys) {
    }

    /** Changes to the keystore, applied by {@link #modify} under the file lock and saved in one replace. */
    public interface Editor {
        List<SigningKey> keys();

        /** Adds a fresh key; {@code activation} null makes it pending. Returns its id (alias without suffix). */
        String add(SigningAlgorithm algorithm, Instant created, Instant activation) throws GeneralSecurityException;

        void setActivation(String id, Instant activation) throws GeneralSecurityException;

        void remove(String id) throws GeneralSecurityException;
    }

    @FunctionalInterface
    public interface Edit<R> {
        R apply(Editor editor) throws GeneralSecurityException;
    }

    /** Every private-key entry whose key Jeton can sign with, in alias order. */
    public List<SigningKey> load() throws IOException, GeneralSecurityException {
        return read().keys();
    }

    /** The keys and the digest of the bytes they were read from. */
    public Snapshot read() throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(path);
        KeyStore store = parse(bytes);
        return new Snapshot(sha256(bytes), keysOf(store));
    }

    /** The SHA-256 of the file as it is now: cheap enough to compare on every reload tick. */
    public byte[] digest() throws IOException {
        return sha256(Files.readAllBytes(path));
    }

    private List<SigningKey> keysOf(KeyStore store) throws GeneralSecurityException {
        List<SigningKey> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (!store.isKeyEntry(alias)) {
                continue;
            }
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, password);
            Certificate certificate = store.getCertificate(alias);
            if (privateKey == null || !(certificate instanceof X509Certificate x509)) {
                continue;
            }
            toSigningKey(alias, privateKey, x509).ifPresent(keys::add);
        }
        keys.sort((a, b) -> a.alias().compareTo(b.alias()));
        return keys;
    }

    /** Creates the keystore with one key per algorithm Jeton signs with, each active from {@code now}. */
    public void createWithKeys(Instant now) throws IOException, GeneralSecurityException {
        create(now, List.of(SigningAlgorithm.values()));
    }

    /** Creates the keystore with one active key for each of {@code algorithms}; refuses to overwrite. */
    public void create(Instant now, List<SigningAlgorithm> algorithms) throws IOException, GeneralSecurityException {
        if (exists()) {
            throw new IOException("a keystore already exists at " + path);
        }
        KeyStore store = KeyStore.getInstance(type, BouncyCastle.PROVIDER);
        store.load(null, password);
        for (SigningAlgorithm algorithm : algorithms) {
            addKey(store, algorithm, now, now);
        }
        save(store);
    }

    /** Adds a fresh pending key for {@code algorithm} (published, not signing) and returns its id. */
    public String addKey(SigningAlgorithm algorithm, Instant now) throws IOException, GeneralSecurityException {
        return modify(editor -> editor.add(algorithm, now, null));
    }

    /**
     * Applies {@code edit} to the keystore as it is on disk, under an exclusive lock on
     * {@code <keystore>.lock}: two nodes (or a node and the operator tool) that share the file
     * never overwrite each other's change, and each sees the other's keys before deciding.
     */
    public <R> R modify(Edit<R> edit) throws IOException, GeneralSecurityException {
        synchronized (KeystoreFile.class) {
            Path lockFile = Path.of(path.toAbsolutePath() + ".lock");
            Files.createDirectories(lockFile.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                KeyStore store = open();
                StoreEditor editor = new StoreEditor(store);
                R result = edit.apply(editor);
                if (editor.changed) {
                    save(store);
                }
                return result;
            }
        }
    }

    private final class StoreEditor implements Editor {
        private final KeyStore store;
        private boolean changed;

        StoreEditor(KeyStore store) {
            this.store = store;
        }

        @Override
        public List<SigningKey> keys() {
            try {
                return keysOf(store);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String add(SigningAlgorithm algorithm, Instant created, Instant activation)
                throws GeneralSecurityException {
            changed = true;
            return addKey(store, algorithm, created, activation);
        }

        @Override
        public void setActivation(String id, Instant activation) throws GeneralSecurityException {
            SigningKey key = find(id);
            String from = key.entryAlias();
            String to = KeyAlias.format(id, activation);
            if (from.equals(to)) {
                return;
            }
            Certificate[] chain = store.getCertificateChain(from);
            store.deleteEntry(from);
            store.setKeyEntry(to, key.privateKey(), password, chain);
            changed = true;
        }

        @Override
        public void remove(String id) throws GeneralSecurityException {
            store.deleteEntry(find(id).entryAlias());
            changed = true;
        }

        private SigningKey find(String id) {
            return keys().stream().filter(k -> k.alias().equals(id) || k.kid().equals(id)).findFirst()
                    .orElseThrow(() -> new java.util.NoSuchElementException("no key '" + id + "' in " + path));
        }
    }

    private String addKey(KeyStore store, SigningAlgorithm algorithm, Instant created, Instant activation)
            throws GeneralSecurityException {
        KeyPair pair = generate(algorithm);
        String id = KeyAlias.newId(algorithm.name(), created, new SecureRandom().nextInt());
        X509Certificate certificate = selfSigned(pair, algorithm, id, created);
        store.setKeyEntry(KeyAlias.format(id, activation), pair.getPrivate(), password, new Certificate[]{certificate});
        return id;
    }

    private KeyStore parse(byte[] bytes) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type, BouncyCastle.PROVIDER);
        store.load(new ByteArrayInputStream(bytes), password);
        return store;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore open() throws IOException, GeneralSecurityException {
        return parse(Files.readAllBytes(path));
    }

    /** Writes to a temporary file and moves it into place, so a crash never leaves half a keystore. */
    private void save(KeyStore store) throws IOException, GeneralSecurityException {
        Path dir = path.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".keystore", ".tmp");
        try {
            restrictToOwner(temp);
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password);
            }
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system; the operator secures the directory
        }
    }

    private static KeyPair generate(SigningAlgorithm algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm.keyType());
        if (algorithm == SigningAlgorithm.ES256) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair pair, SigningAlgorithm algorithm, String alias, Instant now)
            throws GeneralSecurityException {
        X500Name name = new X500Name("CN=Jeton signing key " + alias);
        var builder = new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                Date.from(now), Date.from(now.plus(CERTIFICATE_VALIDITY)), name, pair.getPublic());
        String signature = algorithm == SigningAlgorithm.ES256 ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            var signer = new JcaContentSignerBuilder(signature).setProvider(BouncyCastle.PROVIDER)
                    .build(pair.getPrivate());
            return new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER)
                    .getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the key's certificate", e);
        }
    }

    private static Optional<SigningKey> toSigningKey(String alias, PrivateKey privateKey,
                                                               X509Certificate certificate) {
        try {
            Instant notBefore = certificate.getNotBefore().toInstant();
            KeyAlias parsed = KeyAlias.parse(alias, notBefore);
            String id = parsed.id();
            Instant activation = parsed.activation().orElse(null);
            if (certificate.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
                JWK jwk = new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyIDFromThumbprint().build();
                return Optional.of(new SigningKey(jwk.getKeyID(), id, SigningAlgorithm.RS256,
                        privateKey, jwk, notBefore, activation));
            }
            if (certificate.getPublicKey() instanceof ECPublicKey ec
                    && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                JWK jwk = new ECKey.Builder(Curve.P_256, ec).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint().build();
                return Optional.of(new SigningKey(jwk.getKeyID(), id, SigningAlgorithm.ES256,
                        privateKey, jwk, notBefore, activation));
            }
        } catch (JOSEException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
