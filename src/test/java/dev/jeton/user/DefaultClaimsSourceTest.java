package dev.jeton.user;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Claims released by scope (OIDC Core §5.4) and by name (§5.5). */
class DefaultClaimsSourceTest {

    private static final Map<String, Object> ADDRESS = Map.of("street_address", "1 Main St", "country", "DE");

    private final InMemoryUserStore users = new InMemoryUserStore();
    private final DefaultClaimsSource source = new DefaultClaimsSource();

    @BeforeEach
    void setUp() {
        source.users = users;
        users.add(new UserAccount("sub-1", "alice", true, Map.of(
                "name", "Alice Liddell", "given_name", "Alice", "family_name", "Liddell", "locale", "en-GB",
                "updated_at", 1767322245L, "email", "alice@example.com", "email_verified", true,
                "address", ADDRESS, "phone_number", "+49 30 123456", "sub", "not-the-subject")));
        users.add(new UserAccount("sub-2", "bob", true, Map.of("name", "Bob")));
    }

    @Test
    void profileScopeReleasesTheProfileClaimsTheUserHas() {
        // middle_name, nickname, picture, ... are not held for alice, so they are absent, not null
        assertEquals(Map.of("name", "Alice Liddell", "given_name", "Alice", "family_name", "Liddell",
                        "preferred_username", "alice", "locale", "en-GB", "updated_at", 1767322245L),
                source.claims("sub-1", Set.of("openid", "profile"), Set.of()));
    }

    @Test
    void emailAddressAndPhoneScopes() {
        assertEquals(Map.of("email", "alice@example.com", "email_verified", true),
                source.claims("sub-1", Set.of("openid", "email"), Set.of()));
        assertEquals(Map.of("address", ADDRESS), source.claims("sub-1", Set.of("address"), Set.of()));
        // phone_number_verified is not held: only phone_number is released
        assertEquals(Map.of("phone_number", "+49 30 123456"), source.claims("sub-1", Set.of("phone"), Set.of()));
    }

    @Test
    void openidAloneOrAnUnknownScopeReleasesNothing() {
        assertTrue(source.claims("sub-1", Set.of("openid", "api.read"), Set.of()).isEmpty());
    }

    @Test
    void individuallyRequestedClaimsAreAddedWhenTheUserHasThem() {
        assertEquals(Map.of("email", "alice@example.com", "name", "Alice Liddell"),
                source.claims("sub-1", Set.of("openid"), Set.of("email", "name", "nickname")));
        // bob has no email: asking for it by name adds nothing
        assertEquals(Map.of("name", "Bob", "preferred_username", "bob"),
                source.claims("sub-2", Set.of("profile"), Set.of("email")));
    }

    @Test
    void subIsNeverReleased() {
        // the caller sets sub from the grant; a stored claim of that name must not override it
        assertTrue(source.claims("sub-1", Set.of(), Set.of("sub")).isEmpty());
    }

    @Test
    void unknownSubjectHasNoClaims() {
        assertTrue(source.claims("no-such-subject", Set.of("profile", "email"), Set.of("name")).isEmpty());
    }
}
