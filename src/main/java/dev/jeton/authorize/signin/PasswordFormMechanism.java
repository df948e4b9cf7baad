package dev.jeton.authorize.signin;

import dev.jeton.authorize.SignIn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Clock;

/**
 * Jakarta Security's mechanism for Jeton's sign-in form. It acts only when the application
 * calls {@code SecurityContext.authenticate} with a {@link UsernamePasswordCredential} (the
 * POST of the sign-in form, which checks the CSRF token first); on every other request it does
 * nothing, so every page stays public and the endpoints decide themselves what needs a user.
 * {@link AutoApplySession} keeps the caller in the HTTP session between requests.
 *
 * <p>On success it gives the session a new id (the container does not: a session id planted
 * before sign-in must not survive it) and records who signed in and when, for OIDC
 * {@code auth_time} and {@code max_age} (OIDC Core §2, §3.1.2.1).
 */
@ApplicationScoped
@AutoApplySession
public class PasswordFormMechanism implements HttpAuthenticationMechanism {

    @Inject
    IdentityStoreHandler identityStores;
    @Inject
    Clock clock;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        if (!context.isAuthenticationRequest()
                || !(context.getAuthParameters().getCredential() instanceof UsernamePasswordCredential credential)) {
            return context.doNothing();
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            // the caller renders the form again; nothing is written to the response here
            return AuthenticationStatus.SEND_FAILURE;
        }
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        request.getSession(true).setAttribute(SignIn.SESSION_ATTRIBUTE,
                new SignIn(result.getCallerPrincipal().getName(), clock.instant()));
        return context.notifyContainerAboutLogin(result);
    }
}
