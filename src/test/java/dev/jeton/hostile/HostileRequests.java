package dev.jeton.hostile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A seeded generator of hostile HTTP requests over every Jeton endpoint: random and malformed
 * parameters, broken percent-encodings in the query and the body, wrong, missing and repeated
 * content types, huge and repeated headers, Authorization variants, nested JSON, and malformed
 * JWTs in every JWT slot (client_assertion, DPoP, request objects, subject and actor tokens,
 * id_token_hint, Bearer). The same seed gives the same requests.
 * <p>
 * Every credential it sends contains {@link #CANARY}, so a log line holding one is found by
 * {@link #canaryPatterns()}, in plain text, in Basic's Base64 and in a JWT's base64url.
 */
public final class HostileRequests {

    /** Part of every secret, password and token the generator makes; never in a legitimate log. */
    public static final String CANARY = "Zq9CanaryK3";

    /** One request: method, raw request target (path and query, bytes as written), headers, body or null. */
    public record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        @Override
        public String toString() {
            String b = body == null ? "" : new String(body, 0, Math.min(160, body.length), StandardCharsets.ISO_8859_1);
            String t = target.length() > 200 ? target.substring(0, 200) + "..." : target;
            return method + " " + t + " " + headers.stream().map(h -> h.getKey() + ": "
                    + (h.getValue().length() > 80 ? h.getValue().substring(0, 80) + "..." : h.getValue())).toList()
                    + " " + b;
        }
    }

    private record Endpoint(String path, List<String> methods, Kind kind, List<String> names) {
    }

    private enum Kind { FORM, QUERY, JSON, NONE }

    private static final List<String> AUTHORIZE = List.of("response_type", "client_id", "redirect_uri", "scope",
            "state", "nonce", "code_challenge", "code_challenge_method", "request", "request_uri", "prompt", "max_age",
            "claims", "response_mode", "login_hint", "id_token_hint", "ui_locales", "acr_values");
    private static final List<String> CLIENT_AUTH = List.of("client_id", "client_secret", "client_assertion_type",
            "client_assertion");
    private static final List<String> TOKEN = concat(CLIENT_AUTH, List.of("grant_type", "code", "redirect_uri",
            "code_verifier", "refresh_token", "scope", "subject_token", "subject_token_type", "actor_token",
            "actor_token_type", "requested_token_type", "audience", "resource", "device_code", "username", "password",
            "assertion"));

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("/oauth/token", List.of("POST"), Kind.FORM, TOKEN),
            new Endpoint("/oauth/authorize", List.of("GET", "POST"), Kind.QUERY, AUTHORIZE),
            new Endpoint("/oauth/par", List.of("POST"), Kind.FORM, concat(CLIENT_AUTH, AUTHORIZE)),
            new Endpoint("/oauth/device_authorization", List.of("POST"), Kind.FORM, concat(CLIENT_AUTH,
                    List.of("scope", "audience", "resource"))),
            new Endpoint("/activate", List.of("GET", "POST"), Kind.FORM, List.of("user_code", "csrf", "decision")),
            new Endpoint("/activate/decision", List.of("POST"), Kind.FORM, List.of("user_code", "csrf", "decision",
                    "authz")),
            new Endpoint("/login", List.of("GET", "POST"), Kind.FORM, List.of("authz", "username", "password", "csrf")),
            new Endpoint("/consent", List.of("GET", "POST"), Kind.FORM, List.of("authz", "csrf", "decision", "scope")),
            new Endpoint("/oauth/introspect", List.of("POST"), Kind.FORM, concat(CLIENT_AUTH,
                    List.of("token", "token_type_hint"))),
            new Endpoint("/oauth/revoke", List.of("POST"), Kind.FORM, concat(CLIENT_AUTH,
                    List.of("token", "token_type_hint"))),
            new Endpoint("/oauth/register", List.of("POST"), Kind.JSON, List.of()),
            new Endpoint("/oauth/register/{id}", List.of("GET", "PUT", "DELETE"), Kind.JSON, List.of()),
            new Endpoint("/oauth/userinfo", List.of("GET", "POST"), Kind.FORM, List.of("access_token", "claims")),
            new Endpoint("/admin/users", List.of("GET", "POST"), Kind.JSON, List.of()),
            new Endpoint("/admin/users/{id}/password", List.of("PUT"), Kind.JSON, List.of()),
            new Endpoint("/admin/users/{id}/enabled", List.of("PUT"), Kind.JSON, List.of()),
            new Endpoint("/oauth/jwks", List.of("GET"), Kind.NONE, List.of()),
            new Endpoint("/.well-known/oauth-authorization-server", List.of("GET"), Kind.NONE, List.of()),
            new Endpoint("/.well-known/openid-configuration", List.of("GET"), Kind.NONE, List.of()),
            new Endpoint("/openapi", List.of("GET"), Kind.NONE, List.of()),
            new Endpoint("/application.wadl", List.of("GET"), Kind.NONE, List.of()),
            new Endpoint("/oauth/nothing-here", List.of("GET", "POST"), Kind.FORM, List.of("x")));

    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD");
    private static final List<String> GRANTS = List.of("client_credentials", "authorization_code", "refresh_token",
            "password", "implicit", "urn:ietf:params:oauth:grant-type:device_code",
            "urn:ietf:params:oauth:grant-type:token-exchange", "urn:ietf:params:oauth:grant-type:jwt-bearer", "");
    private static final List<String> TOKEN_TYPES = List.of("urn:ietf:params:oauth:token-type:access_token",
            "urn:ietf:params:oauth:token-type:id_token", "urn:ietf:params:oauth:token-type:jwt",
            "urn:ietf:params:oauth:token-type:refresh_token", "x");
    private static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded;charset=UTF-8", "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "APPLICATION/X-WWW-FORM-URLENCODED", "application/json", "application/json;charset=UTF-8", "text/plain",
            "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded;charset=nonsense", "%%%", "",
            "application/jwt", "*/*", "application/x-www-form-urlencoded;;;=");
    /** Escapes that no decoder accepts, and escapes of bytes that are not UTF-8 or are controls. */
    private static final List<String> BAD_ESCAPES = List.of("%zz", "%", "%4", "%G0", "%%", "%C3%28", "%FF", "%00",
            "%0d%0a", "%E2%82", "%ED%A0%80", "%u0041", "%2", "%c0%af", "+%");
    private static final List<String> ODD_VALUES = List.of("", " ", "null", "[]", "{}", "'", "\"", "<script>",
            "https://evil.example/cb", "http://127.0.0.1:9876/callback", "openid", "openid offline_access jeton.admin",
            "S256", "plain", "code", "token id_token", "login consent", "-1", "99999999999999999999", "1e309",
            "urn:ietf:params:oauth:request_uri:x", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "demo-service", "it-basic", "../../etc/passwd", "\u00e9\u4e2d\ud83d\ude00", "a\u0000b", "x\r\nSet-Cookie: a=b");

    private final Random random;
    private final Function<Random, String> jwts;
    private int counter;

    /**
     * @param seed the seed; the same seed gives the same sequence
     * @param jwts makes a JWT for a JWT slot (hostile or, rarely, valid) from the generator's random
     */
    public HostileRequests(long seed, Function<Random, String> jwts) {
        this.random = new Random(seed);
        this.jwts = jwts;
    }

    /**
     * Substrings of which a log line holds at least one if it holds a credential this generator
     * made: the canary itself, and what it becomes inside Base64 and base64url at each of the
     * three alignments (Basic headers, JWT payloads).
     */
    public static List<String> canaryPatterns() {
        List<String> patterns = new ArrayList<>(List.of(CANARY));
        for (int pad = 0; pad < 3; pad++) {
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(
                    ("x".repeat(pad) + CANARY).getBytes(StandardCharsets.UTF_8));
            // the characters that depend only on the canary: skip the pad's, keep whole 4-char groups
            int skip = pad == 0 ? 0 : 4;
            int end = ((pad + CANARY.length()) / 3) * 4;
            String stable = encoded.substring(skip, end);
            patterns.add(stable);
            patterns.add(stable.replace('+', '-').replace('/', '_'));
        }
        return patterns;
    }

    public Request next() {
        counter++;
        Endpoint endpoint = pick(ENDPOINTS);
        String method = random.nextInt(10) < 8 ? pick(endpoint.methods()) : pick(METHODS);
        String path = endpoint.path().replace("{id}", pathSegment());
        List<String> names = endpoint.names().isEmpty() ? TOKEN : endpoint.names();
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        byte[] body = null;
        String query = "";
        boolean form = endpoint.kind() == Kind.FORM || endpoint.kind() == Kind.QUERY;
        if (endpoint.kind() == Kind.QUERY && method.equals("GET") || random.nextInt(4) == 0) {
            query = "?" + formText(names);
        }
        if (random.nextInt(6) == 0) {
            query = (query.isEmpty() ? "?" : query + "&") + pick(List.of("x", "access_token", "client_secret",
                    "code", "state")) + "=" + secret() + pick(BAD_ESCAPES);
        }
        if (!method.equals("GET") && !method.equals("HEAD") || random.nextInt(10) == 0) {
            if (endpoint.kind() == Kind.JSON || random.nextInt(12) == 0) {
                body = json();
                headers.add(Map.entry("Content-Type", random.nextInt(6) == 0 ? pick(CONTENT_TYPES)
                        : "application/json"));
            } else {
                body = formBody(form ? names : TOKEN);
                if (random.nextInt(8) != 0) {
                    headers.add(Map.entry("Content-Type", random.nextInt(4) == 0 ? pick(CONTENT_TYPES)
                            : "application/x-www-form-urlencoded"));
                }
                if (random.nextInt(25) == 0) {
                    headers.add(Map.entry("Content-Type", pick(CONTENT_TYPES)));
                }
            }
        } else if (random.nextInt(5) == 0) {
            // a form content type with no body: Jersey then looks at servlet parameters
            headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
        }
        authorization(headers);
        if (random.nextInt(4) == 0) {
            headers.add(Map.entry("DPoP", random.nextInt(5) == 0 ? secret() : jwts.apply(random)));
        }
        otherHeaders(headers);
        return new Request(method, path + requestLineSafe(query), headers.stream()
                .map(h -> Map.entry(h.getKey(), h.getValue().replace("\r", "").replace("\n", ""))).toList(), body);
    }

    /**
     * The query as a client can put it in a request line: a raw space, control character or
     * non-ASCII character there is not a hostile parameter but a broken request line, which the
     * container's HTTP parser refuses before any application code runs (505, and a WARNING that
     * quotes the line). Those are escaped here; malformed escapes stay as they are. CR and LF are
     * likewise dropped from header values (they would start a new header, not send a bad one).
     */
    private static String requestLineSafe(String query) {
        StringBuilder safe = new StringBuilder(query.length());
        for (char c : query.toCharArray()) {
            if (c == ' ') {
                safe.append('+');
            } else if (c < 0x21 || c >= 0x7F) {
                safe.append(java.net.URLEncoder.encode(String.valueOf(c), StandardCharsets.UTF_8));
            } else {
                safe.append(c);
            }
        }
        return safe.toString();
    }

    private void authorization(List<Map.Entry<String, String>> headers) {
        int count = random.nextInt(12) == 0 ? 2 : 1;
        for (int i = 0; i < count; i++) {
            switch (random.nextInt(10)) {
                case 0, 1 -> {
                    // no Authorization
                }
                case 2, 3 -> headers.add(Map.entry("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (clientId() + ":" + secret()).getBytes(StandardCharsets.UTF_8))));
                case 4 -> headers.add(Map.entry("Authorization", pick(List.of("Basic", "Basic ", "Basic %%%",
                        "Basic " + secret(), "Basic Og==", "basic " + Base64.getEncoder().encodeToString(
                                (secret() + ":").getBytes(StandardCharsets.UTF_8)), "Digest x=" + secret(),
                        "Bearer", "DPoP", "Bearer  ", "Bearer " + secret() + " " + secret()))));
                case 5, 6 -> headers.add(Map.entry("Authorization", "Bearer " + jwts.apply(random)));
                case 7 -> headers.add(Map.entry("Authorization", "DPoP " + jwts.apply(random)));
                case 8 -> headers.add(Map.entry("Authorization", "Bearer " + secret()));
                default -> headers.add(Map.entry("Authorization", pick(List.of("Bearer ", "bearer ", "BEARER ",
                        "DPoP ", "dpop ")) + (random.nextBoolean() ? jwts.apply(random) : secret())));
            }
        }
    }

    private void otherHeaders(List<Map.Entry<String, String>> headers) {
        switch (random.nextInt(14)) {
            case 0 -> headers.add(Map.entry("X-Filler", "A".repeat(2_000 + random.nextInt(12_000))));
            case 1 -> headers.add(Map.entry("Accept", pick(List.of("application/vnd.sun.wadl+xml", "text/html",
                    "application/xml", "*/*;q=x", "", "application/json;q=0"))));
            case 2 -> headers.add(Map.entry("Cookie", "JSESSIONID=" + secret() + pick(List.of("", ";", "; a",
                    "=====", "; JSESSIONID=x"))));
            case 3 -> headers.add(Map.entry("X-Forwarded-For", pick(List.of("", "x", "1.2.3.4, evil", "::::",
                    "999.999.999.999"))));
            case 4 -> {
                for (int i = 0; i < 40; i++) {
                    headers.add(Map.entry("X-Repeated-" + (i % 3), secret()));
                }
            }
            case 5 -> headers.add(Map.entry("Origin", pick(List.of("https://evil.example", "null", "%zz"))));
            case 6 -> headers.add(Map.entry("Accept-Language", pick(List.of("zz", "*", "en;q=abc", ",,,"))));
            case 7 -> headers.add(Map.entry("Accept-Charset", pick(List.of("nonsense", "utf-7", "*"))));
            default -> {
            }
        }
    }

    private String formText(List<String> names) {
        StringBuilder text = new StringBuilder();
        int n = random.nextInt(7);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                text.append('&');
            }
            String name = random.nextInt(10) == 0 ? pick(List.of("", "%zz", "a b", "é", "x")) : pick(names);
            text.append(encodeMaybe(name)).append('=').append(value(name));
        }
        return text.toString();
    }

    private byte[] formBody(List<String> names) {
        switch (random.nextInt(12)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                return bytes;
            }
            case 1 -> {
                return new byte[0];
            }
            case 2 -> {
                return ("grant_type=client_credentials&scope=" + "a".repeat(5_000 + random.nextInt(20_000)))
                        .getBytes(StandardCharsets.US_ASCII);
            }
            default -> {
                String text = formText(names);
                if (random.nextInt(4) == 0) {
                    text += "&" + pick(names) + "=" + secret() + pick(BAD_ESCAPES);
                }
                return text.getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    /** An encoded value for a parameter, shaped by what the name expects. */
    private String value(String name) {
        String raw = switch (name) {
            case "grant_type" -> pick(GRANTS);
            case "subject_token_type", "actor_token_type", "requested_token_type" -> pick(TOKEN_TYPES);
            case "client_assertion", "subject_token", "actor_token", "request", "id_token_hint", "assertion",
                 "access_token", "token" -> random.nextInt(4) == 0 ? secret() : jwts.apply(random);
            case "client_secret", "password", "refresh_token", "code", "device_code", "code_verifier", "csrf" ->
                    secret();
            case "client_id", "username" -> clientId();
            case "claims" -> new String(json(), StandardCharsets.UTF_8);
            default -> random.nextBoolean() ? pick(ODD_VALUES) : randomText();
        };
        return random.nextInt(8) == 0 ? raw + pick(BAD_ESCAPES) : encodeMaybe(raw);
    }

    private String encodeMaybe(String raw) {
        // mostly well-encoded; sometimes raw (spaces, '&', non-ASCII bytes as the client typed them)
        return random.nextInt(10) == 0 ? raw : java.net.URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    private byte[] json() {
        String text = switch (random.nextInt(9)) {
            case 0, 1 -> {
                int depth = 1 + random.nextInt(3_000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                String close = open.equals("[") ? "]" : "}";
                yield "{\"client_name\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
            }
            case 2 -> "{\"client_name\":\"" + secret() + "\",\"redirect_uris\":[\"" + pick(ODD_VALUES)
                    + "\"],\"grant_types\":[\"" + pick(GRANTS) + "\"],\"scope\":\"" + pick(ODD_VALUES)
                    + "\",\"token_endpoint_auth_method\":\"" + pick(List.of("none", "client_secret_basic", "x", ""))
                    + "\",\"client_id\":\"" + clientId() + "\",\"client_secret\":\"" + secret() + "\"}";
            case 3 -> "{\"username\":\"" + clientId() + "\",\"password\":\"" + secret()
                    + "\",\"enabled\":" + pick(List.of("true", "false", "1", "null", "\"x\""))
                    + ",\"claims\":{\"name\":" + pick(List.of("1", "[]", "{}", "\"n\"", "1e99999")) + "}}";
            case 4 -> pick(List.of("", "{", "}", "[]", "null", "1", "\"x\"", "{\"a\":1}{\"b\":2}", "{\"a\":1,}",
                    "{\"a\":\"\\ud800\"}", "{\"a\":1e999999999}", "{\"a\":-0.0000000000000000000000000001e-99999}",
                    "{\"a\":1,\"a\":2}", "\u00ef\u00bb\u00bf{}", "{\"a\":\"\u0000\"}"));
            case 5 -> "{\"x\":\"" + "A".repeat(3_000 + random.nextInt(10_000)) + "\"}";
            default -> {
                byte[] bytes = new byte[random.nextInt(200)];
                random.nextBytes(bytes);
                yield "{\"" + randomText() + "\":" + new String(bytes, StandardCharsets.ISO_8859_1) + "}";
            }
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A path segment. Not malformed escapes ({@code %zz}), {@code %00}, {@code ..} or {@code %2e%2e}:
     * Payara's request adapter fails on those (a trailing {@code ..} throws in Grizzly's path
     * normaliser) before any filter of the WAR runs (see docs/security.md).
     */
    private String pathSegment() {
        return pick(List.of("x", java.net.URLEncoder.encode(clientId(), StandardCharsets.UTF_8), "a%2Fb", "it-basic", "demo-service",
                "very-long-" + "x".repeat(300), "%C3%A9", "a;b=c", "%20", "a+b"));
    }

    /** A secret, password or opaque token: always carries the canary. */
    private String secret() {
        return CANARY + "-" + counter + "-" + Long.toHexString(random.nextLong());
    }

    /** Client ids and usernames nobody else uses (a throttle keyed on them must not lock out other tests). */
    private String clientId() {
        return pick(List.of("hostile-", "h:", "h%", "\u0441lient-", "")) + Integer.toString(random.nextInt(1000), 36);
    }

    private String randomText() {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            s.append((char) (random.nextInt(5) == 0 ? random.nextInt(0x3000) : 0x20 + random.nextInt(0x5F)));
        }
        return s.toString();
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
