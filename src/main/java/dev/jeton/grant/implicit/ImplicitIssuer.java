package dev.jeton.grant.implicit;

import dev.jeton.authorize.DynamicOpSettings;
import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.authorizationcode.RequestedClaims;
import dev.jeton.grant.issuance.TokenIssuance;
import dev.jeton.grant.issuance.UserTokens;
import dev.jeton.token.GrantResult;
import dev.jeton.token.TokenResponse;
import dev.jeton.user.ClaimsSource;
import dev.jeton.vocabulary.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The implicit flow's tokens (OIDC Core §3.2; issue #14), issued by the authorization endpoint once the user signed
 * in and consented; only for the requests {@code AuthorizationRequestValidator} let through (operator setting, client
 * registration, nonce, no query). {@code id_token}: an ID token alone, which then carries the claims of the granted
 * scopes itself (OIDC Core §5.4: no access token can fetch them). {@code id_token token}: an access token in a new
 * token family (so that userinfo, revocation and logout reach it) that lives at most
 * {@code jeton.oidc.implicit.access-token-ttl-seconds}, never a refresh token, and an ID token with {@code at_hash}
 * (§3.2.2.10). {@code c_hash} belongs to the hybrid flow, which Jeton does not serve.
 */
@ApplicationScoped
public class ImplicitIssuer {

    /** The signed-in user and what the request asked for. */
    public record Grant(RegisteredClient client, String responseType, String scope, String nonce, String claims,
                        List<String> resources, String subject, Instant authTime, String sid) {
        public Grant {
            Objects.requireNonNull(client);
            Objects.requireNonNull(responseType);
            Objects.requireNonNull(subject);
            resources = resources == null ? List.of() : List.copyOf(resources);
        }
    }

    /**
     * @param parameters the response parameters in order (without state and iss, which the endpoint adds)
     * @param accessJwtId the access token's jti, or null when none was issued
     */
    public record Issued(Map<String, String> parameters, String accessJwtId) {
    }

    private final TokenIssuance issuance;
    private final UserTokens tokens;
    private final ClaimsSource claims;
    private final DynamicOpSettings settings;

    @Inject
    public ImplicitIssuer(TokenIssuance issuance, UserTokens tokens, ClaimsSource claims, DynamicOpSettings settings) {
        this.issuance = issuance;
        this.tokens = tokens;
        this.claims = claims;
        this.settings = settings;
    }

    /** For CDI's client proxy only. */
    protected ImplicitIssuer() {
        this(null, null, null, null);
    }

    public Issued issue(Grant grant, Instant now) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (grant.responseType().equals("id_token token")) {
            GrantResult.Granted granted = issuance.userGrant(grant.client(), grant.subject(), grant.scope())
                    .authenticatedAt(grant.authTime())
                    .nonce(grant.nonce())
                    .session(grant.sid())
                    .idTokenClaims(RequestedClaims.names(grant.claims(), "id_token"))
                    .userinfoClaims(RequestedClaims.names(grant.claims(), "userinfo"))
                    .resources(grant.resources(), grant.resources())
                    .frontChannel(settings.implicitAccessTokenTtl())
                    .mint(now)
                    .record(List.of());
            TokenResponse response = granted.response();
            parameters.put("access_token", response.accessToken());
            parameters.put("token_type", response.tokenType());
            parameters.put("expires_in", Long.toString(response.expiresIn()));
            parameters.put("scope", response.scope());
            parameters.put("id_token", response.idToken());
            return new Issued(parameters, granted.tokenId());
        }
        // OIDC Core §5.4: without an access token the scopes' claims go in the ID token itself
        Map<String, Object> idTokenClaims = UserTokens.withSid(claims.claims(grant.subject(),
                Scope.ofIssued(grant.scope()).tokens(), RequestedClaims.names(grant.claims(), "id_token")),
                grant.sid());
        parameters.put("id_token", tokens.idToken(grant.client(), grant.subject(), grant.scope(), grant.authTime(),
                grant.nonce(), null, idTokenClaims, now));
        return new Issued(parameters, null);
    }
}
