package dev.jeton.client.fetch;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one way Jeton fetches a URL that a client named (a client ID metadata document, a
 * {@code jwks_uri}) or sends to one (a logout token to a {@code backchannel_logout_uri}): the single place that
 * decides whether Jeton may reach it. A GET (or a form POST) over https
 * (plain http only to a loopback host name under the dev profile), no redirects, no proxy, one
 * deadline for the whole exchange, a size limit, and no address the operator has not allowed:
 * <ol>
 *   <li>the host is checked against the deny list (and the allow list, when it is exclusive);</li>
 *   <li>it is resolved once (the operator's {@code resolve} map first, then DNS), and every address
 *       it resolves to must be public unicast ({@link AddressClassifier}) unless the operator allowed
 *       private addresses or this host;</li>
 *   <li>the socket is connected to one of those checked addresses itself, so a second DNS answer
 *       (DNS rebinding) can never lead elsewhere;</li>
 *   <li>TLS runs over that socket with SNI and the JDK's own certificate and host name checks
 *       (endpoint identification "HTTPS", RFC 2818 §3.1) against the URL's host name.</li>
 * </ol>
 * This class reaches the network, as {@code java.net.http} would; it serves no HTTP.
 */
public final class OutboundFetcher {

    /** What one fetch may cost. */
    public record Limits(int maxBytes, Duration timeout, String accept) {
    }

    private static final Set<String> LOOPBACK_NAMES = Set.of("localhost", "127.0.0.1", "[::1]");

    private final FetchSettings settings;
    private final TrustFile trust;

    public OutboundFetcher(FetchSettings settings) {
        this.settings = settings;
        this.trust = new TrustFile(settings.trustFile());
    }

    public FetchSettings settings() {
        return settings;
    }

    public Fetched get(URI url, Limits limits) throws FetchRefused {
        return exchange(url, limits.timeout(), target -> request("GET", url, target, limits.accept(), List.of()),
                null, in -> Http11Response.read(in, limits.maxBytes()));
    }

    /**
     * POSTs a form body ({@code application/x-www-form-urlencoded}) to a URL a client named, under the same rules
     * as {@link #get}: the same URL, host and address checks, no redirect followed (a 3xx is just a status), one
     * deadline for the whole exchange. The answer's body is not read: the status is what the caller acts on
     * (e.g. Back-Channel Logout 1.0 §2.8: 200 OK, or an error).
     *
     * @return the final status code (an interim 1xx is skipped)
     */
    public int postForm(URI url, String formBody, Duration timeout) throws FetchRefused {
        byte[] body = formBody.getBytes(StandardCharsets.US_ASCII);
        List<String> fields = List.of("Content-Type: application/x-www-form-urlencoded",
                "Content-Length: " + body.length);
        return exchange(url, timeout, target -> request("POST", url, target, "*/*", fields), body,
                Http11Response::status);
    }

    /** Reads what the caller needs of the answer. */
    private interface Answer<T> {
        T read(InputStream in) throws IOException, FetchRefused;
    }

    /** One request over a fresh connection to a checked address, within one deadline. */
    private <T> T exchange(URI url, Duration timeout, java.util.function.Function<Target, String> head, byte[] body,
                           Answer<T> answer) throws FetchRefused {
        Target target = target(url);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<InetAddress> addresses = permittedAddresses(target);
        Socket socket = connect(addresses, target.port(), deadline);
        try (socket) {
            Socket channel = target.tls() ? handshake(socket, target, deadline) : socket;
            OutputStream out = channel.getOutputStream();
            out.write(head.apply(target).getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = new BufferedInputStream(new DeadlineInputStream(channel, deadline));
            return answer.read(in);
        } catch (SocketTimeoutException e) {
            throw timeout(timeout);
        } catch (IOException e) {
            throw new FetchRefused(FetchRefused.Reason.MALFORMED_RESPONSE, "the exchange failed: "
                    + e.getClass().getSimpleName());
        }
    }

    /** The scheme, host and port of a URL Jeton may try; the first refusals need no network. */
    public Target target(URI url) throws FetchRefused {
        if (url == null || !url.isAbsolute() || url.isOpaque() || url.getRawAuthority() == null) {
            throw new FetchRefused(FetchRefused.Reason.BAD_URL, "not an absolute URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            throw new FetchRefused(FetchRefused.Reason.BAD_URL, "the URL carries user information");
        }
        String host = url.getHost() == null ? null : url.getHost().toLowerCase(Locale.ROOT);
        if (host == null || host.isEmpty()) {
            throw new FetchRefused(FetchRefused.Reason.BAD_URL, "the URL has no host");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        boolean loopbackName = LOOPBACK_NAMES.contains(host);
        boolean devLoopback = scheme.equals("http") && settings.devProfile() && loopbackName;
        if (!scheme.equals("https") && !devLoopback) {
            throw new FetchRefused(FetchRefused.Reason.NOT_HTTPS, "only https URLs are fetched"
                    + (settings.devProfile() ? " (plain http only to localhost under the dev profile)" : ""));
        }
        if (AddressClassifier.looksNumeric(host)) {
            throw new FetchRefused(FetchRefused.Reason.BAD_URL, "the host is neither a name nor a plain address");
        }
        if (settings.deniedHosts().matches(host)
                || (settings.allowedOnly() && !settings.allowedHosts().matches(host))) {
            throw new FetchRefused(FetchRefused.Reason.HOST_DENIED, "the host " + host + " is not fetched here");
        }
        int port = url.getPort() >= 0 ? url.getPort() : devLoopback ? 80 : 443;
        return new Target(host, port, !devLoopback, devLoopback);
    }

    /** The host of a URL, its port, whether TLS is used, and whether it is the dev profile's http to loopback. */
    public record Target(String host, int port, boolean tls, boolean devLoopback) {
        /** The host without IPv6 brackets, for resolution and SNI. */
        String bareHost() {
            return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        }
    }

    /** Resolves the host once and checks every address it resolves to. */
    List<InetAddress> permittedAddresses(Target target) throws FetchRefused {
        List<InetAddress> addresses = resolve(target);
        boolean hostAllowed = settings.allowedHosts().matches(target.host());
        for (InetAddress address : addresses) {
            AddressKind kind = AddressClassifier.classify(address);
            if (kind == AddressKind.PUBLIC) {
                continue;
            }
            boolean permitted = kind.unicast() && (hostAllowed || settings.allowPrivateAddresses()
                    || (target.devLoopback() && kind == AddressKind.LOOPBACK));
            if (!permitted) {
                throw new FetchRefused(FetchRefused.Reason.FORBIDDEN_ADDRESS, "the host " + target.host()
                        + " resolves to a " + kind.wireName().replace('_', '-') + " address, which is not fetched");
            }
        }
        if (target.devLoopback() && addresses.stream()
                .anyMatch(a -> AddressClassifier.classify(a) != AddressKind.LOOPBACK)) {
            throw new FetchRefused(FetchRefused.Reason.FORBIDDEN_ADDRESS, "plain http is only for loopback");
        }
        return addresses;
    }

    private List<InetAddress> resolve(Target target) throws FetchRefused {
        Optional<InetAddress> literal = AddressClassifier.literal(target.host());
        if (literal.isPresent()) {
            return List.of(literal.get());
        }
        InetAddress mapped = settings.resolve().get(target.host());
        if (mapped != null) {
            return List.of(mapped);
        }
        try {
            InetAddress[] found = InetAddress.getAllByName(target.bareHost());
            if (found.length == 0) {
                throw new UnknownHostException(target.host());
            }
            return List.of(found);
        } catch (UnknownHostException e) {
            throw new FetchRefused(FetchRefused.Reason.UNRESOLVABLE, "the host " + target.host()
                    + " does not resolve");
        }
    }

    private static Socket connect(List<InetAddress> addresses, int port, long deadline) throws FetchRefused {
        for (InetAddress address : addresses) {
            int remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                break;
            }
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                socket.connect(new InetSocketAddress(address, port), remaining);
                return socket;
            } catch (IOException e) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing was sent on it
                }
            }
        }
        throw new FetchRefused(FetchRefused.Reason.CONNECT_FAILED, "no connection could be made");
    }

    private Socket handshake(Socket socket, Target target, long deadline) throws FetchRefused, SocketTimeoutException {
        try {
            SSLSocket tls = (SSLSocket) trust.context().getSocketFactory()
                    .createSocket(socket, target.bareHost(), target.port(), true);
            SSLParameters parameters = tls.getSSLParameters();
            // the JDK checks the certificate against the URL's host name (RFC 2818 §3.1, RFC 6125)
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (AddressClassifier.literal(target.host()).isEmpty()) {
                parameters.setServerNames(List.of(new SNIHostName(target.bareHost()))); // RFC 6066 §3
            }
            tls.setSSLParameters(parameters);
            int remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                throw new SocketTimeoutException();
            }
            tls.setSoTimeout(remaining);
            tls.startHandshake();
            return tls;
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (SSLException e) {
            // the JDK's text names its internals: a fixed message is enough to act on
            throw new FetchRefused(FetchRefused.Reason.TLS_FAILED,
                    "the TLS handshake failed (a certificate that is not trusted or not for this host?)");
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new FetchRefused(FetchRefused.Reason.TLS_FAILED, "TLS could not be set up: "
                    + e.getClass().getSimpleName());
        }
    }

    /** RFC 9112 §3: origin-form request target, the Host field, and no connection reuse. */
    private static String request(String method, URI url, Target target, String accept, List<String> fields) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        boolean defaultPort = url.getPort() < 0;
        StringBuilder head = new StringBuilder(method + " " + path + query + " HTTP/1.1\r\n"
                + "Host: " + target.host() + (defaultPort ? "" : ":" + target.port()) + "\r\n"
                + "Accept: " + accept + "\r\n"
                + "Accept-Encoding: identity\r\n"
                + "User-Agent: Jeton\r\n"
                + "Connection: close\r\n");
        fields.forEach(field -> head.append(field).append("\r\n"));
        return head.append("\r\n").toString();
    }

    private static int remainingMillis(long deadline) {
        long remaining = (deadline - System.nanoTime()) / 1_000_000;
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining));
    }

    private static FetchRefused timeout(Duration timeout) {
        return new FetchRefused(FetchRefused.Reason.TIMEOUT, "no complete answer within "
                + timeout.toMillis() + " ms");
    }

    /** Each read waits at most until the fetch's deadline, so a server that trickles cannot hold us longer. */
    private static final class DeadlineInputStream extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadline;

        DeadlineInputStream(Socket socket, long deadline) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadline = deadline;
        }

        private void arm() throws IOException {
            int remaining = remainingMillis(deadline);
            if (remaining <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout(remaining);
        }

        @Override
        public int read() throws IOException {
            arm();
            return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm();
            return in.read(b, off, len);
        }
    }
}
