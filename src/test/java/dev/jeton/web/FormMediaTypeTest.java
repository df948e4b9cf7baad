package dev.jeton.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link FormMediaType}: RFC 6749 §3.2 / Appendix B, the token request body is
 * application/x-www-form-urlencoded in UTF-8.
 */
class FormMediaTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=UTF-8",
            "application/x-www-form-urlencoded;charset=utf-8",
            "application/x-www-form-urlencoded; charset=\"UTF-8\"",
            "application/x-www-form-urlencoded; CHARSET=Utf-8",
            "Application/X-WWW-Form-URLEncoded",
            "APPLICATION/X-WWW-FORM-URLENCODED; charset=UTF-8"})
    void acceptsFormWithOptionalUtf8Charset(String contentType) {
        // RFC 6749 §3.2 + Appendix B; media types and charset names are case-insensitive (RFC 9110 §8.3.1)
        assertTrue(FormMediaType.matches(contentType), contentType);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "application/json",
            "multipart/form-data",
            "multipart/form-data; boundary=xyz",
            "text/plain",
            "application/x-www-form-urlencoded; charset=ISO-8859-1",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/x-www-form-urlencoded; foo=bar",
            "application/x-www-form-urlencoded; charset=UTF-8; foo=bar",
            "*/*",
            "*/x-www-form-urlencoded",
            "application/*",
            ";;;",
            "application",
            "application/x-www-form-urlencoded;;",
            ""})
    void rejectsAnythingElse(String contentType) {
        // RFC 6749 §3.2: the request is sent as application/x-www-form-urlencoded
        assertFalse(FormMediaType.matches(contentType), contentType);
    }
}
