package dev.jeton.grant.authorizationcode;

import dev.jeton.config.JetonSettings;
import dev.jeton.vocabulary.TokenHashes;
import dev.jeton.vocabulary.TokenIds;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Makes authorization codes for the authorization endpoint: 256 random bits (RFC 6749 §10.10
 * asks for at least 128), kept only as a hash, valid for {@code jeton.authorization-code.ttl-seconds}.
 */
@ApplicationScoped
public class AuthorizationCodeIssuer {

    @Inject
    AuthorizationCodeStore store;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;
    @Inject
    dev.jeton.client.ClientStore clients;

    /** The configured lifetime, capped for a client whose profile caps it (FAPI 2.0). */
    private java.time.Duration ttl(String clientId) {
        return clients.find(clientId).map(c -> c.authorizationCodeTtl(settings.authorizationCodeTtl()))
                .orElse(settings.authorizationCodeTtl());
    }

    /** Stores the grant and returns the code to put on the redirect; {@code sid} is the user's session (issue #18). */
    public String issue(String clientId, String redirectUri, String codeChallenge, String scope, String nonce,
                        String subject, Instant authTime, String claims, String dpopJkt, List<String> resources,
                        String sid) {
        String code = TokenIds.random(256);
        store.save(new AuthorizationCode(TokenHashes.sha256(code), clientId, redirectUri, codeChallenge, scope, nonce,
                subject, authTime, clock.instant().plus(ttl(clientId)), claims, dpopJkt, resources, sid));
        return code;
    }
}
