package dev.jeton.architecture;

import dev.jeton.authorize.SignIn;
import dev.jeton.authorize.signin.SignInSession;
import dev.jeton.user.UserStore;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AutoApplySession;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Instant;

/**
 * What SignInPathTest must catch: a copied sign-in that checks a password, makes its own sign-in
 * record and starts a session, or logs in through the container. Test code only; never deployed.
 */
@AutoApplySession
class SecondSignInPath implements HttpAuthenticationMechanism {

    void copiedSignIn(IdentityStoreHandler stores, UserStore users, SignInSession session, SecurityContext security,
                      HttpServletRequest request, HttpServletResponse response) {
        stores.validate(new UsernamePasswordCredential("u", "p"));
        users.authenticate("u", new char[0]);
        session.begin(new SignIn("sub", Instant.EPOCH), new dev.jeton.session.SessionCookie("c"));
        security.authenticate(request, response, null);
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        return AuthenticationStatus.SUCCESS;
    }
}
