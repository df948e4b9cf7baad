package dev.jeton.web;

import dev.jeton.authorize.AuthorizationError;
import dev.jeton.authorize.AuthorizationErrorCode;
import dev.jeton.authorize.AuthorizationFlow;
import dev.jeton.authorize.AuthorizationRequest;
import dev.jeton.authorize.AuthorizationResponse;
import dev.jeton.authorize.ConsentStore;
import dev.jeton.authorize.NextStep;
import dev.jeton.authorize.PendingAuthorization;
import dev.jeton.authorize.PushedAuthorizations;
import dev.jeton.authorize.SignIn;
import dev.jeton.audit.AuditEvent;
import dev.jeton.audit.AuditEventName;
import dev.jeton.client.ClientLinks;
import dev.jeton.client.OidcClientOptions;
import dev.jeton.grant.implicit.ImplicitIssuer;
import jakarta.enterprise.event.Event;
import dev.jeton.client.ClientStore;
import dev.jeton.client.RegisteredClient;
import dev.jeton.client.metadata.ClientIdUrl;
import dev.jeton.config.JetonSettings;
import dev.jeton.grant.authorizationcode.AuthorizationCodeIssuer;
import dev.jeton.vocabulary.GrantType;
import dev.jeton.vocabulary.TokenIds;
import dev.jeton.web.pages.MessagePage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Moves a pending authorization request on after each step (the request itself, sign-in,
 * consent): to the sign-in page, the consent page, or back to the client with a code or an
 * error. The decision is {@link AuthorizationFlow}'s; this class turns it into HTTP.
 */
@ApplicationScoped
public class AuthorizationSteps {

    private static final Logger LOG = Logger.getLogger(AuthorizationSteps.class.getName());

    @Inject
    ClientStore clients;
    @Inject
    ConsentStore consents;
    @Inject
    AuthorizationCodeIssuer codes;
    @Inject
    JetonSettings settings;
    @Inject
    Clock clock;
    @Inject
    PushedAuthorizations pushed;
    @Inject
    dev.jeton.session.UserSessions sessions;
    @Inject
    ImplicitIssuer implicit;
    @Inject
    Event<AuditEvent> audit;

    /**
     * Takes a request that is kept in the session to its next step.
     *
     * @param afterPost the current request is a form POST (the redirect is then a 303)
     */
    Response proceed(BrowserSession session, PendingAuthorization pending, boolean afterPost) {
        return proceed(session, pending, afterPost, true);
    }

    /**
     * Finishes a prompt=none request at once: it never shows a page (OIDC Core §3.1.2.1), so it
     * is never kept in the session, and an anonymous silent check creates no session either.
     */
    Response proceedWithoutPages(BrowserSession session, AuthorizationRequest request, boolean afterPost) {
        return proceed(session, new PendingAuthorization(TokenIds.random(128), request, clock.instant(), null,
                false), afterPost, false);
    }

    private Response proceed(BrowserSession session, PendingAuthorization pending, boolean afterPost,
                             boolean stored) {
        AuthorizationRequest request = pending.request();
        Optional<RegisteredClient> client = stillAllowed(request);
        if (client.isEmpty()) {
            session.removePending(pending.id());
            return PageResponses.message(400, MessagePage.invalidRequest(
                    "The application is no longer allowed to ask you to sign in."));
        }
        NextStep step = AuthorizationFlow.next(pending, session.signIn(), client.get().firstParty(), consents,
                clock.instant());
        if (!stored && (step instanceof NextStep.SignInPage || step instanceof NextStep.ConsentPage)) {
            throw new IllegalStateException("a page for a request that may show none");
        }
        if (step instanceof NextStep.SignInPage) {
            return PageResponses.redirect(pageUrl("/login", pending), afterPost);
        }
        if (step instanceof NextStep.ConsentPage) {
            return PageResponses.redirect(pageUrl("/consent", pending), afterPost);
        }
        if (step instanceof NextStep.Fail fail) {
            session.removePending(pending.id());
            return endWithError(request, fail.error(), afterPost);
        }
        NextStep.IssueCode issue = (NextStep.IssueCode) step;
        if (stored && !session.removePending(pending.id())) {
            // a double submit: the first one already took the request to the client
            return PageResponses.message(400, MessagePage.expired());
        }
        if (!pushed.complete(request, clock.instant())) {
            // RFC 9126 §4: its request_uri was completed in another tab or browser: one code per pushed request
            return PageResponses.message(400, MessagePage.expired());
        }
        if (request.implicit()) {
            return implicitTokens(request, client.get(), issue.signIn(), afterPost);
        }
        String code;
        try {
            code = codes.issue(request.clientId(), request.redirectUri(), request.codeChallenge(), request.scope(),
                    request.nonce(), issue.signIn().subject(), issue.signIn().authTime(), request.claims(),
                    request.dpopJkt(), request.resources(), issue.signIn().sid());
            // Back-Channel Logout 1.0 §2.7: the clients a session signed its user in to are the ones told when it ends
            sessions.joined(issue.signIn().sid(), request.clientId(), clock.instant());
        } catch (RuntimeException e) {
            // RFC 6749 §4.1.2.1: our fault, told to the (verified) client without detail
            LOG.log(Level.SEVERE, "could not store an authorization code", e);
            return PageResponses.toClient(AuthorizationResponse.error(request, AuthorizationError.of(
                    AuthorizationErrorCode.SERVER_ERROR, "The server could not finish the request."), issuer()),
                    afterPost);
        }
        return PageResponses.toClient(AuthorizationResponse.success(request, code, issuer()), afterPost);
    }

