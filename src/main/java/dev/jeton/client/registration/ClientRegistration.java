package dev.jeton.client.registration;

import dev.jeton.vocabulary.Scope;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientSecrets;
import dev.jeton.client.PairwiseSector;
import dev.jeton.client.SectorIdentifierCheck;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.ResourceAccess;
import dev.jeton.client.SecurityProfile;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Dynamic client registration (RFC 7591) and its management protocol (RFC 7592). Whether the caller
 * may register at all (initial access token, or open registration) is decided before this is called.
 * <p>
 * The client secret and the registration access token are 256 random bits each, shown once and
 * stored as SHA-256 only. Read and update answers therefore carry no client secret (RFC 7592 §3
 * leaves it optional); they echo the registration access token the client presented, which stays
 * valid (no rotation, so a lost response cannot lock a client out).
 */
public final class ClientRegistration {

    static final String SOURCE = "dynamic";
    private static final JsonProvider JSONP = JsonProvider.provider();

    /** The answer: a status and a JSON body, or an error; plus the audit event. */
    public record Outcome(int status, JsonObject body, RegistrationError error, AuditEvent event) {

        public boolean succeeded() {
            return error == null;
        }
    }

    private final ClientMetadataValidator validator;
    private final RegistrationStore store;
    private final Function<String, URI> clientUri;
    private final SectorIdentifierCheck sectors;

    /** @param clientUri the registration client URI of a client id (RFC 7592 §3) */
    public ClientRegistration(ClientMetadataValidator validator, RegistrationStore store,
                              Function<String, URI> clientUri) {
        this(validator, store, clientUri, SectorIdentifierCheck.NONE);
    }

    /** @param sectors reads a {@code sector_identifier_uri} (OIDC Registration §5) */
    public ClientRegistration(ClientMetadataValidator validator, RegistrationStore store,
                              Function<String, URI> clientUri, SectorIdentifierCheck sectors) {
        this.validator = Objects.requireNonNull(validator);
        this.store = Objects.requireNonNull(store);
        this.clientUri = Objects.requireNonNull(clientUri);
        this.sectors = Objects.requireNonNull(sectors);
    }

    /**
     * The metadata, or the error: OIDC Registration §5, a {@code sector_identifier_uri} is fetched and must list every
     * redirect URI of the request ({@code invalid_client_metadata} otherwise; §3.3). It may wait on a client's server:
     * the HTTP layer calls it before the registry's transaction, so that no database connection waits with it.
     */
    public ClientMetadataValidator.Result validate(JsonObject request) {
        ClientMetadataValidator.Result result = validator.validate(request);
        if (result instanceof ClientMetadataValidator.Result.Valid valid && valid.metadata().oidc().pairwise() != null
                && valid.metadata().oidc().pairwise().sectorIdentifierUri() != null) {
            Optional<String> refusal = sectors.refusal(valid.metadata().oidc().pairwise().sectorIdentifierUri(),
                    valid.metadata().redirectUris());
            if (refusal.isPresent()) {
                return new ClientMetadataValidator.Result.Invalid(RegistrationError.invalidMetadata(refusal.get()));
            }
        }
        return result;
    }

    /** RFC 7591 §3.1: a new client from the metadata; 201 with its credentials. */
    public Outcome register(JsonObject request, Instant now, String address) {
        return register(validate(request), now, address);
    }

    /** RFC 7591 §3.1 with metadata already {@link #validate validated}. */
    public Outcome register(ClientMetadataValidator.Result result, Instant now, String address) {
        if (result instanceof ClientMetadataValidator.Result.Invalid invalid) {
            return refuse(invalid.error(), null, "INVALID_METADATA", now, address);
        }
        ClientMetadata metadata = ((ClientMetadataValidator.Result.Valid) result).metadata();
        String clientId = TokenIds.random(128);
        String secret = metadata.usesSecret() ? ClientSecrets.generate() : null;
        String registrationToken = TokenIds.random(256);
        RegisteredClient client = toClient(clientId, metadata, secret == null ? null : ClientSecrets.hash(secret));
        store.create(client, TokenHashes.sha256(registrationToken), now);
        JsonObjectBuilder body = describe(client, metadata, now, registrationToken);
        if (secret != null) {
            body.add("client_secret", secret).add("client_secret_expires_at", 0);
        }
        return new Outcome(201, body.build(), null, event(AuditEventName.CLIENT_REGISTERED, clientId, now, address));
    }

