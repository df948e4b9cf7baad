package dev.jeton.client;

import java.net.URI;
import java.util.List;

/**
 * Which resources (RFC 8707) a client is registered for: {@code resources} in the clients file
 * and in registration metadata. By default a requested resource must equal one of them; with
 * {@code prefixMatch} ({@code resource_prefix_match: true}) a registered resource also covers
 * every resource beneath it on a path boundary ({@link #covers}).
 */
public record ResourceAccess(List<String> resources, boolean prefixMatch) {

    public static final ResourceAccess NONE = new ResourceAccess(List.of(), false);

    public ResourceAccess {
        resources = List.copyOf(resources);
    }

    public boolean allows(String resource) {
        for (String registered : resources) {
            if (registered.equals(resource) || (prefixMatch && covers(registered, resource))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code base} covers {@code resource} on a path boundary: same scheme and authority
     * (compared as written: no case folding or default-port games), no query or fragment in
     * either, and the path of {@code resource} is the path of {@code base} or lies beneath it
     * ({@code https://a/tools} covers {@code https://a/tools/x} but not {@code https://a/toolsx}).
     * Dot segments are refused, so {@code https://a/tools/../admin} is never beneath {@code /tools}.
     */
    public static boolean covers(String base, String resource) {
        URI b;
        URI r;
        try {
            b = new URI(base);
            r = new URI(resource);
        } catch (Exception e) {
            return false;
        }
        if (b.isOpaque() || r.isOpaque() || b.getRawAuthority() == null || r.getRawAuthority() == null
                || b.getRawQuery() != null || r.getRawQuery() != null
                || b.getRawFragment() != null || r.getRawFragment() != null
                || !b.getScheme().equals(r.getScheme()) || !b.getRawAuthority().equals(r.getRawAuthority())) {
            return false;
        }
        String bp = b.getRawPath() == null ? "" : b.getRawPath();
        String rp = r.getRawPath() == null ? "" : r.getRawPath();
        if (hasDotSegment(rp) || hasDotSegment(bp)) {
            return false;
        }
        if (rp.equals(bp) || bp.isEmpty() || bp.equals("/")) {
            return true;
        }
        String prefix = bp.endsWith("/") ? bp : bp + "/";
        return rp.startsWith(prefix);
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/", -1)) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
