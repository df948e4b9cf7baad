package dev.jeton.authorize;

import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientAuthRequest;
import dev.jeton.client.ClientAuthentication;
import dev.jeton.throttle.ClientAuthenticationGate;
import dev.jeton.client.ClientKeys;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.fetch.OutboundFetcher;
import dev.jeton.config.JetonSettings;
import dev.jeton.dpop.DpopVerifier;
import dev.jeton.error.OAuthError;
import dev.jeton.error.OAuthErrorCode;
import dev.jeton.replay.ReplayStore;
import dev.jeton.request.FormParameters;
import dev.jeton.token.ScopePolicy;
import dev.jeton.token.ResourcePolicy;
import dev.jeton.config.ResourceSettings;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pushed authorization requests (RFC 9126) and request objects (RFC 9101) around the authorization
 * endpoint. {@link #push} is the PAR endpoint's core: the client authenticates exactly as at the
 * token endpoint, the request is validated as the authorization endpoint would validate it, and
 * stored under a short-lived request_uri, which is spent when the authorization it starts completes. {@link #resolve} gives the authorization
 * endpoint the parameters to validate: those pushed, those inside a request object (which win,
 * RFC 9101 §6.3), or those sent - unless the server or the client requires PAR.
 */
@ApplicationScoped
public class PushedAuthorizations {

    /** RFC 9126 §2.2. */
    public static final String REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
    /** Client authentication parameters are not authorization request parameters. */
    private static final List<String> AUTH_PARAMETERS = List.of("client_secret", "client_assertion",
            "client_assertion_type", "request", "request_uri");

    /** Why a request was refused; the audit reason. */
    public enum Refusal { REPEATED_PARAMETER, REQUEST_URI_PUSHED, REQUEST_OBJECT_INVALID, CLIENT_ID_MISMATCH,
        INVALID_AUTHORIZATION_REQUEST, REQUEST_URI_INVALID, PAR_REQUIRED, CLIENT_ID_MISSING, UNKNOWN_CLIENT,
        DPOP_PROOF_INVALID, DPOP_JKT_MISMATCH, SERVER_FAULT,
        /* OIDC Core §6.2: request_uri by reference */
        REQUEST_AND_REQUEST_URI, REQUEST_URI_NOT_REGISTERED, REQUEST_URI_FETCH_FAILED }

    /** What the PAR endpoint answers. */
    public sealed interface PushOutcome {
        List<AuditEvent> events();

        record Created(String requestUri, long expiresIn, List<AuditEvent> events) implements PushOutcome {
        }

        record Denied(OAuthError error, List<AuditEvent> events) implements PushOutcome {
        }
    }

    /** The parameters the authorization endpoint validates, or an error page with its audit reason. */
    public sealed interface Resolution {
        /** @param pushedRequest the hash of the request_uri the parameters were pushed under, or null */
        record Resolved(FormParameters parameters, String pushedRequest) implements Resolution {
            public Resolved(FormParameters parameters) {
                this(parameters, null);
            }

            /** The validated request, marked with where it was pushed (so that completing it spends that). */
            public AuthorizationRequest request(AuthorizationRequest validated) {
                return pushedRequest == null ? validated : validated.pushedAs(pushedRequest);
            }
        }

        /**
         * @param redirectCode the error the client may be told by redirect when the request's own client_id and
         *                     redirect_uri check out: invalid_request_object for a request object that failed
         *                     verification (OIDC Core §6.3), invalid_request_uri for a request_uri that could not be
         *                     used (OIDC Core §3.1.2.6); null when only the error page may tell
         */
        record Refused(String message, String reason, String clientId, AuthorizationErrorCode redirectCode)
                implements Resolution {
            public Refused(String message, String reason, String clientId) {
                this(message, reason, clientId, (AuthorizationErrorCode) null);
            }

            public Refused(String message, String reason, String clientId, boolean requestObjectInvalid) {
                this(message, reason, clientId, requestObjectInvalid ? AuthorizationErrorCode.INVALID_REQUEST_OBJECT
                        : null);
            }

            /** A request object failed verification (invalid_request_object may be redirected). */
            public boolean requestObjectInvalid() {
                return redirectCode == AuthorizationErrorCode.INVALID_REQUEST_OBJECT;
            }
        }
    }

    private final ClientAuthentication authentication;
    private final ClientStore clients;
    private final PushedRequestStore store;
    private final RequestObjects requestObjects;
    private final AuthorizationRequestValidator validator;
    private final ParSettings settings;
    private final ClientAuthenticationGate gate;
    private final DpopVerifier dpop;
    private final String publishedBase;
    private final RequestUriSource requestUris;
    private final DynamicOpSettings dynamicOp;

    @Inject
    public PushedAuthorizations(ClientAuthentication authentication, ClientStore clients, PushedRequestStore store,
                                ClientKeys keys, ReplayStore replay, JetonSettings jeton, ParSettings settings,
                                ClientAuthenticationGate gate, DpopVerifier dpop, ResourceSettings resources,
                                OutboundFetcher outbound, DynamicOpSettings dynamicOp) {
        this(authentication, clients, store, keys, replay, jeton, settings, gate, dpop, resources,
                RequestUriSource.guarded(outbound, dynamicOp.requestUriTimeout()), dynamicOp);
    }

    /** @param requestUris where request objects passed by reference come from (OIDC Core §6.2) */
    public PushedAuthorizations(ClientAuthentication authentication, ClientStore clients, PushedRequestStore store,
                                ClientKeys keys, ReplayStore replay, JetonSettings jeton, ParSettings settings,
                                ClientAuthenticationGate gate, DpopVerifier dpop, ResourceSettings resources,
                                RequestUriSource requestUris, DynamicOpSettings dynamicOp) {
        this.requestUris = requestUris;
        this.dynamicOp = dynamicOp;
        this.gate = gate;
        this.dpop = dpop;
        this.publishedBase = jeton.issuer().toString().replaceAll("/+$", "");
        this.authentication = authentication;
        this.clients = clients;
        this.store = store;
        this.settings = settings;
        this.requestObjects = new RequestObjects(keys, replay, jeton.issuer().toString(),
                settings.requestObjectMaxLifetime(), dynamicOp.requestObjectExpRequired(),
                dynamicOp.unsignedRequestObjects());
        this.validator = new AuthorizationRequestValidator(clients::find, clients::refusal, new ScopePolicy(jeton),
                new ResourcePolicy(resources), dynamicOp.implicitEnabled());
    }

    /** Without a server-wide resource policy. */
    public PushedAuthorizations(ClientAuthentication authentication, ClientStore clients, PushedRequestStore store,
                                ClientKeys keys, ReplayStore replay, JetonSettings jeton, ParSettings settings,
                                ClientAuthenticationGate gate, DpopVerifier dpop) {
        this(authentication, clients, store, keys, replay, jeton, settings, gate, dpop, ResourceSettings.NONE,
                RequestUriSource.NONE, DynamicOpSettings.defaults());
    }

    /** Without throttling (unit tests). */
    public PushedAuthorizations(ClientAuthentication authentication, ClientStore clients, PushedRequestStore store,
                                ClientKeys keys, ReplayStore replay, JetonSettings jeton, ParSettings settings,
                                DpopVerifier dpop) {
        this(authentication, clients, store, keys, replay, jeton, settings, ClientAuthenticationGate.open(), dpop);
    }

    /** For CDI's client proxy only. */
    protected PushedAuthorizations() {
        this.requestUris = null;
        this.dynamicOp = null;
        this.gate = null;
        this.dpop = null;
        this.publishedBase = null;
        this.authentication = null;
        this.clients = null;
        this.store = null;
        this.requestObjects = null;
        this.validator = null;
        this.settings = null;
    }

    public ParSettings settings() {
        return settings;
    }

    public PushOutcome push(ClientAuthRequest request, String clientAddress) {
        return push(request, List.of(), clientAddress);
    }

    /**
     * @param dpopProofs the request's DPoP header values (RFC 9449 §10.1): a proof binds the pushed
     *                   request's code to its key, as dpop_jkt would
     */
    public PushOutcome push(ClientAuthRequest request, List<String> dpopProofs, String clientAddress) {
        PushOutcome outcome = pushAndAudit(request, dpopProofs, clientAddress);
        // RFC 8707: the events name the resource values the request sent
        List<String> resources = request.parameters().all("resource");
        if (resources.isEmpty()) {
            return outcome;
        }
        if (outcome instanceof PushOutcome.Created created) {
            return new PushOutcome.Created(created.requestUri(), created.expiresIn(), created.events().stream()
                    .map(e -> e.withResources(resources)).toList());
        }
        PushOutcome.Denied denied = (PushOutcome.Denied) outcome;
        return new PushOutcome.Denied(denied.error(), denied.events().stream().map(e -> e.withResources(resources))
                .toList());
    }

    private PushOutcome pushAndAudit(ClientAuthRequest request, List<String> dpopProofs, String clientAddress) {
        Instant now = request.now();
        FormParameters p = request.parameters();
        Optional<String> repeated = p.firstRepeated(Set.of("resource"));
        if (repeated.isPresent()) {
            return denied(OAuthError.invalidRequest("A parameter is repeated."), Refusal.REPEATED_PARAMETER.name(),
                    null, now, clientAddress);
        }
        // RFC 9449 §10.1: the proof is checked as at the token endpoint (§4.3), and before client
        // authentication, so that a nonce challenge does not spend a client assertion
        String proofKey = null;
        if (!dpopProofs.isEmpty()) {
            Optional<RegisteredClient> claimed = authentication.claimedClient(request);
            DpopVerifier.Result proof = dpop.verify(new DpopVerifier.Request(dpopProofs, "POST",
                    dpopTargets(request.endpoint()), now, dpop.settings().nonceRequired()
                    || claimed.map(c -> c.security().dpopNonceRequired()).orElse(false), null,
                    dev.jeton.client.ClientSigningAlgorithms.forProofsOf(claimed)));
            if (proof instanceof DpopVerifier.Result.Refused refused) {
                return denied(refused.error(), Refusal.DPOP_PROOF_INVALID + ":" + refused.failure(),
                        claimed.map(RegisteredClient::clientId).orElse(null), now, clientAddress);
            }
            proofKey = ((DpopVerifier.Result.Verified) proof).thumbprint();
        }
        // the same throttle as the token endpoint: 429 slow_down after too many failures
        ClientAuthenticationGate.Gated gated = gate.authenticate(authentication, request, clientAddress);
        ClientAuthentication.Result auth = gated.result();
        if (auth instanceof ClientAuthentication.Result.Failed failed) {
            PushOutcome.Denied denied = (PushOutcome.Denied) denied(failed.error(), failed.reason().name(),
                    failed.claimedClientId(), now, clientAddress);
            List<AuditEvent> events = new ArrayList<>(gated.events());
            events.addAll(denied.events());
            return new PushOutcome.Denied(denied.error(), events);
        }
        RegisteredClient client = ((ClientAuthentication.Result.Authenticated) auth).client();
        if (p.has("request_uri")) {
            // RFC 9126 §2.1: "The request_uri authorization request parameter is one exception, and it MUST NOT be provided"
            return denied(OAuthError.invalidRequest("request_uri cannot be pushed."), Refusal.REQUEST_URI_PUSHED.name(),
                    client.clientId(), now, clientAddress);
        }
        Map<String, List<String>> inside = Map.of();
        if (p.has("request")) {
            RequestObjects.Outcome outcome = requestObjects.verify(p.get("request").get(), client, now);
            if (outcome instanceof RequestObjects.Outcome.Refused refused) {
                return denied(OAuthError.of(OAuthErrorCode.INVALID_REQUEST_OBJECT, "The request object is invalid."),
                        Refusal.REQUEST_OBJECT_INVALID + ":" + refused.failure(), client.clientId(), now,
                        clientAddress);
            }
            inside = ((RequestObjects.Outcome.Verified) outcome).parameters();
        }
        FormParameters merged = ParameterCoding.mergeAll(p, inside, AUTH_PARAMETERS);
        if (merged.get("client_id").filter(id -> !id.equals(client.clientId())).isPresent()) {
            return denied(OAuthError.invalidRequest("client_id does not match the authenticated client."),
                    Refusal.CLIENT_ID_MISMATCH.name(), client.clientId(), now, clientAddress);
        }
        merged = ParameterCoding.merge(merged, Map.of("client_id", client.clientId()), List.of());
        if (proofKey != null) {
            // RFC 9449 §10.1: "MUST reject the request if the JWK Thumbprint in dpop_jkt does not match the
            // public key in the DPoP header"; without dpop_jkt, the server "MUST ... behave as if" it had been sent
            Optional<String> jkt = merged.get("dpop_jkt");
            if (jkt.isPresent() && !jkt.get().equals(proofKey)) {
                return denied(OAuthError.of(OAuthErrorCode.INVALID_DPOP_PROOF, "dpop_jkt does not match the key of "
                        + "the DPoP proof."), Refusal.DPOP_JKT_MISMATCH.name(), client.clientId(), now, clientAddress);
            }
            merged = ParameterCoding.merge(merged, Map.of("dpop_jkt", proofKey), List.of());
        }
        ValidationOutcome validation = validator.validate(merged);
        if (!(validation instanceof ValidationOutcome.Valid)) {
            return denied(asOAuthError(validation), Refusal.INVALID_AUTHORIZATION_REQUEST.name(), client.clientId(),
                    now, clientAddress);
        }
        String requestUri = REQUEST_URI_PREFIX + TokenIds.random(256);
        Duration lifetime = client.requestUriTtl(settings.requestUriTtl());
        store.save(TokenHashes.sha256(requestUri), client.clientId(), ParameterCoding.encode(merged), now,
                now.plus(lifetime));
        return new PushOutcome.Created(requestUri, lifetime.toSeconds(), List.of(AuditEvent.success(
                AuditEventName.PAR_ACCEPTED, now, client.clientId(), null, null, null, clientAddress)));
    }

    /**
     * The answer when the push could not be stored (its transaction rolled back): a plain
     * server_error and a par_denied event, so that a request_uri never goes out without its
     * request stored.
     */
    public PushOutcome serverFault(ClientAuthRequest request, String clientAddress) {
        return denied(OAuthError.serverError(), Refusal.SERVER_FAULT.name(),
                request.parameters().get("client_id").orElse(null), request.now(), clientAddress);
    }

    /** The parameters the authorization endpoint is to validate. */
    public Resolution resolve(FormParameters p, Instant now) {
        Optional<String> clientId = p.get("client_id");
        if (p.has("request_uri")) {
            if (clientId.isEmpty()) {
                return new Resolution.Refused("The request does not say which application is asking "
                        + "(client_id is missing).", Refusal.CLIENT_ID_MISSING.name(), null);
            }
            String requestUri = p.get("request_uri").get();
            if (requestUri.startsWith(REQUEST_URI_PREFIX)) {
                return pushed(requestUri, clientId.get(), now);
            }
        }
        Optional<RegisteredClient> client = clientId.flatMap(clients::find).filter(RegisteredClient::enabled);
        // before any request object is looked at, and before any request_uri is fetched: a client (or a server)
        // that must push its requests (FAPI 2.0 among them) never has a URL of its fetched
        if (client.isPresent() && (settings.required() || client.get().parRequired())) {
            return new Resolution.Refused("This application must send its authorization requests to the server "
                    + "first (pushed authorization requests, RFC 9126).", Refusal.PAR_REQUIRED.name(),
                    client.get().clientId());
        }
        if (p.has("request_uri") || p.has("request")) {
            if (client.isEmpty()) {
                return new Resolution.Refused("The application that sent you here is not known to this server.",
                        Refusal.UNKNOWN_CLIENT.name(), clientId.orElse(null));
            }
            if (p.has("request_uri")) {
                return byReference(p, client.get(), now);
            }
            return fromRequestObject(p, client.get(), p.get("request").get(), now);
        }
        return new Resolution.Resolved(p);
    }

    /** RFC 9126 §4: a pushed request, bound to the client that pushed it. */
    private Resolution pushed(String requestUri, String clientId, Instant now) {
        String uriHash = TokenHashes.sha256(requestUri);
        // RFC 9126 §4: usable while its authorization is under way (a user may reload the page), spent when
        // that completes (complete(...)); looking it up here does not use it up
        Optional<PushedRequestStore.Pushed> pushed = store.find(uriHash, clientId, now);
        if (pushed.isEmpty() || !pushed.get().clientId().equals(clientId)) {
            return new Resolution.Refused("The authorization request has expired or was already used. "
                    + "Please go back to the application and start again.", Refusal.REQUEST_URI_INVALID.name(),
                    clientId);
        }
        // RFC 9126 §4: only the pushed parameters count
        return new Resolution.Resolved(ParameterCoding.decode(pushed.get().parameters()), uriHash);
    }

    /** RFC 9101 §5.2.1 advises at most 512 ASCII characters; longer than this is no request_uri Jeton fetches. */
    static final int MAX_REQUEST_URI_LENGTH = 2000;

    /**
     * OIDC Core §6.2, RFC 9101 §5.2: the request object is fetched from the client's URL, then treated exactly as
     * a {@code request} parameter. With {@code jeton.request-uri.require-registration} (the default) the URL, less
     * its fragment, must be one the client registered in request_uris, and nothing else is ever fetched.
     */
    private Resolution byReference(FormParameters p, RegisteredClient client, Instant now) {
        String requestUri = p.get("request_uri").get();
        if (p.has("request")) {
            // OIDC Core §6: request_uri "MUST NOT be used together with" request (RFC 9101 §5: one or the other)
            return new Resolution.Refused("The application sent its request both by value and by reference.",
                    Refusal.REQUEST_AND_REQUEST_URI.name(), client.clientId(), AuthorizationErrorCode.INVALID_REQUEST);
        }
        if (p.all("request_uri").size() > 1 || requestUri.length() > MAX_REQUEST_URI_LENGTH) {
            return invalidRequestUri(Refusal.REQUEST_URI_INVALID.name(), client);
        }
        if (dynamicOp.requireRequestUriRegistration() && !client.oidc().registeredRequestUri(requestUri)) {
            return invalidRequestUri(Refusal.REQUEST_URI_NOT_REGISTERED.name(), client);
        }
        RequestUriSource.Result fetched = requestUris.fetch(requestUri);
        if (fetched instanceof RequestUriSource.Result.Refused refused) {
            return invalidRequestUri(Refusal.REQUEST_URI_FETCH_FAILED + ":" + refused.reason(), client);
        }
        return fromRequestObject(p, client, ((RequestUriSource.Result.Fetched) fetched).requestObject(), now);
    }

    private static Resolution invalidRequestUri(String reason, RegisteredClient client) {
        return new Resolution.Refused("The application's request (request_uri) could not be used.", reason,
                client.clientId(), AuthorizationErrorCode.INVALID_REQUEST_URI);
    }

    /**
     * RFC 9101 §6.3, OIDC Core §6.3: the one path of a request object, by value or by reference: verified as
     * {@link RequestObjects} requires, and its parameters win over those sent beside it.
     */
    private Resolution fromRequestObject(FormParameters p, RegisteredClient client, String requestObject,
                                         Instant now) {
        RequestObjects.Outcome outcome = requestObjects.verify(requestObject, client, now);
        if (outcome instanceof RequestObjects.Outcome.Refused refused) {
            return new Resolution.Refused("The application sent an authorization request that could not be "
                    + "verified.", Refusal.REQUEST_OBJECT_INVALID + ":" + refused.failure(), client.clientId(), true);
        }
        Map<String, List<String>> inside = ((RequestObjects.Outcome.Verified) outcome).parameters();
        if (inside.containsKey("client_id") && !inside.get("client_id").equals(List.of(client.clientId()))) {
            return new Resolution.Refused("The application sent an authorization request that could not be "
                    + "verified.", Refusal.CLIENT_ID_MISMATCH.name(), client.clientId(), true);
        }
        return new Resolution.Resolved(ParameterCoding.mergeAll(p, inside, REQUEST_OBJECT_PARAMETERS));
    }

    /** The parameters that carry a request object, by value (RFC 9101 §5.1) or by reference (§5.2). */
    private static final List<String> REQUEST_OBJECT_PARAMETERS = List.of("request", "request_uri");

    /**
     * Completes the authorization of {@code request} as far as its pushed request goes: spends the
     * request_uri it came under (once: a second completion - another tab, a double submit - gets false
     * and must send nothing to the client). True for a request that was not pushed.
     */
    public boolean complete(AuthorizationRequest request, Instant now) {
        return spend(request.pushedRequest(), now);
    }

    /** The same for a request that ends before it validates (its error goes to the client at once). */
    public boolean complete(Resolution.Resolved resolved, Instant now) {
        return spend(resolved.pushedRequest(), now);
    }

    private boolean spend(String pushedRequest, Instant now) {
        return pushedRequest == null || store.spend(pushedRequest, now);
    }

    /** The request as sent, without its request object: to see whether its own redirect_uri may be used. */
    public static FormParameters withoutRequestObject(FormParameters p) {
        return ParameterCoding.merge(p, Map.of(), REQUEST_OBJECT_PARAMETERS);
    }

    /** The URL the request reached, and the same path under the published issuer (behind a proxy they differ). */
    private List<URI> dpopTargets(URI endpoint) {
        if (endpoint == null) {
            return List.of();
        }
        return List.of(endpoint, URI.create(publishedBase + endpoint.getRawPath()));
    }

    private static OAuthError asOAuthError(ValidationOutcome validation) {
        if (validation instanceof ValidationOutcome.ShowError show) {
            return OAuthError.invalidRequest(show.message());
        }
        AuthorizationError error = ((ValidationOutcome.RedirectError) validation).error();
        OAuthErrorCode code = error.code() == AuthorizationErrorCode.INVALID_SCOPE ? OAuthErrorCode.INVALID_SCOPE
                : error.code() == AuthorizationErrorCode.UNAUTHORIZED_CLIENT ? OAuthErrorCode.UNAUTHORIZED_CLIENT
                : error.code() == AuthorizationErrorCode.INVALID_TARGET ? OAuthErrorCode.INVALID_TARGET
                : OAuthErrorCode.INVALID_REQUEST;
        return OAuthError.of(code, error.description());
    }

    private static PushOutcome denied(OAuthError error, String reason, String clientId, Instant now, String address) {
        return new PushOutcome.Denied(error, List.of(AuditEvent.failure(AuditEventName.PAR_DENIED, now, clientId,
                null, error.code().wireValue(), reason, address)));
    }
}
