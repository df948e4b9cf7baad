package dev.jeton.grant.devicecode;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.throttle.ClientAuthenticationGate;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.token.ScopePolicy;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.config.ResourceSettings;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.ArrayList;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The device authorization endpoint's core (RFC 8628 §3.1, §3.2). The client authenticates as
 * at the token endpoint (§3.1: "the client authentication requirements of Section 3.2.1 of
 * [RFC6749] apply"), so public clients send only client_id; it must be registered for the
 * device_code grant. The answer holds a fresh device code (256 bits) and user code; only their
 * hashes are stored.
 */
@ApplicationScoped
public class DeviceAuthorizationEndpoint {

    private static final Logger LOG = Logger.getLogger(DeviceAuthorizationEndpoint.class.getName());
    private static final String GRANT = GrantType.DEVICE_CODE.wireValue();
    /** Fresh user codes tried before giving up on a collision with a live one (20^8 codes: it never happens). */
    private static final int USER_CODE_ATTEMPTS = 5;

    enum Refusal { REPEATED_PARAMETER, GRANT_NOT_REGISTERED, INVALID_SCOPE, INVALID_TARGET, SERVER_FAULT }

    private final ClientAuthentication clientAuthentication;
    private final DeviceAuthorizationStore store;
    private final DeviceSettings device;
    private final JetonSettings settings;
    private final ScopePolicy scopes;
    private final ClientAuthenticationGate gate;
    private final ResourcePolicy resources;

    @Inject
    public DeviceAuthorizationEndpoint(ClientAuthentication clientAuthentication, DeviceAuthorizationStore store,
                                       DeviceSettings device, JetonSettings settings, ClientAuthenticationGate gate,
                                       ResourceSettings resourceSettings) {
        this.resources = new ResourcePolicy(resourceSettings);
        this.gate = gate;
        this.clientAuthentication = clientAuthentication;
        this.store = store;
        this.device = device;
        this.settings = settings;
        this.scopes = new ScopePolicy(settings);
    }

    /** Without a server-wide resource policy. */
    public DeviceAuthorizationEndpoint(ClientAuthentication clientAuthentication, DeviceAuthorizationStore store,
                                       DeviceSettings device, JetonSettings settings, ClientAuthenticationGate gate) {
        this(clientAuthentication, store, device, settings, gate, ResourceSettings.NONE);
    }

    /** Without throttling (unit tests). */
    public DeviceAuthorizationEndpoint(ClientAuthentication clientAuthentication, DeviceAuthorizationStore store,
                                       DeviceSettings device, JetonSettings settings) {
        this(clientAuthentication, store, device, settings, ClientAuthenticationGate.open());
    }

    /** For CDI's client proxy only. */
    protected DeviceAuthorizationEndpoint() {
        this.gate = null;
        this.clientAuthentication = null;
        this.store = null;
        this.device = null;
        this.settings = null;
        this.scopes = null;
        this.resources = null;
    }

    /**
     * Never throws: a fault of ours is logged and answered as server_error. Not transactional
     * itself: the caller runs it in one transaction with its audit events, and rolls that back
     * when the answer is a server_error.
     */
    public DeviceAuthorizationOutcome process(TokenRequest request) {
        try {
            return decide(request);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "device authorization request failed with an internal error", e);
            return serverFault(request);
        }
    }

    /** The answer to a request that failed for a reason of ours, or whose transaction could not commit. */
    public DeviceAuthorizationOutcome serverFault(TokenRequest request) {
        return denied(request, request.parameter("client_id").orElse(null), OAuthError.serverError(),
                Refusal.SERVER_FAULT.name());
    }

    private DeviceAuthorizationOutcome decide(TokenRequest request) {
        // RFC 8707 §2: resource may repeat; RFC 8628 §3.1 takes the authorization request's parameters
        Optional<String> repeated = request.parameters().firstRepeated(Set.of("resource"));
        if (repeated.isPresent()) {
            return denied(request, null, OAuthError.invalidRequest("The parameter '" + repeated.get()
                    + "' was sent more than once."), Refusal.REPEATED_PARAMETER.name());
        }
        // the same throttle as the token endpoint: 429 slow_down after too many failures
        ClientAuthenticationGate.Gated gated = gate.authenticate(clientAuthentication, new ClientAuthRequest(
                request.parameters(), request.authorizationHeader(), request.requestUri(), request.receivedAt(),
                request.certificate()),
                request.clientAddress());
        ClientAuthentication.Result auth = gated.result();
        if (auth instanceof ClientAuthentication.Result.Failed failed) {
            DeviceAuthorizationOutcome denied = denied(request, failed.claimedClientId(), failed.error(),
                    failed.reason().name());
            List<AuditEvent> events = new ArrayList<>(gated.events());
            events.addAll(denied.events());
            return new DeviceAuthorizationOutcome.Denied(failed.error(), events);
        }
        RegisteredClient client = ((ClientAuthentication.Result.Authenticated) auth).client();
        if (!client.allowsGrant(GRANT)) {
            return denied(request, client.clientId(), OAuthError.of(OAuthErrorCode.UNAUTHORIZED_CLIENT,
                    "The client is not registered for the device_code grant."), Refusal.GRANT_NOT_REGISTERED.name());
        }
        ScopePolicy.Decision scope = scopes.decide(request.parameter("scope"), client);
        if (scope instanceof ScopePolicy.Decision.Invalid invalid) {
            return denied(request, client.clientId(), invalid.error(), Refusal.INVALID_SCOPE.name());
        }
        String grantedScope = ((ScopePolicy.Decision.Granted) scope).scope();
        ResourcePolicy.Decision targets = resources.decide(request.parameters().all("resource"), client);
        if (targets instanceof ResourcePolicy.Decision.Invalid invalid) {
            return denied(request, client.clientId(), invalid.error(), Refusal.INVALID_TARGET.name() + ":"
                    + invalid.reason());
        }

        Instant now = request.receivedAt();
        String deviceCode = TokenIds.random(256);
        String userCode = freshUserCode(now);
        store.save(new DeviceAuthorization(TokenHashes.sha256(deviceCode), TokenHashes.sha256(userCode),
                client.clientId(), grantedScope, now, now.plus(device.codeTtl()), device.interval(), null,
                DeviceAuthorization.Status.PENDING, null, null, false,
                ((ResourcePolicy.Decision.Granted) targets).resources()));
        String verificationUri = settings.endpoint("/activate").toString();
        String shown = UserCodes.display(userCode);
        DeviceAuthorizationResponse response = new DeviceAuthorizationResponse(deviceCode, shown, verificationUri,
                verificationUri + "?user_code=" + URLEncoder.encode(shown, StandardCharsets.UTF_8),
                device.codeTtl().toSeconds(), device.interval().toSeconds());
        AuditEvent event = AuditEvent.success(AuditEventName.DEVICE_AUTHORIZATION_REQUESTED, now, client.clientId(),
                GRANT, null, null, request.clientAddress()).withResources(request.parameters().all("resource"));
        return new DeviceAuthorizationOutcome.Started(response, List.of(event));
    }

    private String freshUserCode(Instant now) {
        for (int i = 0; i < USER_CODE_ATTEMPTS; i++) {
            String code = UserCodes.generate();
            if (store.findByUserCode(TokenHashes.sha256(code), now).isEmpty()) {
                return code;
            }
        }
        throw new IllegalStateException("no free user code after " + USER_CODE_ATTEMPTS + " attempts");
    }

    private static DeviceAuthorizationOutcome denied(TokenRequest request, String clientId, OAuthError error,
                                                     String reason) {
        return new DeviceAuthorizationOutcome.Denied(error, List.of(AuditEvent.failure(
                AuditEventName.DEVICE_AUTHORIZATION_REFUSED, request.receivedAt(), clientId, GRANT,
                error.code().wireValue(), reason, request.clientAddress())
                .withResources(request.parameters().all("resource"))));
    }
}
