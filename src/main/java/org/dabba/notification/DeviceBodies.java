package org.dabba.notification;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import org.dabba.notification.Device.Platform;

/** What {@code /me/devices} reads and answers. */
public final class DeviceBodies {

    public static final int MAX_TOKEN = 4096;
    public static final int MAX_APP_VERSION = 64;

    private DeviceBodies() {
    }

    /** {@code POST /me/devices}. */
    public record DeviceRequest(
            @NotNull Platform platform,
            @NotBlank @Size(max = MAX_TOKEN) String token,
            @Size(max = MAX_APP_VERSION) String appVersion) {
    }

    /** A device as its user sees it; also what {@link Devices#of} gives the channels that push. */
    public record DeviceView(String token, Platform platform, String appVersion, Instant createdAt,
            Instant lastSeenAt) {

        static DeviceView of(Device d) {
            return new DeviceView(d.token, d.platform, d.appVersion, d.createdAt, d.lastSeenAt);
        }
    }
}
