package dev.jeton.vocabulary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6749 §3.3: scope = scope-token *( SP scope-token ); scope-token = 1*( %x21 / %x23-5B / %x5D-7E ). */
class ScopeTest {

    @Test
    void theGrammarsTokensParseInTheirOrder() {
        Scope scope = Scope.parse("openid profile api:read").orElseThrow();
        assertEquals(List.of("openid", "profile", "api:read"), List.copyOf(scope.tokens()));
        assertEquals("openid profile api:read", scope.toString());
    }

    @Test
    void everyAllowedCharacterIsATokenCharacter() {
        StringBuilder all = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++) {
            if (c != '"' && c != '\\') {
                all.append(c);
            }
        }
        assertEquals(all.toString(), Scope.parse(all.toString()).orElseThrow().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a  b", " a", "a ", "a\tb", "a\nb", "a\"b", "a\\b", "caf\u00e9", "a\u0000b",
            "a\u00a0b", "a\u2003b", "\u007f", "a\r\nb"})
    void anythingElseIsNotAScope(String hostile) {
        // one SP between tokens, no other whitespace, none around, no empty value: the caller answers invalid_scope
        assertEquals(Optional.empty(), Scope.parse(hostile));
    }

    @Test
    void nullIsNotAScope() {
        assertEquals(Optional.empty(), Scope.parse(null));
    }

    @Test
    void aLongHostileValueIsRefusedQuickly() {
        // no backtracking: a hundred thousand tokens and a bad last character are rejected in linear time
        String value = "a ".repeat(100_000) + "\"";
        long start = System.nanoTime();
        assertEquals(Optional.empty(), Scope.parse(value));
        assertTrue(System.nanoTime() - start < 2_000_000_000L);
    }

    @Test
    void aTokenGivenTwiceCountsOnceAndOrderDoesNotMatterForEquality() {
        Scope twice = Scope.parse("b a b").orElseThrow();
        assertEquals("b a", twice.toString());
        assertEquals(Scope.parse("a b").orElseThrow(), twice);
        assertEquals(Scope.parse("a b").orElseThrow().hashCode(), twice.hashCode());
        assertNotEquals(Scope.parse("a").orElseThrow(), twice);
    }

    @Test
    void narrowingIsContainment() {
        Scope granted = Scope.parse("openid offline_access api.read").orElseThrow();
        assertTrue(granted.containsAll(Scope.parse("api.read openid").orElseThrow()));
        assertTrue(granted.containsAll(Scope.EMPTY));
        assertFalse(granted.containsAll(Scope.parse("api.read api.write").orElseThrow()));
        assertFalse(granted.containsAll(Scope.parse("API.READ").orElseThrow()), "scope tokens are case-sensitive");
        assertFalse(granted.containsAll(Scope.parse("api").orElseThrow()), "no prefix matching");
    }

    @Test
    void filterSortAndUnionKeepSetSemantics() {
        Scope scope = Scope.parse("c a b").orElseThrow();
        assertEquals("c b", scope.filter(s -> !s.equals("a")).toString());
        assertEquals("a b c", scope.sorted().toString());
        assertEquals("c a b d", scope.union(Scope.of("b", "d")).toString());
    }

    @Test
    void theEmptyScopeIsTheEmptyStringOnlyForWhatWeIssued() {
        assertEquals("", Scope.EMPTY.toString());
        assertTrue(Scope.EMPTY.isEmpty());
        assertEquals(Scope.EMPTY, Scope.ofIssued(""));
        assertEquals(Scope.EMPTY, Scope.ofIssued(null));
        assertEquals(Scope.of("openid"), Scope.ofIssued("openid"));
        assertThrows(IllegalArgumentException.class, () -> Scope.ofIssued("a  b"));
    }

    @Test
    void tokensAreCheckedWhenBuiltFromACollection() {
        assertEquals("x y", Scope.of(List.of("x", "y")).toString());
        assertThrows(IllegalArgumentException.class, () -> Scope.of(List.of("x y")));
        assertThrows(IllegalArgumentException.class, () -> Scope.of(List.of("")));
        assertTrue(Scope.isScopeToken("urn:example:read"));
        assertFalse(Scope.isScopeToken("with space"));
        assertFalse(Scope.isScopeToken(null));
    }

    @Test
    void theTokensCannotBeChangedFromOutside() {
        Set<String> tokens = Scope.parse("a b").orElseThrow().tokens();
        assertThrows(UnsupportedOperationException.class, () -> tokens.add("c"));
    }
}
