package dev.jeton.it;

import dev.jeton.client.fetch.TestDocumentServer;
import dev.jeton.client.fetch.TestTls;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The client side of client ID metadata documents for the ITs: one HTTPS document server per test
 * JVM on 127.0.0.1 with a certificate for {@code cimd.test} from a test CA. The server under test is
 * configured (arquillian.xml) to trust that CA through its trust file, to resolve {@code cimd.test} to
 * 127.0.0.1 and to allow that host; the CA is written to the trust file here, after the server has
 * started, which the trust file's re-reading allows.
 */
final class MetadataDocuments {

    static final String HOST = "cimd.test";
    private static TestDocumentServer server;

    private MetadataDocuments() {
    }

    static synchronized TestDocumentServer server() {
        if (server == null) {
            TestTls tls = TestTls.create(HOST);
            try {
                tls.writeCaPem(Path.of(System.getProperty("jeton.it.cimd.trust-file")));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server = new TestDocumentServer(tls);
        }
        return server;
    }

    /** A fresh path on the document server, so that no test meets another's cache entry. */
    static String path(String name) {
        return "/clients/" + name + "-" + UUID.randomUUID() + ".json";
    }

    static String url(String path) {
        return "https://" + HOST + ":" + server().port() + path;
    }

    /** A public client's document (draft §4.1 example, trimmed): authorization code with refresh. */
    static JsonObjectBuilder publicClient(String clientId, String redirectUri) {
        return Json.createObjectBuilder()
                .add("client_id", clientId)
                .add("client_name", "Claimed Agent")
                .add("client_uri", "https://" + HOST + "/")
                .add("logo_uri", "https://" + HOST + "/logo.png")
                .add("redirect_uris", Json.createArrayBuilder().add(redirectUri))
                .add("grant_types", strings("authorization_code", "refresh_token"))
                .add("response_types", strings("code"))
                .add("token_endpoint_auth_method", "none")
                .add("scope", "openid offline_access api.read")
                .add("software_statement_unknown_member", "ignored");
    }

    static JsonArrayBuilder strings(String... values) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        for (String v : values) {
            array.add(v);
        }
        return array;
    }
}
