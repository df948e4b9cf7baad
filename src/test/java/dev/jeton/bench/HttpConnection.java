package dev.jeton.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection to the server on loopback, as cheap as a load generator in
 * Java gets: a request is a byte array written in one call, the response is read into a reused
 * buffer, and only the status, the framing headers (RFC 9112 §6: Content-Length or chunked) and
 * the body are looked at. The connection is opened again when the server closed it (Grizzly ends
 * a keep-alive connection after a number of requests and says so with {@code Connection: close}).
 * Not thread-safe: one worker, one connection.
 */
final class HttpConnection implements AutoCloseable {

    /** A response: its status and body (ASCII/UTF-8; the server's JSON). */
    record Response(int status, String body) {
    }

    private final String host;
    private final int port;
    private final byte[] buffer = new byte[32 * 1024];
    private int position;
    private int limit;
    private boolean responseStarted;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends one request and reads its response; on an I/O error the connection is closed (and
     * reopened next time). A kept-alive connection the server closed while it was idle fails before
     * any byte of a response arrives: then the request is sent once more on a new connection (the
     * server never saw it; RFC 9112 §9.3.1 allows the retry).
     */
    Response exchange(byte[] request) throws IOException {
        boolean reused = socket != null;
        if (!reused) {
            open();
        }
        try {
            return send(request);
        } catch (IOException e) {
            close();
            if (!reused || responseStarted) {
                throw e;
            }
        }
        open();
        try {
            return send(request);
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    private Response send(byte[] request) throws IOException {
        responseStarted = false;
        out.write(request);
        out.flush();
        return read();
    }

    private void open() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(120_000);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        position = 0;
        limit = 0;
    }

    private Response read() throws IOException {
        String statusLine = line();
        // "HTTP/1.1 200 OK"
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
            throw new IOException("not an HTTP/1.x status line: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = header.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        String body;
        if (chunked) {
            body = chunkedBody();
        } else if (contentLength >= 0) {
            body = new String(bytes((int) contentLength), StandardCharsets.UTF_8);
        } else if (status == 204 || status == 304 || status / 100 == 1) {
            body = "";
        } else {
            body = untilClose();
            close = true;
        }
        if (close) {
            close();
        }
        return new Response(status, body);
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                // trailer fields, up to the empty line
                while (!line().isEmpty()) {
                    // ignored
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            body.write(bytes(size));
            line(); // the CRLF after the chunk
        }
    }

    private String untilClose() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(buffer, position, limit - position);
        position = limit;
        in.transferTo(body);
        return body.toString(StandardCharsets.UTF_8);
    }

    private byte[] bytes(int n) throws IOException {
        byte[] result = new byte[n];
        int done = 0;
        while (done < n) {
            if (position == limit) {
                fill();
            }
            int take = Math.min(n - done, limit - position);
            System.arraycopy(buffer, position, result, done, take);
            position += take;
            done += take;
        }
        return result;
    }

    /** One line without its CRLF (ISO-8859-1: header bytes as they are). */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit) {
                fill();
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
            }
            line.append((char) (b & 0xff));
        }
    }

    private void fill() throws IOException {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
            throw new EOFException("the server closed the connection");
        }
        position = 0;
        limit = n;
        responseStarted = true;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }

    /** A GET request's bytes. */
    static byte[] get(String hostHeader, String path) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAccept: application/json\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * A form POST's bytes.
     *
     * @param extraHeaders complete header lines without CRLF (e.g. {@code Authorization: Basic ...}), or none
     */
    static byte[] postForm(String hostHeader, String path, String body, String... extraHeaders) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256 + body.length());
        head.append("POST ").append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\nContent-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n");
        for (String header : extraHeaders) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + content.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        return request;
    }
}