    /**
     * OIDC Core §3.2.2.5 (issue #14): the implicit flow's tokens go to the client in the fragment (or by form post),
     * with state and iss; a token_issued event says so, as the token endpoint's would.
     */
    private Response implicitTokens(AuthorizationRequest request, RegisteredClient client, SignIn signIn,
                                    boolean afterPost) {
        ImplicitIssuer.Issued issued;
        try {
            issued = implicit.issue(new ImplicitIssuer.Grant(client, request.responseType(), request.scope(),
                    request.nonce(), request.claims(), request.resources(), signIn.subject(), signIn.authTime(),
                    signIn.sid()), clock.instant());
            sessions.joined(signIn.sid(), request.clientId(), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "could not issue the tokens of an implicit request", e);
            return PageResponses.toClient(AuthorizationResponse.error(request, AuthorizationError.of(
                    AuthorizationErrorCode.SERVER_ERROR, "The server could not finish the request."), issuer()),
                    afterPost);
        }
        audit.fire(AuditEvent.success(AuditEventName.TOKEN_ISSUED, clock.instant(), request.clientId(),
                OidcClientOptions.IMPLICIT_GRANT, signIn.subject(), issued.accessJwtId(), null));
        return PageResponses.toClient(AuthorizationResponse.tokens(request, issued.parameters(), issuer()), afterPost);
    }

    /**
     * Reports an error to the client's (verified) redirect URI: RFC 6749 §4.1.2.1, RFC 9207. The
     * caller has finished the pending request (removed it from the session).
     */
    Response redirectError(PendingAuthorization pending, AuthorizationError error, boolean afterPost) {
        return endWithError(pending.request(), error, afterPost);
    }

    /**
     * An error that ends a request: its pushed request_uri, if any, is spent first (RFC 9126 §4), and
     * a request whose request_uri another completion already spent sends nothing more to the client.
     */
    Response endWithError(AuthorizationRequest request, AuthorizationError error, boolean afterPost) {
        if (!pushed.complete(request, clock.instant())) {
            return PageResponses.message(400, MessagePage.expired());
        }
        return PageResponses.toClient(AuthorizationResponse.error(request, error, issuer()), afterPost);
    }

    /** The client's name for the pages (its id when it has none). */
    String clientName(AuthorizationRequest request) {
        return clientName(request.clientId());
    }

    /**
     * The name a page shows for a client: its registered name, else its id. A client whose id is a
     * URL (a client ID metadata document) is shown by its host, the one thing about it that is
     * verified; the name its document claims is {@link #claimedName}.
     */
    String clientName(String clientId) {
        if (ClientIdUrl.claimsToBeDocument(clientId) && ClientIdUrl.problem(clientId).isEmpty()) {
            return ClientIdUrl.host(clientId);
        }
        return clients.find(clientId).map(RegisteredClient::clientName).filter(n -> n != null && !n.isBlank())
                .orElse(clientId);
    }

    /** The client_name a metadata document claims for its client; empty for any other client. */
    Optional<String> claimedName(String clientId) {
        if (!ClientIdUrl.claimsToBeDocument(clientId) || ClientIdUrl.problem(clientId).isPresent()) {
            return Optional.empty();
        }
        return clients.find(clientId).map(RegisteredClient::clientName).filter(n -> !n.isBlank());
    }

    /**
     * The logo and links a page shows for a client (OIDC Registration §2). None for a client whose id is a URL (a
     * client ID metadata document, issue #16): it is shown by its host only, and nothing it claims is loaded.
     */
    ClientLinks clientLinks(String clientId) {
        if (ClientIdUrl.claimsToBeDocument(clientId)) {
            return ClientLinks.NONE;
        }
        return clients.find(clientId).map(c -> c.oidc().links()).orElse(ClientLinks.NONE);
    }

    /** RFC 9207 §2: iss is the issuer identifier exactly as in the server's metadata. */
    String issuer() {
        return settings.issuer().toString();
    }

    /**
     * The client as it is registered now: it may have been disabled, or lost the redirect URI,
     * while the user was signing in.
     */
    Optional<RegisteredClient> stillAllowed(AuthorizationRequest request) {
        return clients.find(request.clientId())
                .filter(RegisteredClient::enabled)
                .filter(c -> request.implicit() ? c.allowsGrant(OidcClientOptions.IMPLICIT_GRANT)
                        : c.allowsGrant(GrantType.AUTHORIZATION_CODE.wireValue()))
                .filter(c -> c.redirectUris().contains(request.redirectUri()));
    }

    /** A page of ours for the pending request, under the issuer (which may carry a path behind a proxy). */
    String pageUrl(String path, PendingAuthorization pending) {
        return settings.endpoint(path) + "?authz=" + URLEncoder.encode(pending.id(), StandardCharsets.UTF_8);
    }
}
