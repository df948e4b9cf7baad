package dev.jeton.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over one kept-alive socket, byte for byte as the caller wrote it: java.net.http will
 * not send a malformed escape in a URI, two Content-Type headers or a control character, and an
 * attacker's client sends all of them. Reconnects when the server closes the connection.
 */
final class RawHttp implements AutoCloseable {

    /** A response: status, headers (names lower-cased, in order), body. */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {
        String header(String name) {
            return headers.stream().filter(h -> h.getKey().equals(name)).map(Map.Entry::getValue).findFirst()
                    .orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        jakarta.json.JsonObject json() {
            return jakarta.json.Json.createReader(new java.io.StringReader(text())).readObject();
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends one request; null when the server closed the connection without an answer (it may,
     * for a request it refuses to read: an oversized header or body).
     */
    Response send(String method, String target, List<Map.Entry<String, String>> headers, byte[] body)
            throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream(256 + (body == null ? 0 : body.length));
        request.writeBytes((method + " " + target + " HTTP/1.1\r\n").getBytes(StandardCharsets.ISO_8859_1));
        boolean hasHost = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Host"));
        if (!hasHost) {
            request.writeBytes(("Host: " + host + ":" + port + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        for (Map.Entry<String, String> h : headers) {
            request.writeBytes((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (body != null) {
            request.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        request.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(body);
        }
        for (int attempt = 0; ; attempt++) {
            if (socket == null) {
                open();
            }
            try {
                out.write(request.toByteArray());
                out.flush();
                Response response = read(method.equals("HEAD"));
                if (response == null && attempt == 0) {
                    // a kept-alive connection the server had already closed: once more on a new one
                    close();
                    continue;
                }
                if (response == null || "close".equalsIgnoreCase(response.header("connection"))) {
                    close();
                }
                return response;
            } catch (IOException e) {
                close();
                if (attempt > 0) {
                    return null;
                }
            }
        }
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(60_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 16_384);
        out = socket.getOutputStream();
    }

    private Response read(boolean head) throws IOException {
        while (true) {
            String statusLine = line();
            if (statusLine == null) {
                return null;
            }
            String[] parts = statusLine.split(" ", 3);
            int status = Integer.parseInt(parts[1]);
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                int colon = l.indexOf(':');
                headers.add(Map.entry(l.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        l.substring(colon + 1).strip()));
            }
            if (status / 100 == 1) {
                continue; // 100 Continue: the real answer follows
            }
            Response shell = new Response(status, headers, new byte[0]);
            byte[] body;
            if (head || status == 204 || status == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(shell.header("transfer-encoding"))) {
                body = chunked();
            } else if (shell.header("content-length") != null) {
                body = in.readNBytes(Integer.parseInt(shell.header("content-length")));
            } else {
                body = in.readAllBytes(); // no length: the body ends with the connection
                headers.add(Map.entry("connection", "close"));
            }
            return new Response(status, headers, body);
        }
    }

    private byte[] chunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line();
            int n = Integer.parseInt(size.split(";", 2)[0].strip(), 16);
            if (n == 0) {
                for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.writeBytes(in.readNBytes(n));
            line();
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket the server already closed
            }
        }
        socket = null;
    }
}
