package dev.jeton.grant.issuance;

import dev.jeton.client.RegisteredClient;
import dev.jeton.grant.family.RefreshTokenRecord;
import dev.jeton.grant.family.TokenFamily;
import dev.jeton.grant.family.TokenFamilyStore;
import dev.jeton.token.GrantResult;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.token.TokenResponse;
import dev.jeton.audit.AuditEvent;
import dev.jeton.user.ClaimsSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one way a grant opens a token family and records what was issued in it: the user grants
 * (authorization_code, device_code) through {@link #userGrant}, the token exchange's refresh
 * token through {@link #openExchangedFamily}, and each refresh rotation through
 * {@link #recordRotation}. The tokens themselves are signed by {@link UserTokens}.
 * <p>
 * Minting and recording are separate steps on purpose: a grant signs everything first, then
 * spends its code by one conditional update, and only the winner records (RFC 6749 §4.1.2: the
 * code is single-use, but only once we can answer; a fault while signing leaves it unspent).
 */
@ApplicationScoped
public class TokenIssuance {

    private final UserTokens tokens;
    private final TokenFamilyStore families;
    private final ClaimsSource claims;

    @Inject
    public TokenIssuance(UserTokens tokens, TokenFamilyStore families, ClaimsSource claims) {
        this.tokens = tokens;
        this.families = families;
        this.claims = claims;
    }

    /** For CDI's client proxy only. */
    protected TokenIssuance() {
        this.tokens = null;
        this.families = null;
        this.claims = null;
    }

    /** The one resource policy (RFC 8707) of the grants that issue through here. */
    public dev.jeton.token.ResourcePolicy resources() {
        return tokens.resources();
    }

    /** OIDC Core §8: the {@code sub} {@code client} is told for the local subject (pairwise or public). */
    public String subjectFor(RegisteredClient client, String localSubject) {
        return tokens.subjectFor(client, localSubject);
    }

    /** The tokens of a grant the user approved, in a new family; add what the grant knows, then {@link UserGrant#mint}. */
    public UserGrant userGrant(RegisteredClient client, String subject, String scope) {
        return new UserGrant(client, subject, scope);
    }

    /**
     * RFC 8693 §2.2.1: a family opened for a refresh token issued by token exchange (no access
     * token, no user authentication time), bound to {@code dpopKey} when the request had a proof
     * (RFC 9449 §5), so a refresh token from a sender-constrained subject never mints
     * unconstrained access tokens.
     */
    public ExchangedRefresh openExchangedFamily(RegisteredClient client, String subject, String scope, String dpopKey,
                                                Instant now) {
        String familyId = TokenIds.random(128);
        String refreshToken = TokenIds.random(256);
        families.createFamily(TokenFamily.opened(familyId, client.clientId(), subject, scope, now,
                now.plus(tokens.familyLifetime())).withDpopKey(dpopKey));
        Duration idle = tokens.refreshIdleTtl(client);
        families.saveRefreshToken(RefreshTokenRecord.live(TokenHashes.sha256(refreshToken), familyId,
                client.clientId(), scope, now, now.plus(idle)));
        return new ExchangedRefresh(refreshToken, idle);
    }

    /** The refresh token of an exchange and how long it lives unused. */
    public record ExchangedRefresh(String refreshToken, Duration idleTtl) {
    }

    /**
     * Records a rotation the store has just decided (RFC 6749 §6): the successor, live until the
     * client's idle timeout but never past the family's absolute expiry, with the scope of the
     * token it replaces (§6: "identical to that of the refresh token included by the client"), and
     * the access token issued with it, so that revoking the family reaches it.
     */
    public void recordRotation(TokenFamily family, RefreshTokenRecord spent, RegisteredClient client,
                               String successorHash, String accessJwtId, Instant accessExpiresAt, Instant now) {
        Instant idleExpiry = now.plus(tokens.refreshIdleTtl(client));
        Instant successorExpiry = idleExpiry.isBefore(family.absoluteExpiry()) ? idleExpiry : family.absoluteExpiry();
        families.saveRefreshToken(RefreshTokenRecord.live(successorHash, family.id(), client.clientId(),
                spent.scope(), now, successorExpiry));
        families.recordAccessToken(accessJwtId, family.id(), accessExpiresAt);
    }

    /** Named steps for the tokens of one user grant; nothing is signed or stored until {@link #mint}. */
    public final class UserGrant {
        private final RegisteredClient client;
        private final String subject;
        private final String scope;
        private Instant authTime;
        private String nonce;
        private Set<String> idTokenClaimNames = Set.of();
        private String userinfoClaims;
        private String dpopKey;
        private String certificate;
        private List<String> grantResources = List.of();
        private List<String> targets = List.of();
        private String sid;
        private Duration frontChannelTtl;

        private UserGrant(RegisteredClient client, String subject, String scope) {
            this.client = Objects.requireNonNull(client);
            this.subject = Objects.requireNonNull(subject);
            this.scope = Objects.requireNonNull(scope);
        }

        /** OIDC Core §2 auth_time: when the user signed in. */
        public UserGrant authenticatedAt(Instant value) {
            this.authTime = value;
            return this;
        }

        /** OIDC Core §3.1.2.1: the nonce of the authorization request, echoed in the ID token. */
        public UserGrant nonce(String value) {
            this.nonce = value;
            return this;
        }

        /** The session the user signed in with (issue #18): the {@code sid} of the tokens, and the family's. */
        public UserGrant session(String value) {
            this.sid = value;
            return this;
        }

        /** OIDC Core §5.5: claims requested individually for the ID token. */
        public UserGrant idTokenClaims(Set<String> names) {
            this.idTokenClaimNames = Set.copyOf(names);
            return this;
        }

        /** OIDC Core §5.5: claims requested individually for userinfo, kept with the family. */
        public UserGrant userinfoClaims(Set<String> names) {
            this.userinfoClaims = String.join(" ", names);
            return this;
        }

        /** RFC 9449 §5: the key of the request's DPoP proof, or null for a bearer token. */
        public UserGrant dpopKey(String thumbprint) {
            this.dpopKey = thumbprint;
            return this;
        }

        /** RFC 8705 §3: the client certificate to bind the access token to, or null. */
        public UserGrant certificate(String thumbprint) {
            this.certificate = thumbprint;
            return this;
        }

        /**
         * RFC 8707: the resources the grant covers (the family remembers them for later refreshes) and
         * those this token request was granted ({@link dev.jeton.token.ResourcePolicy#decideWithin}), the
         * access token's {@code aud}.
         */
        public UserGrant resources(List<String> grant, List<String> granted) {
            this.grantResources = List.copyOf(grant);
            this.targets = List.copyOf(granted);
            return this;
        }

        /**
         * OIDC Core §3.2 (issue #14): tokens issued from the authorization endpoint, through the browser: never a
         * refresh token (RFC 6749 §4.2.2: "MUST NOT issue a refresh token"), and an access token that lives at most
         * {@code maxAccessTokenTtl}.
         */
        public UserGrant frontChannel(Duration maxAccessTokenTtl) {
            this.frontChannelTtl = Objects.requireNonNull(maxAccessTokenTtl);
            return this;
        }

        /**
         * Signs the access token and the ID token (with openid) and draws the refresh token (when
         * allowed, {@link UserTokens#refreshAllowed}); stores nothing.
         */
        public Minted mint(Instant now) {
            UserTokens.AccessToken access = tokens.accessToken(client, subject, scope, now, dpopKey, certificate,
                    targets, sid, frontChannelTtl);
            Map<String, Object> idTokenClaims = UserTokens.withSid(claims.claims(subject, Set.of(), idTokenClaimNames),
                    sid);
            String idToken = tokens.idToken(client, subject, scope, authTime, nonce, access.value(), idTokenClaims,
                    now);
            String refreshToken = frontChannelTtl == null && tokens.refreshAllowed(client, scope)
                    ? TokenIds.random(256) : null;
            // RFC 9449 §5, RFC 8705 §4: a public client's refresh tokens are bound to its DPoP key or its
            // certificate; a confidential client's are bound to its authentication already
            TokenFamily family = TokenFamily.opened(TokenIds.random(128), client.clientId(), subject, scope, now,
                    now.plus(tokens.familyLifetime())).withAuthTime(authTime).withUserinfoClaims(userinfoClaims)
                    .withDpopKey(client.confidential() ? null : dpopKey).withResources(grantResources)
                    .withCertificate(client.confidential() ? null : certificate).withSession(sid);
            TokenResponse response = TokenResponse.of(access.value(), TokenResponse.tokenType(dpopKey != null),
                    access.ttl().toSeconds()).withScope(access.scope()).withRefreshToken(refreshToken).withIdToken(idToken);
            RefreshTokenRecord refresh = refreshToken == null ? null : RefreshTokenRecord.live(
                    TokenHashes.sha256(refreshToken), family.id(), client.clientId(), scope, now,
                    now.plus(tokens.refreshIdleTtl(client)));
            return new Minted(family, access, refresh, response);
        }
    }

    /** The signed tokens of a user grant, not yet recorded: the grant spends its code, then {@link #record}s. */
    public final class Minted {
        private final TokenFamily family;
        private final UserTokens.AccessToken access;
        private final RefreshTokenRecord refresh;
        private final TokenResponse response;

        private Minted(TokenFamily family, UserTokens.AccessToken access, RefreshTokenRecord refresh,
                       TokenResponse response) {
            this.family = family;
            this.access = access;
            this.refresh = refresh;
            this.response = response;
        }

        /** The family the tokens will belong to; the code remembers it, so that its reuse can revoke them. */
        public String familyId() {
            return family.id();
        }

        public String accessJwtId() {
            return access.jwtId();
        }

        /** Opens the family and records its access token and refresh token (if any). */
        public GrantResult.Granted record(List<AuditEvent> events) {
            families.createFamily(family);
            families.recordAccessToken(access.jwtId(), family.id(), access.expiresAt());
            if (refresh != null) {
                families.saveRefreshToken(refresh);
            }
            return new GrantResult.Granted(response, family.subject(), access.jwtId(), events);
        }
    }
}
