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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
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
import java.util.Locale;
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

    /** Every private-key entry whose key Jeton can sign with, in alias order. */
    public List<SigningKey> load() throws IOException, GeneralSecurityException {
        KeyStore store = open();
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

    /** Creates the keystore with one key per algorithm Jeton signs with. */
    public void createWithKeys(Instant now) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type, BouncyCastle.PROVIDER);
        store.load(null, password);
        for (SigningAlgorithm algorithm : SigningAlgorithm.values()) {
            addKey(store, algorithm, now);
        }
        save(store);
    }

    /** Adds a fresh key for {@code algorithm} and returns its alias. */
    public String addKey(SigningAlgorithm algorithm, Instant now) throws IOException, GeneralSecurityException {
        KeyStore store = open();
        String alias = addKey(store, algorithm, now);
        save(store);
        return alias;
    }

    private String addKey(KeyStore store, SigningAlgorithm algorithm, Instant now) throws GeneralSecurityException {
        KeyPair pair = generate(algorithm);
        String alias = algorithm.name().toLowerCase(Locale.ROOT) + "-" + now.getEpochSecond() + "-" + Long.toHexString(
                new SecureRandom().nextInt() & 0xffffL);
        X509Certificate certificate = selfSigned(pair, algorithm, alias, now);
        store.setKeyEntry(alias, pair.getPrivate(), password, new Certificate[]{certificate});
        return alias;
    }

    private KeyStore open() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type, BouncyCastle.PROVIDER);
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password);
        }
        return store;
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
            if (certificate.getPublicKey() instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
                JWK jwk = new RSAKey.Builder(rsa).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                        .keyIDFromThumbprint().build();
                return Optional.of(new SigningKey(jwk.getKeyID(), alias, SigningAlgorithm.RS256,
                        privateKey, jwk, notBefore));
            }
            if (certificate.getPublicKey() instanceof ECPublicKey ec
                    && Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
                JWK jwk = new ECKey.Builder(Curve.P_256, ec).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                        .keyIDFromThumbprint().build();
                return Optional.of(new SigningKey(jwk.getKeyID(), alias, SigningAlgorithm.ES256,
                        privateKey, jwk, notBefore));
            }
        } catch (JOSEException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
