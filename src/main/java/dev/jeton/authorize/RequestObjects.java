package dev.jeton.authorize;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.jeton.client.ClientKeys;
import dev.jeton.client.ClientSigningAlgorithms;
import dev.jeton.client.RegisteredClient;
import dev.jeton.replay.ReplayKind;
import dev.jeton.replay.ReplayStore;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Request objects (RFC 9101; OIDC Core §6.1): the authorization request's parameters as
 * the claims of a JWT the client signed with one of its registered keys. Checked: an allowed
 * asymmetric algorithm (the client's request_object_signing_alg when registered), the signature,
 * {@code iss} = {@code client_id} = the client, {@code aud} = our issuer, {@code exp} present
 * and neither past nor too far ahead, {@code nbf} not in the future (from a FAPI 2.0 client: present, at most
 * 60 minutes old, and {@code exp} at most 60 minutes after it), a {@code jti} (when present)
 * never seen before, and no nested {@code request} or {@code request_uri}.
 * <p>
 * Two relaxations an operator may choose for OpenID Connect relying parties (issue #14; never for a FAPI 2.0
 * client): without {@code exp} ({@code jeton.request-object.require-exp=false}: neither RFC 9101 nor OIDC Core
 * requires it; one present is still checked), and unsigned ({@code alg} {@code none},
 * {@code jeton.request-object.allow-unsigned}, OIDC Core §6.1) from a client that registered no
 * request_object_signing_alg: such an object speaks with no more authority than the query beside it, so it needs
 * no {@code iss} or {@code aud}, but one it carries must still be right.
 */
public final class RequestObjects {

    static final int MAX_LENGTH = 16_384;
    private static final Duration SKEW = Duration.ofSeconds(30);
    /** FAPI 2.0 Message Signing (ID1 §5.3.1; FAPI 1.0 Advanced §5.2.2 items 13, 17): nbf at most this old, exp at
     *  most this long after it. */
    static final Duration FAPI2_WINDOW = Duration.ofMinutes(60);

    /** Why a request object was refused; the audit reason. */
    public enum Failure { MALFORMED, ALGORITHM_NOT_ALLOWED, NO_CLIENT_KEYS, NO_MATCHING_KEY, BAD_SIGNATURE,
        ISSUER, CLIENT_ID, AUDIENCE, EXPIRED, LIFETIME_TOO_LONG, NOT_YET_VALID, NOT_BEFORE_MISSING, REPLAYED, NESTED,
        UNSIGNED }

    /** The outcome: the parameters inside, or why not. */
    public sealed interface Outcome {
        /** @param parameters every value of each parameter (several only for {@code resource}, RFC 8707) */
        record Verified(Map<String, List<String>> parameters) implements Outcome {
        }

        record Refused(Failure failure) implements Outcome {
        }
    }

    private final ClientKeys keys;
    private final ReplayStore replay;
    private final String issuer;
    private final Duration maxLifetime;
    private final boolean expRequired;
    private final boolean unsignedAllowed;

    public RequestObjects(ClientKeys keys, ReplayStore replay, String issuer, Duration maxLifetime) {
        this(keys, replay, issuer, maxLifetime, true, false);
    }

    public RequestObjects(ClientKeys keys, ReplayStore replay, String issuer, Duration maxLifetime,
                          boolean expRequired, boolean unsignedAllowed) {
        this.keys = keys;
        this.replay = replay;
        this.issuer = issuer;
        this.maxLifetime = maxLifetime;
        this.expRequired = expRequired;
        this.unsignedAllowed = unsignedAllowed;
    }

    public Outcome verify(String requestObject, RegisteredClient client, Instant now) {
        JWT parsed;
        JWTClaimsSet claims;
        try {
            if (requestObject.length() > MAX_LENGTH) {
                return refused(Failure.MALFORMED);
            }
            parsed = JWTParser.parse(requestObject);
            claims = parsed.getJWTClaimsSet();
        } catch (ParseException e) {
            return refused(Failure.MALFORMED);
        }
        boolean fapi2 = client.security().fapi2();
        if (parsed instanceof PlainJWT) {
            // OIDC Core §6.1: alg none, when the operator takes them and the client did not promise to sign
            if (!unsignedAllowed || fapi2 || client.security().requestObjectSigningAlg() != null) {
                return refused(Failure.UNSIGNED);
            }
            return checkClaims(claims, client, now, false, fapi2);
        }
        if (!(parsed instanceof SignedJWT jwt)) {
            // encrypted request objects are not accepted
            return refused(Failure.MALFORMED);
        }
        switch (keys.verify(jwt, client, ClientSigningAlgorithms.forProfile(
                client.security(), client.security().requestObjectSigningAlg()))) {
            case ALGORITHM_NOT_ALLOWED:
                return refused(Failure.ALGORITHM_NOT_ALLOWED);
            case NO_CLIENT_KEYS:
                return refused(Failure.NO_CLIENT_KEYS);
            case NO_MATCHING_KEY:
                return refused(Failure.NO_MATCHING_KEY);
            case BAD_SIGNATURE:
                return refused(Failure.BAD_SIGNATURE);
            default:
                break;
        }
        return checkClaims(claims, client, now, true, fapi2);
    }

    /** @param signed a signed object must name its client as iss and us in aud; an unsigned one only may */
    private Outcome checkClaims(JWTClaimsSet claims, RegisteredClient client, Instant now, boolean signed,
                                boolean fapi2) {
        if ((signed || claims.getIssuer() != null) && !client.clientId().equals(claims.getIssuer())) {
            return refused(Failure.ISSUER);
        }
        Object clientId = claims.getClaim("client_id");
        if (clientId != null && !client.clientId().equals(clientId)) {
            return refused(Failure.CLIENT_ID);
        }
        List<String> audience = claims.getAudience();
        if ((signed || !audience.isEmpty()) && !audience.contains(issuer)) {
            return refused(Failure.AUDIENCE);
        }
        Date exp = claims.getExpirationTime();
        if (exp == null && (expRequired || fapi2)) {
            return refused(Failure.EXPIRED);
        }
        if (exp != null && !exp.toInstant().plus(SKEW).isAfter(now)) {
            return refused(Failure.EXPIRED);
        }
        if (exp != null && exp.toInstant().isAfter(now.plus(maxLifetime).plus(SKEW))) {
            return refused(Failure.LIFETIME_TOO_LONG);
        }
        Date nbf = claims.getNotBeforeTime();
        Date iat = claims.getIssueTime();
        // FAPI 2.0 Security Profile §5.3.2.1 (13): iat or nbf up to 10 s ahead is accepted (here 30 s), more than 60 s
        // ahead never
        if ((nbf != null && nbf.toInstant().isAfter(now.plus(SKEW)))
                || (iat != null && iat.toInstant().isAfter(now.plus(SKEW)))) {
            return refused(Failure.NOT_YET_VALID);
        }
        // FAPI 2.0 Message Signing (the FAPI 2.0 document that defines signed authorization requests; ID1 §5.3.1, as
        // the conformance suite cites it, and FAPI 1.0 Advanced §5.2.2 items 13, 17): the request object must carry
        // nbf, no longer than 60 minutes in the past, and exp at most 60 minutes after it; exp is already required of
        // a FAPI 2.0 client above
        if (fapi2 && signed) {
            if (nbf == null) {
                return refused(Failure.NOT_BEFORE_MISSING);
            }
            if (nbf.toInstant().isBefore(now.minus(FAPI2_WINDOW).minus(SKEW))
                    || exp.toInstant().isAfter(nbf.toInstant().plus(FAPI2_WINDOW).plus(SKEW))) {
                return refused(Failure.LIFETIME_TOO_LONG);
            }
        }
        if (claims.getClaim("request") != null || claims.getClaim("request_uri") != null) {
            return refused(Failure.NESTED);
        }
        String jti = claims.getJWTID();
        // without exp, a jti is remembered as long as an object with exp could have lived
        Instant remembered = (exp != null ? exp.toInstant() : now.plus(maxLifetime)).plus(SKEW);
        if (jti != null && !replay.firstUse(ReplayKind.REQUEST_OBJECT, client.clientId(), jti, remembered, now)) {
            return refused(Failure.REPLAYED);
        }
        return new Outcome.Verified(parameters(claims));
    }

    /**
     * The claims as authorization request parameters: strings as they are, numbers (max_age) as
     * digits, objects (claims) as JSON text; {@code resource} also as an array of strings, since RFC 8707
     * §2 lets it repeat; the JWT's own claims are not parameters.
     */
    private static Map<String, List<String>> parameters(JWTClaimsSet claims) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> claim : claims.getClaims().entrySet()) {
            String name = claim.getKey();
            if (List.of("iss", "aud", "exp", "iat", "nbf", "jti", "sub").contains(name)) {
                continue;
            }
            Object value = claim.getValue();
            if (value instanceof String s) {
                out.put(name, List.of(s));
            } else if (name.equals("resource") && value instanceof List<?> list
                    && list.stream().allMatch(String.class::isInstance)) {
                out.put(name, list.stream().map(String.class::cast).toList());
            } else if (value instanceof Number || value instanceof Boolean) {
                out.put(name, List.of(String.valueOf(value)));
            } else if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                out.put(name, List.of(JSONObjectUtils.toJSONString(object)));
            }
        }
        return out;
    }

    private static Outcome refused(Failure failure) {
        return new Outcome.Refused(failure);
    }

    static Optional<String> describe(Failure failure) {
        return Optional.of("The request object is invalid (" + failure.name().toLowerCase().replace('_', ' ') + ").");
    }
}
