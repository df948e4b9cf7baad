package dev.jeton.web;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import dev.jeton.web.openapi.OpenApiRefs;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.client.ClientStore;
import dev.jeton.config.JetonSettings;
import dev.jeton.config.SigningAlgorithm;
import dev.jeton.jose.JwtUserinfoSigner;
import dev.jeton.error.OAuthError;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.request.FormParameters;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.user.ClaimsSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.net.URI;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The UserInfo endpoint (OIDC Core §5.3): the claims about the signed-in user that the access
 * token's scopes allow. Bearer tokens in the Authorization header (RFC 6750 §2.1) or, by POST, in
 * a form body (§2.2); DPoP-bound tokens with the DPoP scheme (RFC 9449 §7); errors are RFC 6750
 * §3 challenges.
 */
@Path("/oauth/userinfo")
@ApplicationScoped
@Tag(name = "OpenID Connect")
public class UserinfoResource {

    private static final JsonProvider JSONP = JsonProvider.provider();

    @Inject
    BearerAuthentication bearer;
    @Inject
    TokenFamilyStore families;
    @Inject
    ClaimsSource claimsSource;
    @Inject
    JetonSettings settings;
    @Inject
    ClientStore clients;
    @Inject
    JwtUserinfoSigner userinfoSigner;

    @GET
    @Operation(summary = "UserInfo (OIDC Core section 5.3)")
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @SecurityRequirement(name = OpenApiRefs.DPOP)
    @APIResponse(responseCode = "200", description = "The user's claims, as JSON.",
            headers = @Header(name = "Cache-Control", description = OpenApiRefs.NO_STORE,
                    schema = @Schema(type = SchemaType.STRING)),
            content = {@Content(mediaType = "application/json", schema = @Schema(ref = "UserInfo")),
                    @Content(mediaType = "application/jwt", schema = @Schema(type = SchemaType.STRING,
                            description = "For a client registered with userinfo_signed_response_alg (OIDC Core "
                                    + "section 5.3.2): the claims with iss and aud, signed."))})
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @Parameter(name = "DPoP", in = ParameterIn.HEADER, required = false, description = "A DPoP proof with ath "
            + "(RFC 9449 section 7), required with Authorization: DPoP.", schema = @Schema(implementation = String.class))
    public Response get(@Context HttpHeaders headers, @Context UriInfo uri) {
        return userinfo(headers, "GET", uri.getRequestUri(), null);
    }

    @POST
    @Operation(summary = "UserInfo by POST (OIDC Core section 5.3.1)", description = "The access token in the "
            + "Authorization header, or as access_token in an application/x-www-form-urlencoded body (RFC 6750 "
            + "section 2.2) - one of the two: a token sent in two ways, or in the query, is invalid_request.")
    @RequestBody(required = false, content = @Content(mediaType = "application/x-www-form-urlencoded",
            schema = @Schema(ref = "UserInfoForm")))
    @SecurityRequirement(name = OpenApiRefs.BEARER)
    @SecurityRequirement(name = OpenApiRefs.DPOP)
    @APIResponse(responseCode = "200", description = "The user's claims, as JSON.",
            headers = @Header(name = "Cache-Control", description = OpenApiRefs.NO_STORE,
                    schema = @Schema(type = SchemaType.STRING)),
            content = {@Content(mediaType = "application/json", schema = @Schema(ref = "UserInfo")),
                    @Content(mediaType = "application/jwt", schema = @Schema(type = SchemaType.STRING,
                            description = "For a client registered with userinfo_signed_response_alg (OIDC Core "
                                    + "section 5.3.2): the claims with iss and aud, signed."))})
    @APIResponse(responseCode = "400", ref = OpenApiRefs.BEARER_400)
    @APIResponse(responseCode = "401", ref = OpenApiRefs.BEARER_401)
    @APIResponse(responseCode = "403", ref = OpenApiRefs.BEARER_403)
    @Parameter(name = "DPoP", in = ParameterIn.HEADER, required = false, description = "A DPoP proof with ath "
            + "(RFC 9449 section 7), required with Authorization: DPoP.", schema = @Schema(implementation = String.class))
    public Response post(@Context HttpHeaders headers, @Context UriInfo uri, InputStream body) {
        FormParameters form = null;
        if (FormMediaType.matches(headers.getHeaderString(HttpHeaders.CONTENT_TYPE))) {
            // RFC 6750 §2.2: the token may come in a form body (a POST's, never a GET's); read strictly
            try {
                form = FormBody.read(headers, body, settings.maxBodyBytes());
            } catch (FormBody.Refused refused) {
                return OAuthResponses.error(OAuthError.invalidRequest(refused.getMessage()).withStatus(refused.status));
            }
        }
        return userinfo(headers, "POST", uri.getRequestUri(), form);
    }

    private Response userinfo(HttpHeaders headers, String method, URI requestUri, FormParameters form) {
        BearerAuthentication.Result access = bearer.check(headers, method, requestUri, form, "openid");
        if (access instanceof BearerAuthentication.Result.Refused refused) {
            return refused.response();
        }
        BearerAuthentication.Result.Allowed allowed = (BearerAuthentication.Result.Allowed) access;
        JWTClaimsSet claims = allowed.claims();
        // OIDC Core §5.3.2: the sub of the access token, which is the ID token's for this client (pairwise or
        // public, §8); the user is the family's local subject, which a pairwise sub does not reveal
        JsonObjectBuilder body = JSONP.createObjectBuilder().add("sub", claims.getSubject());
        Optional<TokenFamily> family = families.familyOfAccessToken(claims.getJWTID());
        String user = family.map(TokenFamily::subject).orElse(claims.getSubject());
        // OIDC Core §5.5: claims the authorization request asked userinfo for, besides the scopes' own
        Set<String> requested = family.map(TokenFamily::userinfoClaimNames).orElse(Set.of());
        for (Map.Entry<String, Object> claim : claimsSource.claims(user, allowed.scopes(), requested)
                .entrySet()) {
            if (!claim.getKey().equals("sub")) {
                add(body, claim.getKey(), claim.getValue());
            }
        }
        String json = body.build().toString();
        // OIDC Core §5.3.2: a client registered with userinfo_signed_response_alg gets the same claims as a JWT
        Optional<SigningAlgorithm> signed = claims.getClaim("client_id") instanceof String clientId
                ? clients.find(clientId).map(c -> c.oidc().userinfoSignedResponseAlg()) : Optional.empty();
        if (signed.isPresent()) {
            String jwt = userinfoSigner.sign(json, settings.issuer().toString(),
                    (String) claims.getClaim("client_id"), signed.get());
            return OAuthResponses.noStore(Response.ok(jwt, APPLICATION_JWT)).build();
        }
        return OAuthResponses.noStore(Response.ok(json, OAuthResponses.JSON)).build();
    }

    /** OIDC Core §5.3.2: "the UserInfo Response MUST ... have a Content-Type of application/jwt". */
    static final String APPLICATION_JWT = "application/jwt";

    private static void add(JsonObjectBuilder body, String name, Object value) {
        if (value instanceof Boolean b) {
            body.add(name, b);
        } else if (value instanceof Number n) {
            body.add(name, n.longValue());
        } else if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder nested = JSONP.createObjectBuilder();
            map.forEach((k, v) -> add(nested, String.valueOf(k), v));
            body.add(name, nested);
        } else if (value instanceof Collection<?> list) {
            var array = JSONP.createArrayBuilder();
            list.forEach(v -> array.add(String.valueOf(v)));
            body.add(name, array);
        } else if (value != null) {
            body.add(name, String.valueOf(value));
        }
    }
}
