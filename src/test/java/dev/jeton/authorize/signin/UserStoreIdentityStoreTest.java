package dev.jeton.authorize.signin;

import dev.jeton.user.UserAccount;
import dev.jeton.user.UserStore;
import jakarta.security.enterprise.credential.CallerOnlyCredential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The identity store over the user store: the principal is the subject; "none" steps aside. */
class UserStoreIdentityStoreTest {

    static final UserAccount ALICE = new UserAccount("3f2c-subject", "alice", true, Map.of());

    /** Knows alice with the password "right". */
    static final UserStore USERS = new UserStore() {
        @Override
        public Optional<UserAccount> authenticate(String username, char[] password) {
            return username.equals("alice") && String.valueOf(password).equals("right") ? Optional.of(ALICE)
                    : Optional.empty();
        }

        @Override
        public Optional<UserAccount> findBySubject(String subject) {
            return Optional.empty();
        }

        @Override
        public Optional<UserAccount> findByUsername(String username) {
            return Optional.empty();
        }

        @Override
        public UserAccount create(String username, char[] password, Map<String, Object> claims) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean setPassword(String username, char[] password) {
            return false;
        }

        @Override
        public boolean setEnabled(String username, boolean enabled) {
            return false;
        }

        @Override
        public List<UserAccount> list() {
            return List.of();
        }
    };

    @Test
    void theCallerPrincipalIsTheSubjectNotTheUsername() {
        IdentityStore store = new UserStoreIdentityStore(USERS, IdentityStoreMode.DATABASE);
        CredentialValidationResult result = store.validate(new UsernamePasswordCredential("alice", "right"));
        assertEquals(CredentialValidationResult.Status.VALID, result.getStatus());
        assertEquals("3f2c-subject", result.getCallerPrincipal().getName());
        assertEquals(Set.of(IdentityStore.ValidationType.VALIDATE), store.validationTypes());
    }

    @Test
    void aWrongPasswordOrUnknownUserIsInvalid() {
        IdentityStore store = new UserStoreIdentityStore(USERS, IdentityStoreMode.DATABASE);
        assertEquals(CredentialValidationResult.Status.INVALID,
                store.validate(new UsernamePasswordCredential("alice", "wrong")).getStatus());
        assertEquals(CredentialValidationResult.Status.INVALID,
                store.validate(new UsernamePasswordCredential("bob", "right")).getStatus());
        assertEquals(CredentialValidationResult.Status.NOT_VALIDATED,
                store.validate(new CallerOnlyCredential("alice")).getStatus(), "not a password: not ours to judge");
    }

    @Test
    void withNoneTheStoreTakesNoPart() {
        IdentityStore store = new UserStoreIdentityStore(USERS, IdentityStoreMode.NONE);
        assertEquals(Set.of(), store.validationTypes());
        assertEquals(CredentialValidationResult.Status.NOT_VALIDATED,
                store.validate(new UsernamePasswordCredential("alice", "right")).getStatus());
    }
}
