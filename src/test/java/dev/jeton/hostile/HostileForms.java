package dev.jeton.hostile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Hostile token-endpoint input: raw form bodies, decoded parameter lists and Authorization
 * headers that an attacker can send. Shared by the core properties and the over-HTTP check.
 */
public final class HostileForms {

    /** Names the token endpoint reads, so that random values land where they are parsed. */
    public static final List<String> NAMES = List.of("grant_type", "client_id", "client_secret", "scope", "code",
            "redirect_uri", "code_verifier", "refresh_token", "client_assertion", "client_assertion_type",
            "resource", "audience", "username", "password");

    /** Client ids that look like "service" to a person but are other strings (UTS #39 confusables). */
    public static final List<String> LOOKALIKES_OF_SERVICE = List.of(
            "servi\u0441e",          // Cyrillic es
            "\u0455ervice",          // Cyrillic dze
            "serv\u0456ce",          // Cyrillic i
            "\uff53\uff45\uff52\uff56\uff49\uff43\uff45", // fullwidth
            "service\u200b",         // zero-width space
            "\u200bservice",
            "servic\u0065\u0301",    // e + combining acute
            "servic\u00e9",
            "SERVICE",
            "Service",
            "service ",
            " service",
            "service\u0000",
            "service\r\n",
            "servi\u00adce",         // soft hyphen
            "\u202eecivres",         // right-to-left override
            "service\ufeff");

    private HostileForms() {
    }

    /** Values chosen to break parsers: control characters, CR/LF, non-ASCII, very long, separators. */
    public static Arbitrary<String> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(64),
                Arbitraries.strings().all().ofMaxLength(64),
                Arbitraries.strings().withChars("\r\n\t\u0000%&=+;:\"'<>\\").ofMaxLength(32),
                Arbitraries.of(LOOKALIKES_OF_SERVICE),
                Arbitraries.of("client_credentials", "authorization_code", "refresh_token", "password", "implicit",
                        "urn:ietf:params:oauth:grant-type:jwt-bearer", "service", "spa", "poster",
                        "x\r\nSet-Cookie: a=b", "x\nLocation: https://evil.example", "%0d%0a", "\u2028\u2029"),
                Arbitraries.integers().between(1_000, 20_000).map("A"::repeat));
    }

    /** Parameter lists with hostile names, values and repeats. */
    public static Arbitrary<List<Map.Entry<String, String>>> hostileParameters() {
        Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.strings().ofMinLength(1)
                .ofMaxLength(20));
        Arbitrary<Map.Entry<String, String>> pair = Combinators.combine(name, hostileValues()).as(Map::entry);
        return pair.list().ofMaxSize(8);
    }

    /** Authorization headers: absent, Basic with hostile parts, broken Basic, other schemes. */
    public static Arbitrary<String> hostileAuthorization() {
        Arbitrary<String> basic = Combinators.combine(hostileValues(), hostileValues())
                .as((id, secret) -> "Basic " + Base64.getEncoder().encodeToString(
                        (encode(id) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8)));
        Arbitrary<String> rawBasic = Arbitraries.strings().ofMaxLength(64)
                .map(s -> "Basic " + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
        return Arbitraries.oneOf(
                Arbitraries.just(null),
                basic,
                rawBasic,
                Arbitraries.strings().ofMaxLength(80).map(s -> "Basic " + s),
                Arbitraries.strings().ofMaxLength(80),
                Arbitraries.of("Basic", "Basic ", "basic Og==", "Bearer x", "Basic Og==", "Basic ====", "Basic %%%%",
                        "Digest username=\"service\"", "Basic c2VydmljZQ==", "Basic c2VydmljZTo="));
    }

    /** Raw bodies: random bytes and text with broken escapes, next to well-formed ones. */
    public static Arbitrary<byte[]> hostileBodies() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(512),
                Arbitraries.strings().ofMaxLength(300).map(s -> s.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.strings().withChars("abc=&%+0123456789ABCDEFGHxyz_\r\n").ofMaxLength(200)
                        .map(s -> s.getBytes(StandardCharsets.US_ASCII)),
                hostileParameters().map(HostileForms::encodeBody).map(s -> s.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Form-encodes parameters correctly (the hostility is in what they say, not how). */
    public static String encodeBody(List<Map.Entry<String, String>> pairs) {
        return pairs.stream().map(p -> encode(p.getKey()) + "=" + encode(p.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The pairs, with a valid UTF-16 only: lone surrogates can not be sent, every encoder replaces them. */
    public static List<Map.Entry<String, String>> sendable(List<Map.Entry<String, String>> pairs) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Map.Entry<String, String> p : pairs) {
            out.add(Map.entry(roundTrip(p.getKey()), roundTrip(p.getValue())));
        }
        return out;
    }

    private static String roundTrip(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
