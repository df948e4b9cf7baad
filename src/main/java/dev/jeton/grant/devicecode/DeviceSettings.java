package dev.jeton.grant.devicecode;

import dev.jeton.config.SettingsReader;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * The device flow's policy (RFC 8628).
 *
 * @param codeTtl              how long a device code and its user code live ({@code expires_in}, §3.2)
 * @param interval             the polling interval handed out (§3.2; the RFC's default is 5 s)
 * @param wrongCodesPerSession wrong user codes one browser session may enter per window (§5.1)
 * @param wrongCodesPerAddress wrong user codes one source address may enter per window (§5.1)
 * @param wrongCodeWindow      the window of those two limits
 */
public record DeviceSettings(Duration codeTtl, Duration interval, int wrongCodesPerSession, int wrongCodesPerAddress,
                             Duration wrongCodeWindow) {

    public static final String CODE_TTL = "jeton.device.code-ttl-seconds";
    public static final String INTERVAL = "jeton.device.interval-seconds";
    public static final String WRONG_CODES_PER_SESSION = "jeton.device.wrong-codes-per-session";
    public static final String WRONG_CODES_PER_ADDRESS = "jeton.device.wrong-codes-per-address";
    public static final String WRONG_CODE_WINDOW = "jeton.device.wrong-code-window-seconds";

    public static DeviceSettings from(Function<String, Optional<String>> lookup) {
        SettingsReader r = new SettingsReader(lookup);
        return new DeviceSettings(Duration.ofSeconds(r.positiveInt(CODE_TTL, 600)),
                Duration.ofSeconds(r.positiveInt(INTERVAL, 5)),
                r.positiveInt(WRONG_CODES_PER_SESSION, 5), r.positiveInt(WRONG_CODES_PER_ADDRESS, 20),
                Duration.ofSeconds(r.positiveInt(WRONG_CODE_WINDOW, 600)));
    }
}
