package dev.jeton.token;

import dev.jeton.client.ClientAuthMethod;
import dev.jeton.client.RegisteredClient;
import dev.jeton.error.OAuthErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The granted scope of a token request (RFC 6749 §3.3). */
class ScopePolicyTest {

    private static final RegisteredClient CLIENT = client(Set.of("api.write", "api.read", "admin"));

    private static RegisteredClient client(Set<String> scopes) {
        return new RegisteredClient("service", null, null, ClientAuthMethod.CLIENT_SECRET_BASIC,
                Set.of("client_credentials"), scopes, List.of(), null, null, null, true);
    }

    private static String granted(ScopePolicy policy, Optional<String> requested, RegisteredClient client) {
        return assertInstanceOf(ScopePolicy.Decision.Granted.class, policy.decide(requested, client)).scope();
    }

    private static String invalid(ScopePolicy policy, String requested) {
        ScopePolicy.Decision.Invalid invalid = assertInstanceOf(ScopePolicy.Decision.Invalid.class,
                policy.decide(Optional.of(requested), CLIENT), requested);
        assertEquals(OAuthErrorCode.INVALID_SCOPE, invalid.error().code());
        assertEquals(400, invalid.error().httpStatus());
        return invalid.error().description();
    }

    @Test
    void requestedScopeWithinTheClientsScopesIsGrantedInRequestOrderWithoutDuplicates() {
        // RFC 6749 §3.3: the scope is a list of space-delimited strings; order carries no meaning,
        // so a repeated token adds nothing
        ScopePolicy policy = new ScopePolicy(Set.of(), Set.of());

        assertEquals("api.write api.read", granted(policy, Optional.of("api.write api.read"), CLIENT));
        assertEquals("api.read api.write", granted(policy, Optional.of("api.read api.write api.read"), CLIENT));
        assertEquals("admin", granted(policy, Optional.of("admin"), CLIENT));
    }

    @Test
    void oneTokenOutsideTheClientsScopesIsInvalidScopeNamingIt() {
        // RFC 6749 §5.2: invalid_scope, "the requested scope ... exceeds the scope granted by the resource owner"
        String description = invalid(new ScopePolicy(Set.of(), Set.of()), "api.read billing api.write");

        assertTrue(description.contains("billing"), description);
    }

    @Test
    void tokenOutsideTheServerAllowedSetIsInvalidScopeEvenIfTheClientHasIt() {
        ScopePolicy policy = new ScopePolicy(Set.of("api.read", "api.write"), Set.of());

        String description = invalid(policy, "api.read admin");
        assertTrue(description.contains("admin"), description);
        assertEquals("api.read api.write", granted(policy, Optional.of("api.read api.write"), CLIENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.read  api.write", " api.read", "api.read ", " ", "api.\"read", "api.read\\",
            "api.read\tapi.write", "api.réad"})
    void malformedScopeStringIsInvalidScope(String requested) {
        // RFC 6749 §3.3: scope = scope-token *( SP scope-token ), scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
        invalid(new ScopePolicy(Set.of(), Set.of()), requested);
    }

    @Test
    void omittedScopeGivesTheServerDefaultThatTheClientHasSorted() {
        // RFC 6749 §3.3: "process the request using a pre-defined default value"
        ScopePolicy policy = new ScopePolicy(Set.of(), Set.of("api.write", "openid", "api.read"));

        assertEquals("api.read api.write", granted(policy, Optional.empty(), CLIENT));
    }

    @Test
    void omittedScopeWithNoServerDefaultGivesAllTheClientsScopesSorted() {
        ScopePolicy policy = new ScopePolicy(Set.of(), Set.of());

        assertEquals("admin api.read api.write", granted(policy, Optional.empty(), CLIENT));
    }

    @Test
    void omittedScopeForAClientWithoutScopesIsGrantedEmpty() {
        // RFC 9068 §2.2.3: the token then carries no scope claim
        assertEquals("", granted(new ScopePolicy(Set.of(), Set.of()), Optional.empty(), client(Set.of())));
        assertEquals("", granted(new ScopePolicy(Set.of(), Set.of("api.read")), Optional.empty(), client(Set.of())));
    }

    @Test
    void omittedScopeWhenTheServerDefaultAndTheClientShareNothingIsGrantedEmpty() {
        ScopePolicy policy = new ScopePolicy(Set.of(), Set.of("openid"));

        assertEquals("", granted(policy, Optional.empty(), CLIENT));
    }

    @Test
    void omittedScopeNeverGrantsBeyondTheServerAllowedSet() {
        ScopePolicy policy = new ScopePolicy(Set.of("api.read"), Set.of());
        assertEquals("api.read", granted(policy, Optional.empty(), CLIENT));
    }

    @Test
    void withoutAServerLimitTheOpenIdScopesJetonServesAreAdvertised() {
        // issue #14: the dev setup (no jeton.scopes.allowed) published no scopes_supported at all
        Set<dev.jeton.vocabulary.GrantType> grants = Set.of(dev.jeton.vocabulary.GrantType.AUTHORIZATION_CODE,
                dev.jeton.vocabulary.GrantType.REFRESH_TOKEN, dev.jeton.vocabulary.GrantType.CLIENT_CREDENTIALS);
        assertEquals(java.util.List.of("openid", "profile", "email", "address", "phone", "offline_access"),
                ScopePolicy.advertised(Set.of(), grants, new java.util.LinkedHashSet<>(java.util.List.of("profile",
                        "email", "address", "phone"))));
        assertEquals(java.util.List.of("openid", "email"), ScopePolicy.advertised(Set.of(),
                Set.of(dev.jeton.vocabulary.GrantType.AUTHORIZATION_CODE), Set.of("email")),
                "offline_access only with the refresh grant");
        assertEquals(java.util.List.of(), ScopePolicy.advertised(Set.of(),
                Set.of(dev.jeton.vocabulary.GrantType.CLIENT_CREDENTIALS), Set.of("email")), "no user grant, no openid");
    }

    @Test
    void aServerLimitIsAdvertisedAsItIsWithoutTheOperatorsOwnScopes() {
        assertEquals(java.util.List.of("api.read", "openid", "profile"), ScopePolicy.advertised(
                Set.of("openid", "profile", "api.read", "jeton.admin", "jeton.register"),
                Set.of(dev.jeton.vocabulary.GrantType.AUTHORIZATION_CODE), Set.of("email")));
    }
}
