package dev.jeton.web;

import dev.jeton.authorize.ParSettings;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.ClientSigningAlgorithms;
import dev.jeton.client.ClientAuthenticator;
import dev.jeton.config.JetonSettings;
import dev.jeton.token.GrantHandlers;
import dev.jeton.token.ScopePolicy;
import dev.jeton.user.ClaimsSource;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.SignInLevel;
import jakarta.json.spi.JsonProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import dev.jeton.client.metadata.MetadataDocumentSettings;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Authorization server metadata (RFC 8414) at both well-known names. It is derived from what is
 * actually deployed (the grant handlers and authenticators), so it never claims more than that.
 */
@Path("/.well-known")
@ApplicationScoped
@Tag(name = "Discovery")
public class DiscoveryResource {

    /** Looked up once: Json.create* finds the provider again on every call (jakartaee/jsonp-api#154). */
    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    JetonSettings settings;
    @Inject
    GrantHandlers grants;
    @Inject
    Instance<ClientAuthenticator> authenticators;
    @Inject
    ParSettings par;
    @Inject
    ClaimsSource claims;
    @Inject
    MetadataDocumentSettings metadataDocuments;
    @Inject
    dev.jeton.mtls.MtlsSettings mtls;
    @Inject
    dev.jeton.client.Fapi2Settings fapi2;
    @Inject
    dev.jeton.authorize.DynamicOpSettings dynamicOp;

    private volatile String document;

