package dev.jeton.it;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 POST on a connection of its own ({@code Connection: close}), never retried: behind
 * {@link RoundRobinProxy} each request goes to the next node, and a request whose answer was lost
 * (a node killed under it) is reported as lost, not sent again (java.net.http and HttpURLConnection
 * may resend). The answer is read to the end of the connection.
 */
final class OneShot {

    record Answer(int status, String body) {
    }

    private OneShot() {
    }

    /** The answer, or null when the connection broke before a whole answer came. */
    static Answer post(int port, String path, String form, String... headers) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(60_000);
            byte[] body = form.getBytes(StandardCharsets.UTF_8);
            StringBuilder request = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: localhost:").append(port).append("\r\n")
                    .append("Connection: close\r\nContent-Type: ").append(Http.FORM).append("\r\n")
                    .append("Content-Length: ").append(body.length).append("\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            return null;
        }
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.1 ") || end < 0) {
            return null;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        int status = Integer.parseInt(text.substring(9, 12));
        String rest = text.substring(end + 4);
        int length = header(head, "content-length");
        if (head.contains("\r\ntransfer-encoding: chunked")) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = rest.indexOf("\r\n", at);
                if (lineEnd < 0) {
                    return null;
                }
                int size = Integer.parseInt(rest.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    break;
                }
                if (lineEnd + 2 + size > rest.length()) {
                    return null;
                }
                body.append(rest, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
            rest = body.toString();
        } else if (length >= 0) {
            if (rest.length() < length) {
                return null;
            }
            rest = rest.substring(0, length);
        }
        return new Answer(status, new String(rest.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    private static int header(String head, String name) {
        int at = head.indexOf("\r\n" + name + ":");
        if (at < 0) {
            return -1;
        }
        int lineEnd = head.indexOf("\r\n", at + 2);
        return Integer.parseInt(head.substring(at + name.length() + 3, lineEnd < 0 ? head.length() : lineEnd).trim());
    }
}
