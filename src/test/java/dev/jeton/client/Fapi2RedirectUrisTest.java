package dev.jeton.client;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FAPI 2.0 Security Profile §5.3.2.2 (8): no authorization response over plain http but to a loopback address. */
class Fapi2RedirectUrisTest {

    @Test
    void httpsPrivateUseSchemesAndLoopbackIpLiteralsOnly() {
        for (String allowed : List.of("https://app.example.com/cb", "http://127.0.0.1:9877/cb", "http://127.8.9.10/cb",
                "http://[::1]:8000/cb", "com.example.app:/oauth2redirect")) {
            assertTrue(Fapi2RedirectUris.allowed(allowed), allowed);
        }
        // RFC 8252 §8.3: "localhost" is not a loopback IP literal; the rest is plain http to the network
        for (String refused : List.of("http://app.example.com/cb", "http://localhost:8080/cb", "HTTP://app.example.com/",
                "http://127.0.0.1.example.com/cb", "http://10.0.0.1/cb", "not a uri")) {
            assertFalse(Fapi2RedirectUris.allowed(refused), refused);
        }
    }
}