    @GET
    @Path("oauth-authorization-server")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Authorization server metadata (RFC 8414)")
    @APIResponse(responseCode = "200", description = "The metadata document.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ServerMetadata")))
    public Response oauthMetadata() {
        return metadata();
    }

    @GET
    @Path("openid-configuration")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same metadata at the OpenID Connect Discovery name")
    @APIResponse(responseCode = "200", description = "The metadata document.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "ServerMetadata")))
    public Response openidConfiguration() {
        return metadata();
    }

    private Response metadata() {
        String body = document;
        if (body == null) {
            body = build();
            document = body;
        }
        return Response.ok(body, MediaType.APPLICATION_JSON + ";charset=UTF-8")
                .header("Cache-Control", "public, max-age=300").build();
    }

    /** tls_client_auth (RFC 8705 §2.1) needs CAs to chain to: without {@code jeton.mtls.trusted-cas} no client can use it. */
    private boolean offered(ClientAuthMethod method) {
        // jeton.fapi2.enabled: only what the FAPI 2.0 Security Profile allows (§5.3.2.1)
        return (method != ClientAuthMethod.TLS_CLIENT_AUTH || !mtls.trustedCas().isEmpty())
                && (!fapi2.serverWide() || method.allowedUnderFapi2());
    }

    /**
     * RFC 8705 §5: where the endpoints that take client certificates listen, when that is another host
     * or port ({@code jeton.mtls.endpoint-alias-base}) than the ordinary ones.
     */
    private java.util.Optional<JsonObjectBuilder> mtlsAliases(boolean userGrants) {
        if (mtls.endpointAliasBase() == null) {
            return java.util.Optional.empty();
        }
        JsonObjectBuilder aliases = JSONP.createObjectBuilder()
                .add("token_endpoint", mtls.alias("/oauth/token").orElseThrow().toString())
                .add("revocation_endpoint", mtls.alias("/oauth/revoke").orElseThrow().toString())
                .add("introspection_endpoint", mtls.alias("/oauth/introspect").orElseThrow().toString());
        if (userGrants) {
            aliases.add("pushed_authorization_request_endpoint", mtls.alias("/oauth/par").orElseThrow().toString())
                    .add("userinfo_endpoint", mtls.alias("/oauth/userinfo").orElseThrow().toString());
        }
        if (grants.supported().contains(GrantType.DEVICE_CODE)) {
            aliases.add("device_authorization_endpoint",
                    mtls.alias("/oauth/device_authorization").orElseThrow().toString());
        }
        return java.util.Optional.of(aliases);
    }

    private String build() {
        boolean publicClientsServed = grants.supported().stream().anyMatch(g -> !g.confidentialClientRequired());
        boolean userGrants = grants.supported().contains(GrantType.AUTHORIZATION_CODE);
        JsonArrayBuilder methods = JSONP.createArrayBuilder();
        authenticators.stream().map(ClientAuthenticator::method).filter(this::offered)
                .filter(m -> m != ClientAuthMethod.NONE || publicClientsServed)
                .sorted().map(ClientAuthMethod::wireValue).forEach(methods::add);
        JsonArrayBuilder grantTypes = JSONP.createArrayBuilder();
        grants.supported().stream().sorted(Comparator.naturalOrder()).map(GrantType::wireValue).forEach(grantTypes::add);
        if (implicitOffered(userGrants)) {
            grantTypes.add(dev.jeton.client.OidcClientOptions.IMPLICIT_GRANT);
        }

        JsonObjectBuilder doc = JSONP.createObjectBuilder()
                .add("issuer", settings.issuer().toString())
                .add("token_endpoint", settings.endpoint("/oauth/token").toString())
                .add("jwks_uri", settings.endpoint("/oauth/jwks").toString())
                .add("grant_types_supported", grantTypes)
                .add("token_endpoint_auth_methods_supported", methods)
                .add("response_types_supported", responseTypes(userGrants));
        if (userGrants) {
            // RFC 6749 §4.1 with PKCE (RFC 7636), OpenID Connect Core and Discovery §3, RFC 9207
            doc.add("authorization_endpoint", settings.endpoint("/oauth/authorize").toString())
                    .add("userinfo_endpoint", settings.endpoint("/oauth/userinfo").toString())
                    .add("response_modes_supported", implicitOffered(userGrants)
                            ? JSONP.createArrayBuilder().add("query").add("fragment").add("form_post")
                            : JSONP.createArrayBuilder().add("query").add("form_post"))
                    .add("code_challenge_methods_supported", JSONP.createArrayBuilder().add("S256"))
                    .add("subject_types_supported", JSONP.createArrayBuilder().add("public").add("pairwise"))
                    // a FAPI 2.0 client's ID tokens are never RS256 (Security Profile §5.4.1; RegisteredClient#idTokenAlgorithm)
                    .add("id_token_signing_alg_values_supported", fapi2.serverWide()
                            ? JSONP.createArrayBuilder().add("ES256") : JSONP.createArrayBuilder().add("RS256").add("ES256"))
                    .add("prompt_values_supported", JSONP.createArrayBuilder().add("none").add("login").add("consent"))
                    .add("claims_parameter_supported", true)
                    .add("request_parameter_supported", true)
                    // OIDC Core §6.2 (issue #14): by reference, fetched through the guarded fetcher; PAR's own too
                    .add("request_uri_parameter_supported", true)
                    .add("require_request_uri_registration", dynamicOp.requireRequestUriRegistration())
                    // OIDC Core §5.3.2 (issue #14): userinfo_signed_response_alg, the algorithms Jeton signs with
                    .add("userinfo_signing_alg_values_supported", fapi2.serverWide()
                            ? JSONP.createArrayBuilder().add("ES256") : strings(dev.jeton.client.OidcClientOptions
                            .signingAlgorithms()))
                    .add("authorization_response_iss_parameter_supported", true)
                    .add("claims_supported", claimsSupported())
                    // OIDC Discovery §3: the one level every sign-in reaches, which every ID token states in acr
                    .add("acr_values_supported", strings(SignInLevel.acrValues()))
                    // issue #18: RP-Initiated Logout 1.0 §3.2, Back-Channel Logout 1.0 §2.1; no front-channel logout
                    .add("end_session_endpoint", settings.endpoint("/oauth/logout").toString())
                    .add("backchannel_logout_supported", true)
                    .add("backchannel_logout_session_supported", true)
                    .add("frontchannel_logout_supported", false);
        }
        // RFC 9449 §5.1, RFC 8414 §2 (private_key_jwt algorithms), RFC 9126 §5, RFC 9101 §10.5
        JsonArrayBuilder algorithms = JSONP.createArrayBuilder();
        ClientSigningAlgorithms.names(fapi2.serverWide()).forEach(algorithms::add);
        JsonArray clientAlgorithms = algorithms.build();
        doc.add("dpop_signing_alg_values_supported", clientAlgorithms)
                .add("token_endpoint_auth_signing_alg_values_supported", clientAlgorithms);
        if (userGrants) {
            doc.add("pushed_authorization_request_endpoint", settings.endpoint("/oauth/par").toString())
                    .add("require_pushed_authorization_requests", par.required() || fapi2.serverWide())
                    .add("request_object_signing_alg_values_supported", requestObjectAlgorithms(clientAlgorithms));
        }
        // RFC 7662, RFC 7009 (metadata names from RFC 8414 §2): the same client authentication as the
        // token endpoint; introspection is not open to public clients, revocation is (RFC 7009 §5)
        JsonArrayBuilder confidentialMethods = JSONP.createArrayBuilder();
        authenticators.stream().map(ClientAuthenticator::method).filter(this::offered)
                .filter(m -> m != ClientAuthMethod.NONE).sorted().map(ClientAuthMethod::wireValue).forEach(confidentialMethods::add);
        JsonArrayBuilder revocationMethods = JSONP.createArrayBuilder();
        authenticators.stream().map(ClientAuthenticator::method).filter(this::offered).sorted()
                .map(ClientAuthMethod::wireValue).forEach(revocationMethods::add);
        doc.add("introspection_endpoint", settings.endpoint("/oauth/introspect").toString())
                .add("introspection_endpoint_auth_methods_supported", confidentialMethods)
                .add("revocation_endpoint", settings.endpoint("/oauth/revoke").toString())
                .add("revocation_endpoint_auth_methods_supported", revocationMethods)
                .add("registration_endpoint", settings.endpoint("/oauth/register").toString());
        if (grants.supported().contains(GrantType.DEVICE_CODE)) {
            // RFC 8628 §4
            doc.add("device_authorization_endpoint", settings.endpoint("/oauth/device_authorization").toString());
        }
        // RFC 8707 registers no metadata (nor do RFC 8414 or RFC 9728 for an authorization server; MCP's
        // authorization spec has clients send resource regardless). This non-standard member, which RFC 8414
        // §2 allows and standard clients ignore, tells an operator's tooling that resource is honoured at the
        // authorization, PAR, device authorization and token endpoints.
        doc.add("resource_indicators_supported", true);
        if (metadataDocuments.enabled() && userGrants) {
            // draft-ietf-oauth-client-id-metadata-document §5: a client_id may be the https URL of its metadata
            doc.add("client_id_metadata_document_supported", true);
        }
        // RFC 8705 §3.3: access tokens bound to the client certificate, for every grant
        doc.add("tls_client_certificate_bound_access_tokens", true);
        mtlsAliases(userGrants).ifPresent(aliases -> doc.add("mtls_endpoint_aliases", aliases));
        List<String> scopes = scopesSupported();
        if (!scopes.isEmpty()) {
            doc.add("scopes_supported", strings(scopes));
        }
        return doc.build().toString();
    }

    /**
     * Issue #14: the implicit flow's response types (OIDC Core §3.2) are offered only when the operator turned them
     * on ({@code jeton.oidc.implicit.enabled}; RFC 9700 §2.1.2 says it SHOULD NOT be used), never under a server-wide
     * FAPI 2.0 profile (§5.3.2.2: code only).
     */
    private boolean implicitOffered(boolean userGrants) {
        return userGrants && dynamicOp.implicitEnabled() && !fapi2.serverWide();
    }

    /** OIDC Core §6.1 (issue #14): {@code none} too when the operator takes unsigned request objects. */
    private JsonArrayBuilder requestObjectAlgorithms(JsonArray clientAlgorithms) {
        JsonArrayBuilder algorithms = JSONP.createArrayBuilder(clientAlgorithms);
        if (dynamicOp.unsignedRequestObjects() && !fapi2.serverWide()) {
            algorithms.add("none");
        }
        return algorithms;
    }

    private JsonArrayBuilder responseTypes(boolean userGrants) {
        JsonArrayBuilder types = JSONP.createArrayBuilder();
        if (userGrants) {
            types.add("code");
        }
        if (implicitOffered(userGrants)) {
            types.add("id_token").add("id_token token");
        }
        return types;
    }

    private List<String> scopesSupported() {
        return ScopePolicy.advertised(settings.allowedScopes(), grants.supported(), claims.scopes());
    }

    /** The ID token's own claims (OIDC Core §2, §3.1.3.6) and what the claims source may release. */
    private JsonArrayBuilder claimsSupported() {
        Set<String> names = new LinkedHashSet<>(List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce",
                "acr", "amr", "azp", "at_hash"));
        names.addAll(claims.claimNames());
        return strings(List.copyOf(names));
    }

    private static JsonArrayBuilder strings(List<String> values) {
        JsonArrayBuilder array = JSONP.createArrayBuilder();
        values.forEach(array::add);
        return array;
    }

}
