package dev.jeton.client.fetch;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.logging.Logger;

/**
 * The TLS trust for outbound fetches: the JDK's default trust anchors, plus the CA certificates of
 * the operator's PEM file when one is configured. The file is read when first needed and again
 * whenever its modification time or size changes, so a CA added (or a file that appears) after
 * start-up counts without a restart. Certificate checks are the JDK's own (PKIX path validation,
 * RFC 2818 / RFC 6125 host name checks); nothing here decides whether a certificate is good.
 */
public final class TrustFile {

    private static final Logger LOG = Logger.getLogger(TrustFile.class.getName());

    private record Loaded(FileTime modified, long size, SSLContext context) {
    }

    private final Path path;
    private volatile Loaded loaded;
    private volatile SSLContext jdkOnly;

    /** @param path the PEM file, or null for the JDK's trust only */
    public TrustFile(Path path) {
        this.path = path;
    }

    public SSLContext context() throws GeneralSecurityException {
        if (path == null) {
            return jdkContext();
        }
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(path);
            size = Files.size(path);
        } catch (IOException e) {
            return jdkContext(); // not there (yet): the JDK's trust only
        }
        Loaded current = loaded;
        if (current != null && current.modified().equals(modified) && current.size() == size) {
            return current.context();
        }
        synchronized (this) {
            current = loaded;
            if (current != null && current.modified().equals(modified) && current.size() == size) {
                return current.context();
            }
            try {
                SSLContext context = withOperatorCertificates(read(path));
                loaded = new Loaded(modified, size, context);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                LOG.warning("the trust file " + path + " could not be read (" + e.getMessage()
                        + "): only the JDK's trust anchors are used");
                return jdkContext();
            }
        }
    }

    private static Collection<? extends Certificate> read(Path path) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in it");
            }
            return certificates;
        }
    }

    private SSLContext jdkContext() throws GeneralSecurityException {
        SSLContext context = jdkOnly;
        if (context == null) {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            jdkOnly = context;
        }
        return context;
    }

    /** One trust store: the JDK's default anchors and the operator's certificates, for the JDK's own checks. */
    private static SSLContext withOperatorCertificates(Collection<? extends Certificate> extra)
            throws GeneralSecurityException, IOException {
        TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        defaults.init((KeyStore) null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        for (var manager : defaults.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                for (X509Certificate anchor : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jdk-" + n++, anchor);
                }
            }
        }
        for (Certificate certificate : extra) {
            store.setCertificateEntry("operator-" + n++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
