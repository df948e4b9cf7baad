package dev.jeton.persistence;

import dev.jeton.user.PasswordHasher;
import dev.jeton.user.UserAccount;
import dev.jeton.user.UserTestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jeton.persistence.JpaTestDatabase.inTransaction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default user store against a real database. */
class JpaUserStoreTest {

    private static final char[] PASSWORD = "correct horse battery".toCharArray();

    private JpaTestDatabase db;
    private JpaUserStore users;

    @BeforeEach
    void open() {
        db = new JpaTestDatabase();
        users = new JpaUserStore();
        users.em = db.newEntityManager();
        users.hasher = UserTestSettings.hasher();
        users.clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private UserAccount create(String username, Map<String, Object> claims) {
        return inTransaction(users.em, () -> users.create(username, PASSWORD, claims));
    }

    @Test
    void createdUserIsFoundBySubjectAndByUsernameInAnyCase() {
        UserAccount alice = create("Alice", Map.of("name", "Alice Liddell", "email_verified", true,
                "updated_at", 1767322245L, "address", Map.of("country", "UK")));

        // a random 128-bit subject, base64url: 22 characters, not derived from the username (OIDC Core §8)
        assertEquals(22, alice.subject().length());
        assertEquals(alice, users.findBySubject(alice.subject()).orElseThrow());
        assertEquals(alice, users.findByUsername("aLICE").orElseThrow());
        assertEquals("Alice", alice.username());
        assertEquals(Map.of("name", "Alice Liddell", "email_verified", true, "updated_at", 1767322245L,
                "address", Map.of("country", "UK")), users.findByUsername("alice").orElseThrow().claims());
        assertTrue(users.findByUsername("bob").isEmpty());
    }

    @Test
    void subjectsAreDistinct() {
        assertNotEquals(create("alice", Map.of()).subject(), create("bob", Map.of()).subject());
    }

    @Test
    void takenUsernameInAnotherCaseIsRefused() {
        create("alice", Map.of());
        assertThrows(IllegalArgumentException.class, () -> create("ALICE", Map.of()));
    }

    @Test
    void emptyUsernameOrShortPasswordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> create("", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> create("   ", Map.of()));
        assertThrows(IllegalArgumentException.class,
                () -> inTransaction(users.em, () -> users.create("alice", "1234567".toCharArray(), Map.of())));
        assertTrue(users.list().isEmpty());
    }

    @Test
    void authenticatesWithTheRightPasswordOnly() {
        UserAccount alice = create("alice", Map.of());

        assertEquals(alice, users.authenticate("ALICE", PASSWORD).orElseThrow());
        assertTrue(users.authenticate("alice", "wrong password".toCharArray()).isEmpty());
        assertTrue(users.authenticate("nobody", PASSWORD).isEmpty());
        assertTrue(users.authenticate(null, PASSWORD).isEmpty());
    }

    @Test
    void unknownAndDisabledUsersCostOnePasswordCheckLikeOthers() {
        // the KDF's time must not tell which usernames exist (OWASP Authentication Cheat Sheet)
        List<String> checked = new ArrayList<>();
        users.hasher = new PasswordHasher(UserTestSettings.withIterations(UserTestSettings.ITERATIONS)) {
            @Override
            public boolean verify(char[] password, String stored) {
                checked.add(stored);
                return super.verify(password, stored);
            }
        };
        create("alice", Map.of());
        inTransaction(users.em, () -> users.setEnabled("alice", false));

        users.authenticate("nobody", PASSWORD);
        users.authenticate("alice", PASSWORD);

        assertEquals(2, checked.size());
        assertEquals(users.hasher.dummyHash(), checked.get(0));
        assertTrue(checked.get(1).startsWith("pbkdf2-sha256$"));
    }

    @Test
    void disabledUserCannotAuthenticate() {
        create("alice", Map.of());

        assertTrue(inTransaction(users.em, () -> users.setEnabled("alice", false)));
        assertTrue(users.authenticate("alice", PASSWORD).isEmpty());
        assertFalse(users.findByUsername("alice").orElseThrow().enabled());

        assertTrue(inTransaction(users.em, () -> users.setEnabled("alice", true)));
        assertTrue(users.authenticate("alice", PASSWORD).isPresent());
        assertFalse(inTransaction(users.em, () -> users.setEnabled("nobody", false)));
    }

    @Test
    void newPasswordReplacesTheOld() {
        create("alice", Map.of());
        char[] newPassword = "a new long password".toCharArray();

        assertTrue(inTransaction(users.em, () -> users.setPassword("Alice", newPassword)));

        assertTrue(users.authenticate("alice", PASSWORD).isEmpty());
        assertTrue(users.authenticate("alice", newPassword).isPresent());
        assertFalse(inTransaction(users.em, () -> users.setPassword("nobody", newPassword)));
        assertThrows(IllegalArgumentException.class,
                () -> inTransaction(users.em, () -> users.setPassword("alice", "short".toCharArray())));
    }

    @Test
    void passwordIsStoredOnlyAsAHash() {
        UserAccount alice = create("alice", Map.of());
        String stored = users.em.find(UserEntity.class, alice.subject()).getPasswordHash();

        assertTrue(stored.startsWith("pbkdf2-sha256$" + UserTestSettings.ITERATIONS + "$"), stored);
        assertFalse(stored.contains(new String(PASSWORD)));
    }

    @Test
    void listIsOrderedByUsername() {
        create("carol", Map.of());
        create("Alice", Map.of());
        create("bob", Map.of());

        List<String> names = users.list().stream().map(UserAccount::username).toList();
        assertEquals(List.of("Alice", "bob", "carol"), names);
    }
}