    /** RFC 7592 §2.1. */
    public Outcome read(String clientId, String registrationToken, Instant now, String address) {
        Optional<RegistrationStore.Registration> found = authorized(clientId, registrationToken);
        if (found.isEmpty()) {
            return refuse(RegistrationError.invalidToken(), clientId, "BAD_REGISTRATION_TOKEN", now, address);
        }
        RegistrationStore.Registration r = found.get();
        return new Outcome(200, describe(r.client(), metadataOf(r.client()), r.issuedAt(), registrationToken).build(),
                null, null);
    }

    /**
     * The refusal of a management request (RFC 7592 §2) whose registration access token is not
     * this client's, or empty when it is. The HTTP layer asks this before it reads a body, so an
     * unauthenticated caller never gets its JSON parsed; {@link #update} checks the same way.
     */
    public Optional<Outcome> refusal(String clientId, String registrationToken, Instant now, String address) {
        return authorized(clientId, registrationToken).isPresent() ? Optional.empty()
                : Optional.of(refuse(RegistrationError.invalidToken(), clientId, "BAD_REGISTRATION_TOKEN", now,
                address));
    }

    /**
     * RFC 7592 §2.2: the request replaces the metadata. It must name the client's own
     * {@code client_id}; a {@code client_secret}, if sent, must be the current one. A client that
     * becomes confidential gets a new secret in the answer; one that becomes public loses its secret.
     */
    public Outcome update(String clientId, String registrationToken, JsonObject request, Instant now,
                          String address) {
        // the caller is authenticated before anything of the request is fetched
        return refusal(clientId, registrationToken, now, address).orElseGet(() ->
                update(clientId, registrationToken, request, validate(request), now, address));
    }

    /** RFC 7592 §2.2 with {@code request}'s metadata already {@link #validate validated}. */
    public Outcome update(String clientId, String registrationToken, JsonObject request,
                          ClientMetadataValidator.Result result, Instant now, String address) {
        Optional<RegistrationStore.Registration> found = authorized(clientId, registrationToken);
        if (found.isEmpty()) {
            return refuse(RegistrationError.invalidToken(), clientId, "BAD_REGISTRATION_TOKEN", now, address);
        }
        RegisteredClient current = found.get().client();
        if (!(request.get("client_id") instanceof JsonString id) || !id.getString().equals(clientId)) {
            return refuse(RegistrationError.invalidMetadata("client_id must be present and be this client's id."),
                    clientId, "CLIENT_ID_MISMATCH", now, address);
        }
        JsonValue presentedSecret = request.get("client_secret");
        if (presentedSecret != null && presentedSecret != JsonValue.NULL && !(presentedSecret instanceof JsonString s
                && current.secretHash() != null && ClientSecrets.matches(s.getString(), current.secretHash()))) {
            return refuse(RegistrationError.invalidMetadata("client_secret does not match the current secret."),
                    clientId, "SECRET_MISMATCH", now, address);
        }
        if (result instanceof ClientMetadataValidator.Result.Invalid invalid) {
            return refuse(invalid.error(), clientId, "INVALID_METADATA", now, address);
        }
        ClientMetadata metadata = ((ClientMetadataValidator.Result.Valid) result).metadata();
        String newSecret = null;
        String secretHash = null;
        if (metadata.usesSecret()) {
            if (current.secretHash() == null) {
                newSecret = ClientSecrets.generate();
                secretHash = ClientSecrets.hash(newSecret);
            } else {
                secretHash = current.secretHash();
            }
        }
        RegisteredClient updated = toClient(clientId, metadata, secretHash);
        store.update(updated, now);
        JsonObjectBuilder body = describe(updated, metadata, found.get().issuedAt(), registrationToken);
        if (newSecret != null) {
            body.add("client_secret", newSecret).add("client_secret_expires_at", 0);
        }
        return new Outcome(200, body.build(), null, event(AuditEventName.CLIENT_UPDATED, clientId, now, address));
    }

