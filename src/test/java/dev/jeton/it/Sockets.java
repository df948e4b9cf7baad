package dev.jeton.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** The byte pump of the loopback proxies the tests and benchmarks put between a client and a server. */
public final class Sockets {

    private Sockets() {
    }

    /** Copies {@code from} to {@code to} until either side ends, then closes both. */
    public static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side went away: the other is closed below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    public static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
