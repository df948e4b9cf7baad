package dev.jeton.logout;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.jeton.authorize.SignIn;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.config.JetonSettings;
import dev.jeton.jose.IdTokenVerifier;
import dev.jeton.jose.SigningKeySource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides an RP-Initiated Logout request (OpenID Connect RP-Initiated Logout 1.0 §2, §3): which client asks, where
 * the browser may go afterwards, and whether the request can be trusted to be the user's. Pure but for reading the
 * client registrations; the web layer renders the decision and {@link SessionEnding} ends the session.
 */
@ApplicationScoped
public class EndSessionFlow {

    private final IdTokenVerifier hints;
    private final ClientStore clients;
    private final dev.jeton.client.PairwiseSubjects subjects;

    @Inject
    public EndSessionFlow(SigningKeySource keys, JetonSettings settings, ClientStore clients,
                          dev.jeton.client.PairwiseSubjects subjects) {
        this(new IdTokenVerifier(keys, settings.issuer().toString()), clients, subjects);
    }

    /** @param subjects the sub each client was told (OIDC Core §8.1): a pairwise client's hint carries its own */
    public EndSessionFlow(IdTokenVerifier hints, ClientStore clients, dev.jeton.client.PairwiseSubjects subjects) {
        this.hints = Objects.requireNonNull(hints);
        this.clients = Objects.requireNonNull(clients);
        this.subjects = Objects.requireNonNull(subjects);
    }

    /** For CDI's client proxy only. */
    protected EndSessionFlow() {
        this.hints = null;
        this.clients = null;
        this.subjects = null;
    }

    /**
     * @param current   who is signed in to this browser (the active session its cookie names), if anyone
     * @param confirmed the user confirmed on our page (a CSRF-checked form): the session ends without a hint
     */
    public EndSessionDecision decide(EndSessionRequest request, Optional<SignIn> current, boolean confirmed) {
        // §2: the OP checks the hint was issued by it; an expired hint is still a hint (the ID token may be old). One
        // that is not ours (a foreign issuer, a broken or tampered signature, a key long retired) proves nothing: the
        // request is then one without a hint, which the user must confirm ("the OP MUST ask the End-User ... if an
        // id_token_hint was not provided"), rather than a dead end that leaves them signed in
        Optional<JWTClaimsSet> hint = request.idTokenHint() == null ? Optional.empty()
                : hints.verifyIgnoringExpiry(request.idTokenHint());
        String clientId = request.clientId();
        if (hint.isPresent()) {
            List<String> audience = hint.get().getAudience();
            // §2: "client_id ... MUST be the same as ... the ID Token's aud"
            if (clientId != null && !audience.contains(clientId)) {
                return new EndSessionDecision.Refused("The client_id is not the audience of the id_token_hint.");
            }
            if (clientId == null) {
                clientId = stringClaim(hint.get(), "azp").orElse(audience.isEmpty() ? null : audience.get(0));
            }
        }
        Optional<RegisteredClient> client = Optional.empty();
        if (clientId != null) {
            client = clients.find(clientId).filter(RegisteredClient::enabled);
            if (client.isEmpty()) {
                return new EndSessionDecision.Refused("The application that asked to sign you out is not known.");
            }
        }
        Optional<String> redirect = Optional.empty();
        if (request.postLogoutRedirectUri() != null) {
            // §3: only to a URI the client registered, compared exactly; otherwise no redirect at all
            if (client.isEmpty()) {
                // a hint was sent but is not one of our ID tokens (§4: treated as not supplied): say that, not that
                // it is missing (the conformance suite's bad and modified id_token_hint modules show this page)
                return new EndSessionDecision.Refused(request.idTokenHint() != null
                        ? "The id_token_hint is not a valid ID token of this server, so the post_logout_redirect_uri "
                                + "cannot be checked: send client_id with it."
                        : "A post_logout_redirect_uri needs a client_id or an id_token_hint.");
            }
            if (!client.get().logout().postLogoutRedirectUris().contains(request.postLogoutRedirectUri())) {
                return new EndSessionDecision.Refused("The post_logout_redirect_uri is not registered for the "
                        + "application.");
            }
            redirect = Optional.of(withState(request.postLogoutRedirectUri(), request.state()));
        }
        if (current.isEmpty()) {
            return new EndSessionDecision.NothingToEnd(redirect);
        }
        SignIn signIn = current.get();
        String asking = client.map(RegisteredClient::clientId).orElse(null);
        // OIDC Core §8.1: the hint's sub is the one its client was told, pairwise for a pairwise client
        String expectedSub = client.map(c -> subjects.subjectFor(c, signIn.subject())).orElse(signIn.subject());
        if (confirmed || hint.map(h -> namesSession(h, signIn.sid(), expectedSub)).orElse(false)) {
            return new EndSessionDecision.End(signIn.sid(), asking, redirect);
        }
        return new EndSessionDecision.Confirm(signIn.sid(), asking, redirect);
    }

    /**
     * The hint is of this browser's session: its sid is the session's, or (an ID token without sid) its sub is the
     * signed-in user's. A hint of an older session of the same user is not enough (the request may be replayed).
     */
    static boolean namesSession(JWTClaimsSet hint, String sessionId, String expectedSub) {
        Optional<String> sid = stringClaim(hint, "sid");
        if (sid.isPresent()) {
            return sid.get().equals(sessionId);
        }
        return expectedSub.equals(hint.getSubject());
    }

    /** §3: the state, if any, goes back as a query parameter of the post-logout redirect URI. */
    static String withState(String uri, String state) {
        if (state == null) {
            return uri;
        }
        return uri + (uri.contains("?") ? "&" : "?") + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8);
    }

    private static Optional<String> stringClaim(JWTClaimsSet claims, String name) {
        try {
            return Optional.ofNullable(claims.getStringClaim(name));
        } catch (ParseException e) {
            return Optional.empty();
        }
    }
}
