package dev.jeton.token;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.client.ClientSigningAlgorithms;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.dpop.DpopFailure;
import dev.jeton.dpop.DpopVerifier;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.throttle.ClientAuthenticationGate;
import dev.jeton.vocabulary.GrantType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The token endpoint's core (RFC 6749 §3.2): from a plain {@link TokenRequest} to a
 * {@link TokenOutcome}. It never sees HTTP and never fires an event; it returns the events as
 * data, one {@code token_issued} or {@code token_denied} per request plus what the grant adds.
 */
@ApplicationScoped
public class TokenEndpoint {

    private static final Logger LOG = Logger.getLogger(TokenEndpoint.class.getName());
    private static final String GRANT_TYPE = "grant_type";

    /** Why a request was refused before a grant handler saw it; audit only. */
    enum Refusal { REPEATED_PARAMETER, MISSING_GRANT_TYPE, UNSUPPORTED_GRANT_TYPE, GRANT_NOT_REGISTERED,
        CONFIDENTIAL_CLIENT_REQUIRED, SERVER_FAULT, CERTIFICATE_REQUIRED }

    private final ClientAuthentication clientAuthentication;
    private final GrantHandlers grants;
    private final DpopVerifier dpop;
    private final URI publishedBase;
    private final ClientAuthenticationGate gate;

    /** Unit tests pass {@link ClientAuthenticationGate#open()} when they are not about throttling. */
    @Inject
    public TokenEndpoint(ClientAuthentication clientAuthentication, GrantHandlers grants, DpopVerifier dpop,
                         JetonSettings settings, ClientAuthenticationGate gate) {
        this.clientAuthentication = Objects.requireNonNull(clientAuthentication);
        this.grants = Objects.requireNonNull(grants);
        this.dpop = Objects.requireNonNull(dpop);
        this.publishedBase = Objects.requireNonNull(settings.issuer());
        this.gate = Objects.requireNonNull(gate);
    }

    /** For CDI's client proxy only. */
    protected TokenEndpoint() {
        this.clientAuthentication = null;
        this.grants = null;
        this.dpop = null;
        this.publishedBase = null;
        this.gate = null;
    }

