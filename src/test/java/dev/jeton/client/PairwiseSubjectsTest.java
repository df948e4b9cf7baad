package dev.jeton.client;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** OIDC Core §8.1 pairwise subject identifiers, OIDC Registration §2 subject_type and sector_identifier_uri, §5. */
class PairwiseSubjectsTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final PairwiseSubjects subjects = new PairwiseSubjects(() -> KEY);

    private static RegisteredClient client(String id, List<String> redirectUris, PairwiseSector sector) {
        return new RegisteredClient(id, id, null, ClientAuthMethod.NONE, Set.of("authorization_code"),
                Set.of("openid"), redirectUris, null, null, null, true)
                .withOidc(OidcClientOptions.NONE.withPairwise(sector));
    }

    private static JsonObject json(String text) {
        return JsonProvider.provider().createReader(new StringReader(text)).readObject();
    }

    @Test
    void aPairwiseSubIsTheSameWithinASectorAndUnrelatedAcrossSectors() {
        RegisteredClient a1 = client("a1", List.of("https://a.example/cb"), new PairwiseSector("a.example", null));
        RegisteredClient a2 = client("a2", List.of("https://A.example/other"), new PairwiseSector("A.EXAMPLE", null));
        RegisteredClient b = client("b", List.of("https://b.example/cb"), new PairwiseSector("b.example", null));
        String forA1 = subjects.subjectFor(a1, "user-1");
        assertEquals(forA1, subjects.subjectFor(a2, "user-1"), "one sector, one sub (host compared in lower case)");
        assertNotEquals(forA1, subjects.subjectFor(b, "user-1"), "another sector, another sub");
        assertNotEquals(forA1, subjects.subjectFor(a1, "user-2"), "another user, another sub");
        assertNotEquals("user-1", forA1);
        assertTrue(forA1.matches("[A-Za-z0-9_-]{43}"), "base64url of 256 bits, within §2's 255 ASCII characters");
        assertEquals(forA1, new PairwiseSubjects(() -> KEY).subjectFor(a1, "user-1"), "stable for one key");
        assertNotEquals(forA1, new PairwiseSubjects(() -> new byte[32]).subjectFor(a1, "user-1"),
                "and unguessable without it");
    }

    @Test
    void aPublicClientIsToldTheLocalSubjectAndNeverNeedsTheKey() {
        PairwiseSubjects keyless = new PairwiseSubjects(() -> {
            throw new AssertionError("the key was read for a public client");
        });
        assertEquals("user-1", keyless.subjectFor(client("p", List.of("https://p.example/cb"), null), "user-1"));
        assertThrows(IllegalStateException.class, () -> new PairwiseSubjects(() -> new byte[16])
                .subjectFor(client("a", List.of(), new PairwiseSector("a.example", null)), "user-1"),
                "a key under 256 bits is refused");
    }

    @Test
    void theSectorIsTheSectorIdentifierUrisHostOrElseTheOneHostOfTheRedirectUris() throws Exception {
        assertEquals(Optional.empty(), PairwiseSector.read(json("{}"), List.of("https://a.example/cb")));
        assertEquals(Optional.empty(), PairwiseSector.read(json("{\"subject_type\":\"public\"}"), List.of()));
        assertEquals("a.example", PairwiseSector.read(json("{\"subject_type\":\"pairwise\"}"),
                List.of("https://A.example/cb", "https://a.example/cb2")).orElseThrow().host());
        PairwiseSector withUri = PairwiseSector.read(json("{\"subject_type\":\"pairwise\","
                + "\"sector_identifier_uri\":\"https://sector.example/uris.json\"}"),
                List.of("https://a.example/cb", "https://b.example/cb")).orElseThrow();
        assertEquals("sector.example", withUri.host());
        assertEquals("https://sector.example/uris.json", withUri.sectorIdentifierUri());
        assertNull(PairwiseSector.read(json("{\"subject_type\":\"pairwise\"}"), List.of("https://a.example/cb"))
                .orElseThrow().sectorIdentifierUri());
    }

    @Test
    void whatCannotBeHonouredIsRefused() {
        // OIDC Core §8.1: several hosts need a sector_identifier_uri
        assertThrows(OidcClientOptions.Invalid.class, () -> PairwiseSector.read(json("{\"subject_type\":\"pairwise\"}"),
                List.of("https://a.example/cb", "https://b.example/cb")));
        assertThrows(OidcClientOptions.Invalid.class, () -> PairwiseSector.read(json("{\"subject_type\":\"pairwise\"}"),
                List.of()));
        assertThrows(OidcClientOptions.Invalid.class, () -> PairwiseSector.read(json("{\"subject_type\":\"secret\"}"),
                List.of("https://a.example/cb")));
        assertThrows(OidcClientOptions.Invalid.class, () -> PairwiseSector.read(json("{\"subject_type\":1}"),
                List.of("https://a.example/cb")));
        // OIDC Registration §2: https only
        assertThrows(OidcClientOptions.Invalid.class, () -> PairwiseSector.read(json("{\"subject_type\":\"pairwise\","
                + "\"sector_identifier_uri\":\"http://sector.example/uris.json\"}"), List.of("https://a.example/cb")));
        assertThrows(OidcClientOptions.Invalid.class, () -> PairwiseSector.read(json(
                "{\"sector_identifier_uri\":\"https://sector.example/uris.json\"}"), List.of("https://a.example/cb")),
                "a sector_identifier_uri for public identifiers would be silently useless");
    }

    /** OIDC Registration §5: the document is a JSON array holding every redirect_uri of the registration. */
    @Test
    void theSectorIdentifierDocumentMustListEveryRedirectUri() {
        List<String> redirects = List.of("https://a.example/cb", "https://b.example/cb");
        assertEquals(Optional.empty(), SectorIdentifierCheck.missing(
                "[\"https://a.example/cb\",\"https://b.example/cb\",\"https://c.example/cb\"]", redirects));
        assertTrue(SectorIdentifierCheck.missing("[\"https://a.example/cb\"]", redirects).isPresent());
        assertTrue(SectorIdentifierCheck.missing("[\"https://a.example/cb/\",\"https://b.example/cb\"]", redirects)
                .isPresent(), "compared exactly, as redirect URIs are");
        assertTrue(SectorIdentifierCheck.missing("{\"redirect_uris\":[]}", redirects).isPresent());
        assertTrue(SectorIdentifierCheck.missing("[1,2]", redirects).isPresent());
        assertTrue(SectorIdentifierCheck.missing("not json", redirects).isPresent());
        assertTrue(SectorIdentifierCheck.NONE.refusal("https://s.example/x", redirects).isPresent());
    }
}
