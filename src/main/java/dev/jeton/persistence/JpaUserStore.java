package dev.jeton.persistence;

import dev.jeton.vocabulary.TokenIds;
import dev.jeton.user.PasswordHasher;
import dev.jeton.user.UserAccount;
import dev.jeton.user.UserStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Users in the database; passwords only as PBKDF2 hashes. */
@ApplicationScoped
public class JpaUserStore implements UserStore {

    static final int MIN_PASSWORD_LENGTH = 8;
    static final int MAX_USERNAME_LENGTH = 200;

    @PersistenceContext(unitName = "jeton")
    EntityManager em;
    @Inject
    PasswordHasher hasher;
    @Inject
    Clock clock;

    @Override
    public Optional<UserAccount> findBySubject(String subject) {
        return subject == null ? Optional.empty()
                : Optional.ofNullable(em.find(UserEntity.class, subject)).map(JpaUserStore::toAccount);
    }

    @Override
    public Optional<UserAccount> findByUsername(String username) {
        return entity(username).map(JpaUserStore::toAccount);
    }

    @Override
    public Optional<UserAccount> authenticate(String username, char[] password) {
        UserEntity user = entity(username).orElse(null);
        // the KDF runs whether or not the user exists, so response time does not reveal usernames
        boolean match = hasher.verify(password, user == null ? hasher.dummyHash() : user.getPasswordHash());
        if (user == null || !match || !user.isEnabled()) {
            return Optional.empty();
        }
        return Optional.of(toAccount(user));
    }

    @Override
    @Transactional
    public UserAccount create(String username, char[] password, Map<String, Object> claims) {
        if (username == null || username.isBlank() || username.length() > MAX_USERNAME_LENGTH) {
            throw new IllegalArgumentException("username must be 1 to " + MAX_USERNAME_LENGTH + " characters");
        }
        checkPassword(password);
        if (entity(username).isPresent()) {
            throw new IllegalArgumentException("username is taken: " + username);
        }
        UserEntity e = new UserEntity();
        e.setSubject(TokenIds.random(128));
        e.setUsername(username);
        e.setUsernameLower(lower(username));
        e.setPasswordHash(hasher.hash(password));
        e.setEnabled(true);
        e.setClaims(ClaimsJson.write(claims == null ? Map.of() : claims));
        e.setCreatedAt(clock.instant());
        e.setUpdatedAt(e.getCreatedAt());
        em.persist(e);
        return toAccount(e);
    }

    @Override
    @Transactional
    public boolean setPassword(String username, char[] password) {
        checkPassword(password);
        return entity(username).map(e -> {
            e.setPasswordHash(hasher.hash(password));
            e.setUpdatedAt(clock.instant());
            return true;
        }).orElse(false);
    }

    @Override
    @Transactional
    public boolean setEnabled(String username, boolean enabled) {
        return entity(username).map(e -> {
            e.setEnabled(enabled);
            e.setUpdatedAt(clock.instant());
            return true;
        }).orElse(false);
    }

    @Override
    public List<UserAccount> list() {
        return em.createQuery("select u from UserEntity u order by u.usernameLower", UserEntity.class)
                .getResultStream().map(JpaUserStore::toAccount).toList();
    }

    private Optional<UserEntity> entity(String username) {
        if (username == null || username.length() > MAX_USERNAME_LENGTH) {
            return Optional.empty();
        }
        return em.createQuery("select u from UserEntity u where u.usernameLower = :u", UserEntity.class)
                .setParameter("u", lower(username))
                .getResultStream().findFirst();
    }

    /** Locale.ROOT: the same name folds the same way whatever the server's locale (no Turkish dotless i). */
    private static String lower(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
    }

    private static UserAccount toAccount(UserEntity e) {
        return new UserAccount(e.getSubject(), e.getUsername(), e.isEnabled(), ClaimsJson.read(e.getClaims()));
    }
}