    /** RFC 7592 §2.3: the client is gone at once, with every grant it holds; 204. */
    public Outcome delete(String clientId, String registrationToken, Instant now, String address) {
        if (authorized(clientId, registrationToken).isEmpty()) {
            return refuse(RegistrationError.invalidToken(), clientId, "BAD_REGISTRATION_TOKEN", now, address);
        }
        store.delete(clientId, now);
        return new Outcome(204, null, null, event(AuditEventName.CLIENT_DELETED, clientId, now, address));
    }

    /** The registration, when the token is the one issued to this client (compared as hashes, in constant time). */
    private Optional<RegistrationStore.Registration> authorized(String clientId, String registrationToken) {
        if (clientId == null || registrationToken == null || registrationToken.isEmpty()
                || registrationToken.length() > 512) {
            return Optional.empty();
        }
        return store.find(clientId).filter(r -> r.registrationTokenHash() != null && MessageDigest.isEqual(
                r.registrationTokenHash().getBytes(StandardCharsets.US_ASCII),
                TokenHashes.sha256(registrationToken).getBytes(StandardCharsets.US_ASCII)));
    }

    private static RegisteredClient toClient(String clientId, ClientMetadata m, String secretHash) {
        return new RegisteredClient(clientId, m.clientName(), secretHash, m.authMethod(), m.grantTypes(), m.scopes(),
                m.redirectUris(), null, null, null, true, false, m.idTokenSigningAlgorithm(),
                new SecurityProfile(m.keys().jwks(), m.keys().jwksUri(), m.keys().tokenEndpointAuthSigningAlg(), null,
                        false, false, false, m.requirePkce(), false, m.certificate()))
                .withResources(new ResourceAccess(m.resources(), m.resourcePrefixMatch())).withLogout(m.logout())
                .withOidc(m.oidc());
    }

    private static ClientMetadata metadataOf(RegisteredClient c) {
        return new ClientMetadata(c.clientName(), c.redirectUris(), c.authMethod(), c.grantTypes(),
                responseTypesOf(c),
                c.scopes(), c.idTokenSigningAlgorithm(), c.security().requirePkce(),
                new dev.jeton.client.ClientKeyMetadata(c.security().jwks(), c.security().jwksUri(),
                        c.security().tokenEndpointAuthSigningAlg()), c.resources().resources(),
                c.security().certificate(), c.logout(), c.resources().prefixMatch(), c.oidc());
    }

    /** The response types a stored client registered: code with its grant, and its implicit ones (issue #14). */
    private static java.util.Set<String> responseTypesOf(RegisteredClient c) {
        java.util.Set<String> types = new java.util.HashSet<>(c.oidc().implicitResponseTypes());
        if (c.grantTypes().contains("authorization_code")) {
            types.add("code");
        }
        return types;
    }

