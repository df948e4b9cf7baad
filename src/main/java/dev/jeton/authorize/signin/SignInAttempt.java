package dev.jeton.authorize.signin;

/**
 * What a sign-in form sent, and from where.
 *
 * @param username as typed (may be empty)
 * @param password as typed (null when the field was missing)
 * @param address  the peer address, for the throttle and the audit
 * @param clientId the client the user signs in for (the authorization's or the device's), for the audit
 */
public record SignInAttempt(String username, String password, String address, String clientId) {

    @Override
    public String toString() {
        // never print the password, nor the username (people type passwords into it)
        return "SignInAttempt[address=" + address + ", clientId=" + clientId + "]";
    }
}
