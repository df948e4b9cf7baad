package dev.jeton.user;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The default user store: users in the database, passwords hashed with a slow KDF. */
public interface UserStore {

    Optional<UserAccount> findBySubject(String subject);

    Optional<UserAccount> findByUsername(String username);

    /**
     * The user, when the password is right and the account enabled. Does the same KDF work when
     * the user does not exist, so the time taken does not tell which usernames exist.
     */
    Optional<UserAccount> authenticate(String username, char[] password);

    /** Creates a user with a fresh random subject; fails when the username is taken. */
    UserAccount create(String username, char[] password, Map<String, Object> claims);

    /** Returns false when there is no such user. */
    boolean setPassword(String username, char[] password);

    /** Returns false when there is no such user. */
    boolean setEnabled(String username, boolean enabled);

    List<UserAccount> list();
}
