package dev.jeton.client;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** logo_uri, client_uri, policy_uri, tos_uri (OIDC Registration §2): absolute https URLs only. */
class ClientLinksTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace('\'', '"'))).readObject();
    }

    @Test
    void theFourMembersAreReadAndTheLogosOriginIsItsHttpsOrigin() throws Exception {
        ClientLinks links = ClientLinks.read(json("{'logo_uri':'https://CDN.rp.example.com:8443/logo.png?v=1',"
                + "'client_uri':'https://rp.example.com/','policy_uri':'https://rp.example.com/privacy',"
                + "'tos_uri':'https://rp.example.com/tos'}"));
        assertEquals(new ClientLinks("https://CDN.rp.example.com:8443/logo.png?v=1", "https://rp.example.com/",
                "https://rp.example.com/privacy", "https://rp.example.com/tos"), links);
        assertEquals(Optional.of("https://cdn.rp.example.com:8443"), links.logoOrigin());
        assertEquals(Optional.of("https://[2001:db8::1]"),
                ClientLinks.read(json("{'logo_uri':'https://[2001:db8::1]/l.png'}")).logoOrigin());
    }

    @Test
    void noneRegisteredIsNone() throws Exception {
        ClientLinks links = ClientLinks.read(json("{'logo_uri':null}"));
        assertEquals(ClientLinks.NONE, links);
        assertTrue(links.isEmpty());
        assertEquals(Optional.empty(), links.logoOrigin());
    }

    @Test
    void anythingButAnAbsoluteHttpsUrlIsRefusedByName() {
        List<String> bad = List.of("'javascript:alert(1)'", "'http://rp.example.com/logo.png'", "'/logo.png'",
                "'data:image/png;base64,AAAA'", "'https://user:pw@rp.example.com/l.png'", "'https://rp_x.example/l'",
                "'https://rp.example.com/l.png\\\" onerror=\\\"x'", "'//rp.example.com/l.png'", "''", "7", "['x']",
                "'https://rp.example.com/" + "a".repeat(1000) + "'");
        for (String member : List.of("logo_uri", "client_uri", "policy_uri", "tos_uri")) {
            for (String value : bad) {
                OidcClientOptions.Invalid e = assertThrows(OidcClientOptions.Invalid.class,
                        () -> ClientLinks.read(json("{'" + member + "':" + value + "}")), member + " " + value);
                assertEquals(member + " must be an absolute https URL", e.getMessage());
            }
        }
    }
}
