package dev.jeton.mtls;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of a presented certificate that do not depend on the client: in its validity period
 * (RFC 5280 §4.1.2.5), and, for {@code tls_client_auth} (RFC 8705 §2.1), chaining to one of the
 * operator's trusted CAs (RFC 5280 §6). Revocation is not checked: the trusted CA bundle is the
 * operator's to keep short-lived.
 */
public final class CertificateChains {

    /** The outcome of a check. */
    public enum Check { OK, NOT_YET_VALID, EXPIRED, NO_TRUSTED_CA, UNTRUSTED }

    private CertificateChains() {
    }

    /** Whether every certificate the client sent is within its validity period at {@code now}. */
    public static Check inValidity(ClientCertificate certificate, Instant now) {
        for (X509Certificate c : certificate.chain()) {
            try {
                c.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                return Check.EXPIRED;
            } catch (CertificateNotYetValidException e) {
                return Check.NOT_YET_VALID;
            }
        }
        return Check.OK;
    }

    /** RFC 5280 §6.1: a path from the leaf, through what the client sent, to one of {@code trusted}, valid at {@code now}. */
    public static Check chainsTo(ClientCertificate certificate, List<X509Certificate> trusted, Instant now) {
        Check validity = inValidity(certificate, now);
        if (validity != Check.OK) {
            return validity;
        }
        if (trusted.isEmpty()) {
            return Check.NO_TRUSTED_CA;
        }
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate ca : trusted) {
            anchors.add(new TrustAnchor(ca, null));
        }
        // the path ends below the anchor: leave out a root the client sent along
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : certificate.chain()) {
            if (!trusted.contains(c)) {
                path.add(c);
            }
        }
        if (path.isEmpty()) {
            // the client presented a trusted CA certificate itself: never a client's certificate
            return Check.UNTRUSTED;
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return Check.OK;
        } catch (CertPathValidatorException e) {
            return Check.UNTRUSTED;
        } catch (CertificateException | NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("PKIX validation is not available", e);
        }
    }
}
