package dev.jeton.hostile;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator behind the over-HTTP hostile run (TokenEndpointIT): reproducible, broad, and its canaries findable. */
class HostileRequestsTest {

    private static final Function<Random, String> JWTS = random -> "eyJ" + Long.toHexString(random.nextLong());

    @Test
    void theSameSeedGivesTheSameRequests() {
        HostileRequests a = new HostileRequests(42, JWTS);
        HostileRequests b = new HostileRequests(42, JWTS);
        for (int i = 0; i < 2_000; i++) {
            assertEquals(a.next().toString(), b.next().toString());
        }
    }

    @Test
    void twentyThousandRequestsReachEveryEndpointWithEveryKindOfHostility() {
        HostileRequests generator = new HostileRequests(7, JWTS);
        Set<String> paths = new HashSet<>();
        Set<String> methods = new HashSet<>();
        int badQueries = 0;
        int nested = 0;
        int repeatedContentTypes = 0;
        for (int i = 0; i < 20_000; i++) {
            HostileRequests.Request r = generator.next();
            String path = r.target().split("\\?", 2)[0];
            paths.add(path.startsWith("/oauth/register/") ? "/oauth/register/{id}"
                    : path.startsWith("/admin/users/") ? "/admin/users/{id}" : path);
            methods.add(r.method());
            badQueries += r.target().contains("%zz") || r.target().contains("%C3%28") ? 1 : 0;
            nested += r.body() != null && new String(r.body(), StandardCharsets.ISO_8859_1).contains("[[[[") ? 1 : 0;
            repeatedContentTypes += r.headers().stream().filter(h -> h.getKey().equals("Content-Type")).count() > 1
                    ? 1 : 0;
        }
        assertTrue(paths.containsAll(List.of("/oauth/token", "/oauth/authorize", "/oauth/par",
                "/oauth/device_authorization", "/activate", "/login", "/consent", "/oauth/introspect", "/oauth/revoke",
                "/oauth/register", "/oauth/register/{id}", "/oauth/userinfo", "/admin/users", "/admin/users/{id}",
                "/oauth/jwks", "/.well-known/openid-configuration", "/openapi")), paths.toString());
        assertTrue(methods.containsAll(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD")));
        assertTrue(badQueries > 100, "bad escapes in queries: " + badQueries);
        assertTrue(nested > 100, "nested JSON bodies: " + nested);
        assertTrue(repeatedContentTypes > 10, "repeated content types: " + repeatedContentTypes);
    }

    @Test
    void aCanaryIsFoundInPlainTextAndInsideBase64AtEveryAlignment() {
        List<String> patterns = HostileRequests.canaryPatterns();
        for (int pad = 0; pad < 6; pad++) {
            String secret = "x".repeat(pad) + HostileRequests.CANARY + "-tail";
            String basic = Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8));
            String url = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ("{\"jti\":\"" + secret + "\"}").getBytes(StandardCharsets.UTF_8));
            assertTrue(patterns.stream().anyMatch(basic::contains), "Basic " + basic);
            assertTrue(patterns.stream().anyMatch(url::contains), "base64url " + url);
            assertTrue(patterns.stream().anyMatch(("token=" + secret)::contains));
        }
        assertTrue(patterns.stream().noneMatch("Basic aXQtYmFzaWM6c2VjcmV0"::contains), "no false positive");
    }
}
