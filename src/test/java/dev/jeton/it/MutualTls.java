package dev.jeton.it;

import dev.jeton.mtls.TestCertificates;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;

/**
 * Requests to the IT server's HTTPS listener with a client certificate made by the test (RFC 8705),
 * and plain HTTP requests from a chosen loopback address (the trusted-proxy tests: the server believes
 * the X-Client-Cert header from 127.0.0.2 only, arquillian.xml).
 */
final class MutualTls {

    static final Path DIR = Path.of(System.getProperty("jeton.it.tls.dir", "target/it-tls"));

    private MutualTls() {
    }

    static URI https(String path) {
        return URI.create("https://localhost:" + System.getProperty("jeton.it.https.port")).resolve(path);
    }

    static TestCertificates.Issued ca() {
        return read("ca.p12", "ca");
    }

    static TestCertificates.Issued otherCa() {
        return read("other-ca.p12", "ca");
    }

    static TestCertificates.Issued read(String store, String alias) {
        try {
            return ItTlsMaterial.read(DIR.resolve(store), alias);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read " + store, e);
        }
    }

    /** An HTTP client that trusts the IT CA and presents {@code certificate} (none when null). */
    static HttpClient client(TestCertificates.Issued certificate) {
        try {
            char[] password = "x".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (certificate != null) {
                keys.setKeyEntry("client", certificate.keys().getPrivate(), password,
                        new Certificate[]{certificate.certificate()});
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("it-ca", ca().certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> postForm(HttpClient client, String path, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(https(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", Http.FORM).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient client, String path, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(https(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Status line and body of a form POST to the HTTP port, sent from {@code localAddress}. */
    static String[] postFrom(String localAddress, String path, String body, String... headers) throws IOException {
        int port = Integer.parseInt(System.getProperty("jeton.it.http.port"));
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 10_000);
            socket.setSoTimeout(30_000);
            StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nContent-Type: " + Http.FORM + "\r\nConnection: close\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            request.append("\r\n").append(body);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = response.indexOf("\r\n\r\n");
            String head = end < 0 ? response : response.substring(0, end);
            String payload = end < 0 ? "" : response.substring(end + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) {
                payload = unchunk(payload);
            }
            return new String[]{head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n")),
                    payload};
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", i);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(i, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
