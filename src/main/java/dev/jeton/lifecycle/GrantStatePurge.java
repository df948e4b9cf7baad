package dev.jeton.lifecycle;

import dev.jeton.config.JetonSettings;
import dev.jeton.grant.authorizationcode.AuthorizationCodeStore;
import dev.jeton.grant.devicecode.DeviceAuthorizationStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Deletes what can no longer matter. An expired access token fails verification by itself, so its
 * revocation record and family record can go at its expiry. Codes and refresh tokens are kept
 * {@link LifecycleSettings#purgeRetention()} longer: while a spent one is still on file, presenting
 * it again is recognised as reuse and revokes its family (RFC 9700 §4.14.2); once it is gone, it is
 * merely unknown (invalid_grant without a revocation). A spent refresh token's sealed rotation
 * response (the opt-in reuse grace window) is forgotten as soon as the window is over. Device authorizations (RFC 8628) are kept as
 * long past their expiry, so that a device polling late still hears expired_token.
 */
@ApplicationScoped
public class GrantStatePurge {

    /** How many rows of each kind one run deleted. */
    public record Report(int revocations, int accessTokenRecords, int sealedResponses, int refreshTokens, int codes,
                         int families, int deviceAuthorizations) {

        public int total() {
            return revocations + accessTokenRecords + sealedResponses + refreshTokens + codes + families
                    + deviceAuthorizations;
        }
    }

    private RevocationStore revocations;
    private ExpiredGrantState grants;
    private AuthorizationCodeStore codes;
    private DeviceAuthorizationStore devices;
    private LifecycleSettings settings;
    private Duration reuseGrace;

    @Inject
    public GrantStatePurge(RevocationStore revocations, ExpiredGrantState grants, AuthorizationCodeStore codes,
                           DeviceAuthorizationStore devices, LifecycleSettings settings, JetonSettings jeton) {
        this.devices = Objects.requireNonNull(devices);
        this.revocations = Objects.requireNonNull(revocations);
        this.grants = Objects.requireNonNull(grants);
        this.codes = Objects.requireNonNull(codes);
        this.settings = Objects.requireNonNull(settings);
        this.reuseGrace = jeton.refreshTokenReuseGrace();
    }

    /** For CDI's client proxy only. */
    protected GrantStatePurge() {
    }

    public Report run(Instant now) {
        Instant retained = now.minus(settings.purgeRetention());
        int revoked = revocations.purgeExpired(now);
        int accessRecords = grants.purgeAccessTokenRecords(now);
        int sealed = grants.dropSealedResponses(now.minus(reuseGrace));
        int refresh = grants.purgeRefreshTokens(retained);
        int spentCodes = codes.purgeExpired(retained);
        int families = grants.purgeFamilies(retained);
        int deviceAuthorizations = devices.purgeExpired(retained);
        return new Report(revoked, accessRecords, sealed, refresh, spentCodes, families, deviceAuthorizations);
    }
}
