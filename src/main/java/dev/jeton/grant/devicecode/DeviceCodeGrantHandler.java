package dev.jeton.grant.devicecode;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.RegisteredClient;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.grant.issuance.TokenIssuance;
import dev.jeton.token.GrantHandler;
import dev.jeton.token.GrantResult;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The device access token request (RFC 8628 §3.4, §3.5). While the user has not decided, the
 * device hears {@code authorization_pending}; polling faster than the interval it was told
 * gives {@code slow_down}, and the interval it must keep grows by 5 seconds and is stored, so
 * the next too-early poll is measured against the new one. A denial is {@code access_denied},
 * an expired code {@code expired_token}. An approved code yields tokens once, issued like the
 * code flow's (access token, ID token with openid, refresh token where allowed, one family):
 * the response is built first, then the code is spent by one conditional update.
 */
@ApplicationScoped
public class DeviceCodeGrantHandler implements GrantHandler {

    /** RFC 8628 §3.5: "the interval MUST be increased by 5 seconds for this and all subsequent requests". */
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    private static final String GRANT = GrantType.DEVICE_CODE.wireValue();

    enum Refusal { MISSING_DEVICE_CODE, UNKNOWN_DEVICE_CODE, CLIENT_MISMATCH, ALREADY_USED, EXPIRED, DENIED, PENDING,
        SLOW_DOWN }

    @Inject
    DeviceAuthorizationStore devices;
    @Inject
    TokenIssuance issuance;

    @Override
    public GrantType grantType() {
        return GrantType.DEVICE_CODE;
    }

    @Override
    public GrantResult handle(TokenRequest request, RegisteredClient client) {
        Instant now = request.receivedAt();
        Optional<String> deviceCode = request.parameter("device_code");
        if (deviceCode.isEmpty()) {
            return GrantResult.Refused.of(OAuthError.invalidRequest("device_code is required."),
                    Refusal.MISSING_DEVICE_CODE);
        }
        String hash = TokenHashes.sha256(deviceCode.get());
        Optional<DeviceAuthorization> found = devices.findByDeviceCode(hash);
        if (found.isEmpty()) {
            return invalidGrant(Refusal.UNKNOWN_DEVICE_CODE);
        }
        DeviceAuthorization device = found.get();
        if (!device.clientId().equals(client.clientId())) {
            // RFC 8628 §3.4 refers to RFC 6749 §3.2.1: the code belongs to the client it was issued to
            return invalidGrant(Refusal.CLIENT_MISMATCH);
        }
        if (device.consumed()) {
            return invalidGrant(Refusal.ALREADY_USED);
        }
        if (device.expiredAt(now)) {
            return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.EXPIRED_TOKEN,
                    "The device code has expired; start again."), Refusal.EXPIRED);
        }
        if (device.status() == DeviceAuthorization.Status.DENIED) {
            return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.ACCESS_DENIED,
                    "The user denied the request."), Refusal.DENIED);
        }
        if (device.status() == DeviceAuthorization.Status.PENDING) {
            return pending(device, now);
        }
        // RFC 8707 §2.2: the device's resources, or some of them; checked before the code is spent
        ResourcePolicy.Decision targets = issuance.resources().decideWithin(request.parameters().all("resource"),
                client, device.resources());
        if (targets instanceof ResourcePolicy.Decision.Invalid invalid) {
            return GrantResult.Refused.of(invalid.error(), invalid.reason());
        }
        return issue(device, hash, client, request, ((ResourcePolicy.Decision.Granted) targets).resources());
    }

    private GrantResult pending(DeviceAuthorization device, Instant now) {
        boolean tooEarly = device.lastPolledAt() != null && now.isBefore(device.lastPolledAt().plus(device.interval()));
        if (tooEarly) {
            Duration slower = device.interval().plus(SLOW_DOWN_STEP);
            devices.recordPoll(device.deviceCodeHash(), now, slower);
            return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.SLOW_DOWN, "Polling too fast; wait "
                    + slower.toSeconds() + " seconds between requests."), Refusal.SLOW_DOWN);
        }
        devices.recordPoll(device.deviceCodeHash(), now, device.interval());
        return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.AUTHORIZATION_PENDING,
                "The user has not yet approved the request."), Refusal.PENDING);
    }

    private GrantResult issue(DeviceAuthorization device, String hash, RegisteredClient client, TokenRequest request,
                              List<String> audience) {
        Instant now = request.receivedAt();
        TokenIssuance.Minted minted = issuance.userGrant(client, device.subject(), device.scope())
                .authenticatedAt(device.authTime())
                .dpopKey(request.dpopKey().orElse(null))
                .certificate(request.certificateBound().orElse(null))
                .resources(device.resources(), audience)
                .mint(now);
        if (!devices.consume(hash, now)) {
            // a concurrent poll won: the device code yields tokens once
            return invalidGrant(Refusal.ALREADY_USED);
        }
        AuditEvent event = AuditEvent.success(AuditEventName.DEVICE_TOKENS_ISSUED, now, client.clientId(), GRANT,
                device.subject(), minted.accessJwtId(), request.clientAddress());
        return minted.record(List.of(event));
    }

    private static GrantResult invalidGrant(Refusal reason) {
        return GrantResult.Refused.of(OAuthError.of(OAuthErrorCode.INVALID_GRANT,
                "The device code is invalid or already used."), reason);
    }
}
