package dev.jeton.it;

import com.nimbusds.jwt.SignedJWT;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.jeton.it.Http.form;
import static dev.jeton.it.Http.json;
import static dev.jeton.it.Http.postForm;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The device authorization grant (RFC 8628) with its pages in a real headless Chromium while the
 * test polls the token endpoint, and token exchange (RFC 8693). The test server hands out device
 * codes that live 45 s with a polling interval of 1 s (arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
class DeviceAndExchangeIT {

    static final String TV = "it-tv";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final long CODE_TTL_SECONDS = 45;
    static final String USER = UserGrantsIT.USER;
    static final String PASSWORD = UserGrantsIT.PASSWORD;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return JetonWar.packaged();
    }

    /** A device's view of §3.2, and when it got it. */
    record Device(String deviceCode, String userCode, String verificationUri, String verificationUriComplete,
                  long interval, Instant startedAt) {
    }

    private static Device startDevice(String scope) {
        Instant startedAt = Instant.now();
        HttpResponse<String> response = postForm("/oauth/device_authorization", form(Map.of("client_id", TV,
                "scope", scope)));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
        JsonObject body = json(response);
        assertEquals(CODE_TTL_SECONDS, body.getJsonNumber("expires_in").longValue());
        return new Device(body.getString("device_code"), body.getString("user_code"),
                body.getString("verification_uri"), body.getString("verification_uri_complete"),
                body.getJsonNumber("interval").longValue(), startedAt);
    }

    private static HttpResponse<String> poll(Device device) {
        return postForm("/oauth/token", form(Map.of("grant_type", DEVICE_GRANT, "client_id", TV,
                "device_code", device.deviceCode())));
    }

    private static void assertError(String error, HttpResponse<String> response) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals(error, json(response).getString("error"), response.body());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(null));
    }

    private static void sleepSeconds(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    private static WebDriver browser() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.availableOrRequired(),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        return HeadlessChromium.start();
    }

    @Test
    void aPersonApprovesADeviceInARealBrowserWhileItPollsAndAnotherCodeExpires() throws Exception {
        Device unused = startDevice("api.read");
        Device device = startDevice("openid profile offline_access");
        assertTrue(device.userCode().matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}"), device.userCode());
        assertEquals(Http.at("/activate").toString(), device.verificationUri());
        assertEquals(1, device.interval());

        // §3.5: pending; at once again: slow_down (interval 1 s -> 6 s); 2 s later, enough for the old
        // interval but not the new one: slow_down again (-> 11 s); after 11 s: pending again
        assertError("authorization_pending", poll(device));
        assertError("slow_down", poll(device));
        sleepSeconds(2);
        assertError("slow_down", poll(device));
        sleepSeconds(11.5);
        assertError("authorization_pending", poll(device));

        WebDriver browser = browser();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(device.verificationUriComplete());
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
            assertTrue(browser.getPageSource().contains("Living-room TV"), "the sign-in page names the device");
            browser.findElement(By.name("username")).sendKeys(USER);
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[value=approve]")));
            String consent = browser.getPageSource();
            assertTrue(consent.contains("Living-room TV"), "the consent page names the device");
            assertEquals(device.userCode(), browser.findElement(By.id("user-code")).getText());
            assertTrue(consent.contains("offline_access") && consent.contains("profile"), "the scopes are listed");
            browser.findElement(By.cssSelector("button[value=approve]")).click();
            wait.until(ExpectedConditions.titleIs("All set"));
        } finally {
            browser.quit();
        }

        HttpResponse<String> tokens = poll(device);
        assertEquals(200, tokens.statusCode(), tokens.body());
        JsonObject body = json(tokens);
        assertNotNull(body.getString("refresh_token"));
        String subject = SignedJWT.parse(body.getString("access_token")).getJWTClaimsSet().getSubject();
        assertEquals(subject, SignedJWT.parse(body.getString("id_token")).getJWTClaimsSet().getSubject());
        HttpResponse<String> userinfo = Http.request("GET", "/oauth/userinfo", null, "Authorization",
                "Bearer " + body.getString("access_token"));
        assertEquals(200, userinfo.statusCode(), userinfo.body());
        assertEquals(USER, json(userinfo).getString("preferred_username"));
        // tokens once
        assertError("invalid_grant", poll(device));
        // and the refresh token works like the code flow's
        HttpResponse<String> refreshed = postForm("/oauth/token", form(Map.of("grant_type", "refresh_token",
                "client_id", TV, "refresh_token", body.getString("refresh_token"))));
        assertEquals(200, refreshed.statusCode(), refreshed.body());

        // the other code was never approved: once its 45 s are over, expired_token
        long waitMillis = Duration.between(Instant.now(), unused.startedAt().plusSeconds(CODE_TTL_SECONDS + 1))
                .toMillis();
        if (waitMillis > 0) {
            Thread.sleep(waitMillis);
        }
        assertError("expired_token", poll(unused));
        HttpResponse<String> page = Http.get("/activate?user_code=" + unused.userCode());
        assertTrue(page.body().contains("That code is not valid"), "an expired code is not accepted any more");
    }

    @Test
    void aPersonTypesTheCodeAndDeniesTheDevice() throws Exception {
        Device device = startDevice("api.read");
        WebDriver browser = browser();
        try {
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
            browser.get(device.verificationUri());
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("user_code")));
            // a wrong code first: the page says so and asks again
            browser.findElement(By.name("user_code")).sendKeys("BBBB-BBBB");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.error")));
            // then the right one, typed in lower case without the dash (§6.1)
            browser.findElement(By.name("user_code")).clear();
            browser.findElement(By.name("user_code")).sendKeys(device.userCode().toLowerCase().replace("-", ""));
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("password")));
            browser.findElement(By.name("username")).sendKeys(USER);
            browser.findElement(By.name("password")).sendKeys(PASSWORD);
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("button[value=deny]")));
            browser.findElement(By.cssSelector("button[value=deny]")).click();
            wait.until(ExpectedConditions.titleIs("Request denied"));
        } finally {
            browser.quit();
        }
        assertError("access_denied", poll(device));
    }

    @Test
    void wrongCodesAreLimitedPerSession() {
        UserAgent agent = new UserAgent();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> page = agent.get(Http.at("/activate?user_code=BBBB-CCC" + "BCDFG".charAt(i)));
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("That code is not valid"), page.body());
        }
        HttpResponse<String> blocked = agent.get(Http.at("/activate?user_code=BBBB-CCCH"));
        assertEquals(429, blocked.statusCode(), blocked.body());
        assertTrue(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertEquals("no-store", blocked.headers().firstValue("Cache-Control").orElse(null));
        // even a right code is refused while blocked
        Device device = startDevice("api.read");
        assertEquals(429, agent.get(Http.at("/activate?user_code=" + device.userCode())).statusCode());
        // another session is not affected
        HttpResponse<String> fresh = new UserAgent().get(Http.at("/activate?user_code=" + device.userCode()));
        assertEquals(302, fresh.statusCode(), "a fresh session with a right code goes to sign-in");
    }

    @Test
    void theDeviceEndpointAuthenticatesClientsAndDiscoveryPublishesIt() {
        HttpResponse<String> unknown = postForm("/oauth/device_authorization", form(Map.of("client_id", "nobody")));
        assertEquals(401, unknown.statusCode(), unknown.body());
        assertEquals("invalid_client", json(unknown).getString("error"));

        HttpResponse<String> notRegistered = postForm("/oauth/device_authorization",
                form(Map.of("client_id", UserGrantsIT.SPA)));
        assertEquals("unauthorized_client", json(notRegistered).getString("error"));

        HttpResponse<String> badScope = postForm("/oauth/device_authorization",
                form(Map.of("client_id", TV, "scope", "jeton.admin")));
        assertEquals("invalid_scope", json(badScope).getString("error"));

        HttpResponse<String> query = Http.request("POST", "/oauth/device_authorization?client_id=" + TV, "",
                "Content-Type", Http.FORM);
        assertEquals("invalid_request", json(query).getString("error"));

        assertEquals("invalid_request", json(Http.get("/oauth/device_authorization")).getString("error"));

        JsonObject metadata = json(Http.get("/.well-known/oauth-authorization-server"));
        assertEquals(Http.at("/oauth/device_authorization").toString(),
                metadata.getString("device_authorization_endpoint"));
        assertTrue(metadata.getJsonArray("grant_types_supported").getValuesAs(jakarta.json.JsonString.class).stream()
                .anyMatch(s -> s.getString().equals(DEVICE_GRANT)));
    }
}
