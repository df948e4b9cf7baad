package dev.jeton.client;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.config.JetonSettings;
import dev.jeton.error.OAuthError;
import dev.jeton.replay.ReplayKind;
import dev.jeton.replay.ReplayStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code private_key_jwt} (RFC 7523 §2.2, §3; OIDC Core §9): the client proves its identity with
 * a JWT signed by one of its registered keys. Checked, in this order: an allowed asymmetric
 * algorithm (and the client's registered one), the signature, {@code iss} = {@code sub} = client
 * id, {@code aud} naming this server (for a client under the FAPI 2.0 profile: the issuer, as a
 * string, and nothing else), {@code exp} present, not past and not too far ahead,
 * {@code nbf}/{@code iat} not in the future, and a {@code jti} never seen before (remembered until
 * {@code exp}, in the database). Which check failed goes to the audit event; the client hears
 * only that authentication failed.
 */
@ApplicationScoped
public class PrivateKeyJwtAuthenticator implements ClientAuthenticator {

    /** RFC 7523 §2.2. */
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final int MAX_ASSERTION_LENGTH = 8192;

    private final ClientKeys keys;
    private final ReplayStore replay;
    private final ClientKeySettings settings;
    private final Set<String> audiences;
    private final String issuer;

    @Inject
    public PrivateKeyJwtAuthenticator(ClientKeys keys, ReplayStore replay, ClientKeySettings settings,
                                      JetonSettings jeton) {
        this(keys, replay, settings, jeton.issuer(), jeton.endpoint("/oauth/token"));
    }

    /**
     * @param issuer        our issuer identifier, always an acceptable {@code aud}
     * @param tokenEndpoint our token endpoint URL, also acceptable (RFC 7523 §3 (3))
     */
    public PrivateKeyJwtAuthenticator(ClientKeys keys, ReplayStore replay, ClientKeySettings settings, URI issuer,
                                      URI tokenEndpoint) {
        this.keys = keys;
        this.replay = replay;
        this.settings = settings;
        this.audiences = Set.of(issuer.toString(), tokenEndpoint.toString());
        this.issuer = issuer.toString();
    }

    /** For CDI's client proxy only. */
    protected PrivateKeyJwtAuthenticator() {
        this.keys = null;
        this.replay = null;
        this.settings = null;
        this.audiences = null;
        this.issuer = null;
    }

    @Override
    public ClientAuthMethod method() {
        return ClientAuthMethod.PRIVATE_KEY_JWT;
    }

    @Override
    public Presentation presentation(ClientAuthRequest request) {
        Optional<String> type = request.parameters().get("client_assertion_type");
        Optional<String> assertion = request.parameters().get("client_assertion");
        if (type.isEmpty() && assertion.isEmpty()) {
            return Presentation.ABSENT;
        }
        if (type.isEmpty() || !type.get().equals(JWT_BEARER)) {
            return malformed("client_assertion_type must be " + JWT_BEARER + ".");
        }
        if (assertion.isEmpty()) {
            return malformed("client_assertion is missing.");
        }
        if (assertion.get().length() > MAX_ASSERTION_LENGTH) {
            return malformed("client_assertion is too long.");
        }
        try {
            JWTClaimsSet claims = SignedJWT.parse(assertion.get()).getJWTClaimsSet();
            // RFC 7523 §3 (2): sub is the client_id; it names the client before anything is verified
            String claimed = claims.getSubject() != null ? claims.getSubject() : claims.getIssuer();
            if (claimed == null || claimed.isEmpty()) {
                return malformed("The client assertion names no client (sub).");
            }
            return new Presentation.Presented(method(), claimed, assertion.get());
        } catch (ParseException e) {
            return malformed("client_assertion is not a signed JWT.");
        }
    }

    @Override
    public boolean verify(Presentation.Presented presented, RegisteredClient client, ClientAuthRequest request) {
        return check(presented, client, request).isEmpty();
    }

    @Override
    public Optional<AuthFailure> check(Presentation.Presented presented, RegisteredClient client,
                                       ClientAuthRequest request) {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(presented.credential());
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            return Optional.of(AuthFailure.ASSERTION_MALFORMED);
        }
        ClientKeys.Check signature = keys.verify(jwt, client,
                ClientSigningAlgorithms.forProfile(client.security(), client.security().tokenEndpointAuthSigningAlg()));
        switch (signature) {
            case ALGORITHM_NOT_ALLOWED:
                return Optional.of(AuthFailure.ASSERTION_ALGORITHM_NOT_ALLOWED);
            case NO_CLIENT_KEYS:
                return Optional.of(AuthFailure.ASSERTION_NO_CLIENT_KEYS);
            case NO_MATCHING_KEY:
                return Optional.of(AuthFailure.ASSERTION_NO_MATCHING_KEY);
            case BAD_SIGNATURE:
                return Optional.of(AuthFailure.ASSERTION_BAD_SIGNATURE);
            default:
                break;
        }
        // RFC 7523 §3 (1), (2); OIDC Core §9: iss and sub are both the client_id
        if (!client.clientId().equals(claims.getIssuer()) || !client.clientId().equals(claims.getSubject())) {
            return Optional.of(AuthFailure.ASSERTION_ISSUER_SUBJECT);
        }
        if (client.security().fapi2()) {
            // FAPI 2.0 Security Profile §5.3.2.1 (8): "shall only accept its issuer identifier value (as defined
            // in [RFC8414]) as a string in the aud claim received in client authentication assertions" - at
            // every endpoint that authenticates clients (token, PAR, ...), since they all come through here
            // (the raw payload: Nimbus's claims set turns a string aud into a one-element list)
            if (!issuer.equals(jwt.getPayload().toJSONObject().get("aud"))) {
                return Optional.of(AuthFailure.ASSERTION_AUDIENCE_NOT_ISSUER_STRING);
            }
        } else if (!audienceAccepted(claims.getAudience(), request.endpoint())) {
            return Optional.of(AuthFailure.ASSERTION_AUDIENCE);
        }
        Optional<AuthFailure> time = checkTimes(claims, request.now());
        if (time.isPresent()) {
            return time;
        }
        // RFC 7523 §3 (7): the jti is remembered until exp, so the assertion cannot be replayed
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty() || jti.length() > 512) {
            return Optional.of(AuthFailure.ASSERTION_JTI_MISSING);
        }
        Instant rememberUntil = claims.getExpirationTime().toInstant().plus(settings.clockSkew());
        if (!replay.firstUse(ReplayKind.CLIENT_ASSERTION, client.clientId(), jti, rememberUntil, request.now())) {
            return Optional.of(AuthFailure.ASSERTION_REPLAYED);
        }
        return Optional.empty();
    }

    /**
     * RFC 7523 §3 (3): the issuer or the token endpoint URL; RFC 9126 §2 adds the URL of the endpoint
     * the assertion was sent to (PAR). The URL the request reached is compared without its query.
     */
    private boolean audienceAccepted(List<String> audience, URI endpoint) {
        if (audience == null || audience.isEmpty()) {
            return false;
        }
        String here = endpoint == null ? null : withoutQuery(endpoint);
        return audience.stream().anyMatch(a -> audiences.contains(a) || a.equals(here));
    }

    private Optional<AuthFailure> checkTimes(JWTClaimsSet claims, Instant now) {
        Duration skew = settings.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            return Optional.of(AuthFailure.ASSERTION_EXPIRY_MISSING);
        }
        if (!exp.toInstant().plus(skew).isAfter(now)) {
            return Optional.of(AuthFailure.ASSERTION_EXPIRED);
        }
        if (exp.toInstant().isAfter(now.plus(settings.assertionMaxLifetime()).plus(skew))) {
            return Optional.of(AuthFailure.ASSERTION_LIFETIME_TOO_LONG);
        }
        Date nbf = claims.getNotBeforeTime();
        Date iat = claims.getIssueTime();
        if ((nbf != null && nbf.toInstant().isAfter(now.plus(skew)))
                || (iat != null && iat.toInstant().isAfter(now.plus(skew)))) {
            return Optional.of(AuthFailure.ASSERTION_NOT_YET_VALID);
        }
        return Optional.empty();
    }

    private static String withoutQuery(URI uri) {
        String s = uri.toString();
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static Presentation malformed(String description) {
        return new Presentation.Malformed(OAuthError.invalidClient(description), AuthFailure.ASSERTION_MALFORMED);
    }
}
