package dev.jeton.grant.tokenexchange;

import com.nimbusds.jwt.JWTClaimsSet;

import java.util.LinkedHashMap;
import java.util.Map;

/** RFC 8693 §4.1 {@code act} and §4.4 {@code may_act}. */
final class ActClaims {

    private ActClaims() {
    }

    /**
     * The {@code act} of a delegated token: the actor's {@code sub} (and {@code iss} when the actor
     * is not ours), with the subject token's own {@code act} nested inside (§4.1: the chain of
     * delegation, most recent actor outermost).
     */
    static Map<String, Object> act(JWTClaimsSet actor, String ourIssuer, Object subjectAct) {
        Map<String, Object> act = new LinkedHashMap<>();
        act.put("sub", actor.getSubject());
        if (actor.getIssuer() != null && !actor.getIssuer().equals(ourIssuer)) {
            act.put("iss", actor.getIssuer());
        }
        Map<String, Object> prior = asMap(subjectAct);
        if (prior != null) {
            act.put("act", prior);
        }
        return act;
    }

    /**
     * §4.4: without may_act anyone the client presents may act; with it, the actor must match every
     * member it names (sub, and iss when given).
     */
    static boolean mayAct(JWTClaimsSet subject, JWTClaimsSet actor) {
        return subject.getClaim("may_act") == null || mayActNames(subject, actor.getSubject(), actor.getIssuer());
    }

    /** §4.4: whether the token has may_act and it names this party (sub, and iss when it gives one). */
    static boolean mayActNames(JWTClaimsSet token, String sub, String iss) {
        Map<String, Object> mayAct = asMap(token.getClaim("may_act"));
        if (mayAct == null || mayAct.get("sub") == null) {
            return false;
        }
        Object namedIss = mayAct.get("iss");
        return mayAct.get("sub").equals(sub) && (namedIss == null || namedIss.equals(iss));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object claim) {
        return claim instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : null;
    }
}
