package dev.jeton.web;

import dev.jeton.request.FormParameters;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one reader of a client's form POST: each refusal, its audit reason and its status. */
class ClientRequestFormTest {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final int LIMIT = 64;

    @Test
    void aWellFramedFormIsRead() throws Exception {
        FormParameters p = ClientRequestForm.read(headers(Map.of("Content-Type", List.of(FORM + ";charset=UTF-8"),
                "Authorization", List.of("Basic eDp5"))), uri("/oauth/token"), body("a=1&b=%20"), LIMIT,
                ClientRequestForm.NotAForm.BAD_REQUEST);
        assertEquals("1", p.get("a").orElseThrow());
        assertEquals(" ", p.get("b").orElseThrow());
    }

    @Test
    void notAFormIsAnsweredAsTheEndpointAnswersIt() {
        for (ClientRequestForm.NotAForm answer : ClientRequestForm.NotAForm.values()) {
            for (Map<String, List<String>> h : List.of(Map.<String, List<String>>of(),
                    Map.of("Content-Type", List.of("application/json")),
                    Map.of("Content-Type", List.of(FORM, FORM)))) {
                ClientRequestForm.Refused refused = refused(h, "/oauth/par", "a=1", answer);
                assertEquals(FramingRefusal.WRONG_MEDIA_TYPE, refused.reason);
                assertEquals(answer == ClientRequestForm.NotAForm.BAD_REQUEST ? 400 : 415,
                        refused.error.httpStatus());
                assertEquals("invalid_request", refused.error.code().wireValue());
            }
        }
    }

    @Test
    void eachFramingRuleHasItsReasonAndStatus() {
        Map<String, List<String>> form = Map.of("Content-Type", List.of(FORM));
        assertRefused(FramingRefusal.QUERY_PARAMETERS, 400, refused(form, "/oauth/token?client_id=x", "a=1",
                ClientRequestForm.NotAForm.BAD_REQUEST));
        assertRefused(FramingRefusal.REPEATED_AUTHORIZATION, 400, refused(Map.of("Content-Type", List.of(FORM),
                "Authorization", List.of("Basic a", "Basic b")), "/oauth/token", "a=1",
                ClientRequestForm.NotAForm.BAD_REQUEST));
        assertRefused(FramingRefusal.BODY_TOO_LARGE, 413, refused(form, "/oauth/token", "a=" + "x".repeat(LIMIT),
                ClientRequestForm.NotAForm.BAD_REQUEST));
        assertRefused(FramingRefusal.MALFORMED_BODY, 400, refused(form, "/oauth/token", "a=%zz",
                ClientRequestForm.NotAForm.BAD_REQUEST));
    }

    @Test
    void singleValuedEndpointsRefuseARepeatedParameter() throws Exception {
        Map<String, List<String>> form = Map.of("Content-Type", List.of(FORM));
        ClientRequestForm.Refused refused = assertThrows(ClientRequestForm.Refused.class, () ->
                ClientRequestForm.readSingleValued(headers(form), uri("/oauth/revoke"), body("token=a&token=b"), LIMIT));
        assertRefused(FramingRefusal.REPEATED_PARAMETER, 400, refused);
        // elsewhere the core decides which parameters may repeat (RFC 6749 §3.1, RFC 8707 resource)
        assertEquals(java.util.Optional.of("token"), ClientRequestForm.read(headers(form), uri("/oauth/token"),
                body("token=a&token=b"), LIMIT, ClientRequestForm.NotAForm.BAD_REQUEST)
                .firstRepeated(java.util.Set.of()));
    }

    private static void assertRefused(FramingRefusal reason, int status, ClientRequestForm.Refused refused) {
        assertEquals(reason, refused.reason);
        assertEquals(status, refused.error.httpStatus());
        assertEquals("invalid_request", refused.error.code().wireValue());
    }

    private static ClientRequestForm.Refused refused(Map<String, List<String>> headers, String path, String body,
                                                     ClientRequestForm.NotAForm answer) {
        return assertThrows(ClientRequestForm.Refused.class, () ->
                ClientRequestForm.read(headers(headers), uri(path), body(body), LIMIT, answer));
    }

    private static ByteArrayInputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static HttpHeaders headers(Map<String, List<String>> values) {
        return (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(),
                new Class<?>[]{HttpHeaders.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getRequestHeader")) {
                        return values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase((String) args[0]))
                                .map(Map.Entry::getValue).findFirst().orElse(null);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static UriInfo uri(String pathAndQuery) {
        URI uri = URI.create("https://as.example.com" + pathAndQuery);
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[]{UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestUri" -> uri;
                    case "getQueryParameters" -> {
                        MultivaluedHashMap<String, String> q = new MultivaluedHashMap<>();
                        if (uri.getQuery() != null) {
                            for (String pair : uri.getQuery().split("&")) {
                                q.add(pair.split("=")[0], pair.contains("=") ? pair.split("=")[1] : "");
                            }
                        }
                        yield q;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
