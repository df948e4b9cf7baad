package dev.jeton.user;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A user store in a map, for testing what sits on top of the store. Passwords are not checked. */
final class InMemoryUserStore implements UserStore {

    final Map<String, UserAccount> bySubject = new LinkedHashMap<>();

    void add(UserAccount user) {
        bySubject.put(user.subject(), user);
    }

    @Override
    public Optional<UserAccount> findBySubject(String subject) {
        return Optional.ofNullable(bySubject.get(subject));
    }

    @Override
    public Optional<UserAccount> findByUsername(String username) {
        return bySubject.values().stream()
                .filter(u -> u.username().toLowerCase(Locale.ROOT).equals(username.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    @Override
    public Optional<UserAccount> authenticate(String username, char[] password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UserAccount create(String username, char[] password, Map<String, Object> claims) {
        if (password.length < 8) {
            throw new IllegalArgumentException("password must have at least 8 characters");
        }
        UserAccount user = new UserAccount("sub-" + (bySubject.size() + 1), username, true, claims);
        add(user);
        return user;
    }

    @Override
    public boolean setPassword(String username, char[] password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean setEnabled(String username, boolean enabled) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<UserAccount> list() {
        return new ArrayList<>(bySubject.values());
    }
}