    /**
     * Never throws: a fault of our own (a database that is down, a signer that fails) is logged
     * and answered as server_error, with a token_denied event; any transaction it was in has
     * already rolled back.
     */
    public TokenOutcome process(TokenRequest request) {
        try {
            return decide(request);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "token request failed with an internal error", e);
            return serverFault(request);
        }
    }

    /**
     * The answer to a request that failed for a reason of ours: a plain server_error and a
     * token_denied event. Also used by the caller when the transaction around {@link #process}
     * cannot commit, so that a response built in it is never sent.
     */
    public TokenOutcome serverFault(TokenRequest request) {
        return denied(request, request.parameter("client_id").orElse(null), OAuthError.serverError(),
                Refusal.SERVER_FAULT);
    }

    private TokenOutcome decide(TokenRequest request) {
        String grantTypeValue = request.parameter(GRANT_TYPE).orElse(null);
        Optional<GrantType> grantType = Optional.ofNullable(grantTypeValue).flatMap(GrantType::fromWire)
                .filter(g -> grants.forType(g).isPresent());

        Set<String> mayRepeat = grantType.map(GrantType::repeatableParameters).orElse(Set.of());
        Optional<String> repeated = request.parameters().firstRepeated(mayRepeat);
        if (repeated.isPresent()) {
            return denied(request, null, OAuthError.invalidRequest("The parameter '" + repeated.get()
                    + "' was sent more than once."), Refusal.REPEATED_PARAMETER);
        }
        if (grantTypeValue == null) {
            return denied(request, null, OAuthError.invalidRequest("grant_type is required."),
                    Refusal.MISSING_GRANT_TYPE);
        }
        if (grantType.isEmpty()) {
            return denied(request, null, OAuthError.of(OAuthErrorCode.UNSUPPORTED_GRANT_TYPE,
                    "The grant type is not supported."), Refusal.UNSUPPORTED_GRANT_TYPE);
        }

        ClientAuthRequest authRequest = new ClientAuthRequest(request.parameters(), request.authorizationHeader(),
                request.requestUri(), request.receivedAt(), request.certificate());
        // RFC 9449 §4.3 before client authentication: a nonce challenge must not spend a client assertion
        if (!request.dpopProofs().isEmpty()) {
            // only a DPoP request needs the client before it authenticates (its nonce policy)
            Optional<RegisteredClient> claimed = clientAuthentication.claimedClient(authRequest);
            DpopVerifier.Result proof = dpop.verify(new DpopVerifier.Request(request.dpopProofs(),
                    request.httpMethod(), dpopTargets(request), request.receivedAt(),
                    dpop.settings().nonceRequired() || claimed.map(c -> c.security().dpopNonceRequired()).orElse(false),
                    null, ClientSigningAlgorithms.forProofsOf(claimed)));
            if (proof instanceof DpopVerifier.Result.Refused refused) {
                return denied(request, claimed.map(RegisteredClient::clientId).orElse(null), refused.error(),
                        refused.failure());
            }
            request = request.withDpopKey(((DpopVerifier.Result.Verified) proof).thumbprint());
        }

        // the throttle (RFC 6819 §5.1.4.2.3) around client authentication: 429 slow_down when over the limit
        ClientAuthenticationGate.Gated gated = gate.authenticate(clientAuthentication, authRequest,
                request.clientAddress());
        ClientAuthentication.Result auth = gated.result();
        if (auth instanceof ClientAuthentication.Result.Failed failed) {
            List<AuditEvent> events = new ArrayList<>(gated.events());
            events.add(denialEvent(request, failed.claimedClientId(), failed.error(), failed.reason().name()));
            return new TokenOutcome.Denied(failed.error(), events);
        }
        RegisteredClient client = ((ClientAuthentication.Result.Authenticated) auth).client();
        Optional<TokenRequest> bound = senderConstraint(request, client);
        if (bound.isEmpty()) {
            return senderConstraintMissing(request, client);
        }
        request = bound.get();

        // RFC 6749 §5.2 unauthorized_client: "not authorized to use this authorization grant type"
        if (!client.allowsGrant(grantType.get().wireValue())) {
            return denied(request, client.clientId(), OAuthError.of(OAuthErrorCode.UNAUTHORIZED_CLIENT,
                    "The client is not registered for this grant type."), Refusal.GRANT_NOT_REGISTERED);
        }
        if (grantType.get().confidentialClientRequired() && !client.confidential()) {
            return denied(request, client.clientId(), OAuthError.of(OAuthErrorCode.UNAUTHORIZED_CLIENT,
                    "This grant type is only for confidential clients."), Refusal.CONFIDENTIAL_CLIENT_REQUIRED);
        }

        GrantResult result = grants.forType(grantType.get()).orElseThrow().handle(request, client);
        if (result instanceof GrantResult.Granted granted) {
            return issued(request, client, granted);
        }
        GrantResult.Refused refused = (GrantResult.Refused) result;
        List<AuditEvent> events = new ArrayList<>(refused.events());
        events.add(denialEvent(request, client.clientId(), refused.error(), refused.reason()));
        return new TokenOutcome.Denied(refused.error(), events);
    }

    /**
     * The request with the constraint its tokens get, or empty when the client needs one the request
     * does not offer. RFC 9449 §5.2: a client registered with {@code dpop_bound_access_tokens} gets no token
     * without a DPoP proof. RFC 8705 §3: one registered with {@code tls_client_certificate_bound_access_tokens}
     * gets its access tokens bound to the request's client certificate, and none without one. FAPI 2.0
     * Security Profile §5.3.2.1: a FAPI client's tokens are sender-constrained by either: a DPoP proof,
     * else the certificate.
     */
    private static Optional<TokenRequest> senderConstraint(TokenRequest request, RegisteredClient client) {
        boolean dpop = request.dpopKey().isPresent();
        boolean certificate = request.clientCertificate().isPresent();
        if (client.security().dpopBoundAccessTokens() && !dpop) {
            return Optional.empty();
        }
        if (client.certificateBoundAccessTokens()) {
            return certificate ? Optional.of(request.withCertificateBinding()) : Optional.empty();
        }
        if (client.senderConstrained() && !dpop) {
            return certificate ? Optional.of(request.withCertificateBinding()) : Optional.empty();
        }
        return Optional.of(request);
    }

    private static TokenOutcome senderConstraintMissing(TokenRequest request, RegisteredClient client) {
        if (client.certificateBoundAccessTokens() && request.clientCertificate().isEmpty()
                && !(client.security().dpopBoundAccessTokens() && request.dpopKey().isEmpty())) {
            return denied(request, client.clientId(), OAuthError.invalidRequest("The client's access tokens are bound "
                    + "to its TLS client certificate (RFC 8705 section 3): send the request over mutual TLS."),
                    Refusal.CERTIFICATE_REQUIRED);
        }
        OAuthError error = OAuthError.of(OAuthErrorCode.INVALID_DPOP_PROOF, client.security().dpopBoundAccessTokens()
                ? DpopFailure.PROOF_REQUIRED.description()
                : "A DPoP proof or a TLS client certificate is required: this client's tokens are sender-constrained.");
        return denied(request, client.clientId(), error, DpopFailure.PROOF_REQUIRED);
    }

    /** The URL the request reached, and the same path under the published issuer (behind a proxy they differ). */
    private List<URI> dpopTargets(TokenRequest request) {
        List<URI> targets = new ArrayList<>();
        if (request.requestUri() != null) {
            targets.add(request.requestUri());
            String base = publishedBase.toString().replaceAll("/+$", "");
            targets.add(URI.create(base + request.requestUri().getRawPath()));
        }
        return targets;
    }

    private static TokenOutcome issued(TokenRequest request, RegisteredClient client, GrantResult.Granted granted) {
        List<AuditEvent> events = new ArrayList<>(granted.events());
        events.add(AuditEvent.success(AuditEventName.TOKEN_ISSUED, request.receivedAt(), client.clientId(),
                request.parameter(GRANT_TYPE).orElse(null), granted.subject(), granted.tokenId(),
                request.clientAddress()).withResources(request.parameters().all("resource")));
        return new TokenOutcome.Issued(granted.response(), events);
    }

    private static TokenOutcome denied(TokenRequest request, String clientId, OAuthError error, Enum<?> reason) {
        return new TokenOutcome.Denied(error, List.of(denialEvent(request, clientId, error, reason.name())));
    }

    private static AuditEvent denialEvent(TokenRequest request, String clientId, OAuthError error, String reason) {
        return AuditEvent.failure(AuditEventName.TOKEN_DENIED, request.receivedAt(), clientId,
                request.parameters().get(GRANT_TYPE).orElse(null), error.code().wireValue(), reason,
                request.clientAddress()).withResources(request.parameters().all("resource"));
    }
}