    /** RFC 7591 §3.2.1 and RFC 7592 §3: the client information response. */
    private JsonObjectBuilder describe(RegisteredClient client, ClientMetadata m, Instant issuedAt,
                                       String registrationToken) {
        JsonObjectBuilder body = JSONP.createObjectBuilder()
                .add("client_id", client.clientId())
                .add("client_id_issued_at", issuedAt.getEpochSecond())
                .add("registration_access_token", registrationToken)
                .add("registration_client_uri", clientUri.apply(client.clientId()).toString())
                .add("token_endpoint_auth_method", m.authMethod().wireValue())
                .add("grant_types", array(m.grantTypes().stream().sorted().toList()))
                .add("response_types", array(m.responseTypes().stream().sorted().toList()))
                .add("redirect_uris", array(m.redirectUris()));
        if (m.clientName() != null) {
            body.add("client_name", m.clientName());
        }
        if (!m.scopes().isEmpty()) {
            body.add("scope", Scope.of(m.scopes()).sorted().toString());
        }
        if (!m.resources().isEmpty()) {
            body.add("resources", array(m.resources()));
        }
        if (!m.logout().postLogoutRedirectUris().isEmpty()) {
            body.add("post_logout_redirect_uris", array(m.logout().postLogoutRedirectUris()));
        }
        if (m.logout().backchannelLogoutUri() != null) {
            body.add("backchannel_logout_uri", m.logout().backchannelLogoutUri())
                    .add("backchannel_logout_session_required", m.logout().backchannelLogoutSessionRequired());
        }
        if (m.logout().logoutRevokesRefreshTokens() != null) {
            body.add("logout_revokes_refresh_tokens", m.logout().logoutRevokesRefreshTokens());
        }
        if (m.idTokenSigningAlgorithm() != null) {
            body.add("id_token_signed_response_alg", m.idTokenSigningAlgorithm().name());
        }
        if (!m.requirePkce()) {
            body.add("require_pkce", false);
        }
        if (m.keys().jwks() != null) {
            try (jakarta.json.JsonReader reader = JSONP.createReader(new java.io.StringReader(m.keys().jwks()))) {
                body.add("jwks", reader.readObject());
            }
        }
        if (m.keys().jwksUri() != null) {
            body.add("jwks_uri", m.keys().jwksUri().toString());
        }
        if (m.keys().tokenEndpointAuthSigningAlg() != null) {
            body.add("token_endpoint_auth_signing_alg", m.keys().tokenEndpointAuthSigningAlg());
        }
        if (m.certificate().tlsClientAuthName() != null) {
            body.add(m.certificate().tlsClientAuthName().kind().member(), m.certificate().tlsClientAuthName().value());
        }
        if (m.certificate().boundAccessTokens()) {
            body.add(dev.jeton.client.CertificateMetadata.BOUND_ACCESS_TOKENS, true);
        }
        // issue #14: OIDC Registration §2
        if (m.oidc().userinfoSignedResponseAlg() != null) {
            body.add("userinfo_signed_response_alg", m.oidc().userinfoSignedResponseAlg().name());
        }
        if (!m.oidc().requestUris().isEmpty()) {
            body.add("request_uris", array(m.oidc().requestUris()));
        }
        addIfPresent(body, "logo_uri", m.oidc().links().logoUri());
        addIfPresent(body, "client_uri", m.oidc().links().clientUri());
        addIfPresent(body, "policy_uri", m.oidc().links().policyUri());
        addIfPresent(body, "tos_uri", m.oidc().links().tosUri());
        // OIDC Registration §2, OIDC Core §8
        if (m.oidc().pairwise() != null) {
            body.add("subject_type", PairwiseSector.PAIRWISE);
            addIfPresent(body, "sector_identifier_uri", m.oidc().pairwise().sectorIdentifierUri());
        } else {
            body.add("subject_type", PairwiseSector.PUBLIC);
        }
        return body;
    }

    private static void addIfPresent(JsonObjectBuilder body, String name, String value) {
        if (value != null) {
            body.add(name, value);
        }
    }

    private static JsonArrayBuilder array(List<String> values) {
        JsonArrayBuilder array = JSONP.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

    /** The answer when a change could not be stored (its transaction rolled back): nothing was registered. */
    public Outcome serverFault(String clientId, Instant now, String address) {
        return refuse(RegistrationError.serverError(), clientId, "SERVER_FAULT", now, address);
    }

    private Outcome refuse(RegistrationError error, String clientId, String reason, Instant now, String address) {
        AuditEvent event = AuditEvent.failure(AuditEventName.REGISTRATION_DENIED, now, clientId, null, error.code(),
                reason, address);
        return new Outcome(error.status(), null, error, event);
    }

    private static AuditEvent event(AuditEventName name, String clientId, Instant now, String address) {
        return new AuditEvent(UUID.randomUUID().toString(), now, name, clientId, null, AuditEvent.Outcome.SUCCESS,
                null, null, null, null, address);
    }
}
