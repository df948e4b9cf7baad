package dev.jeton.web;

import jakarta.ws.rs.core.HttpHeaders;

import java.util.ArrayList;
import java.util.List;

/** The DPoP request header (RFC 9449 §4.1) and the nonce response header (§8). */
final class DpopHeaders {

    static final String PROOF = "DPoP";
    static final String NONCE = "DPoP-Nonce";

    private DpopHeaders() {
    }

    /**
     * Every proof the request carries. Two header lines, or one line with two comma-separated
     * values (a JWT has no comma), are two proofs, which the verifier refuses (RFC 9449 §4.3 (1)).
     */
    static List<String> values(HttpHeaders headers) {
        List<String> raw = headers.getRequestHeader(PROOF);
        List<String> proofs = new ArrayList<>();
        if (raw != null) {
            for (String line : raw) {
                for (String part : line.split(",", -1)) {
                    proofs.add(part.strip());
                }
            }
        }
        return proofs;
    }
}
