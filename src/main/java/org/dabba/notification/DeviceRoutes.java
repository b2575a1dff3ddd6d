package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.notification.DeviceBodies.DeviceRequest;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Edge;
import org.dabba.platform.security.Caller;

/**
 * Where and how a signed-in user is reached when their app is closed: their devices ({@code /me/devices}) and
 * their notification preferences ({@code /me/notification-preferences}).
 */
@ApplicationScoped
public class DeviceRoutes extends RouteBuilder {

    @Inject
    Devices devices;

    @Inject
    NotificationPreferences preferences;

    @Override
    public void configure() {
        from("direct:devicesRegister").routeId("devices-register").inputType(DeviceRequest.class)
                .process(e -> {
                    Devices.Registered registered = devices.register(Caller.required(e),
                            e.getMessage().getBody(DeviceRequest.class));
                    Edge.reply(e, registered.created() ? 201 : 200, registered.device());
                });

        from("direct:devicesList").routeId("devices-list")
                .process(e -> e.getMessage().setBody(devices.list(Caller.required(e))));

        from("direct:devicesRemove").routeId("devices-remove")
                .process(e -> {
                    devices.remove(Caller.required(e), token(e));
                    Edge.reply(e, 204, null);
                });

        from("direct:notificationPreferencesGet").routeId("notification-preferences-get")
                .process(e -> {
                    Caller caller = Caller.required(e);
                    e.getMessage().setBody(preferences.of(caller.userId(), caller.role()));
                });

        from("direct:notificationPreferencesPut").routeId("notification-preferences-put").inputType(Preferences.class)
                .process(e -> e.getMessage().setBody(preferences.put(Caller.required(e),
                        e.getMessage().getBody(Preferences.class))));
    }

    /**
     * The token in the path, percent-decoded: the path keeps reserved characters encoded (an FCM token's {@code :}
     * may come as {@code %3A}), and a {@code +} is itself. {@code ParameterChecks} refuses broken encodings first.
     */
    private static String token(Exchange e) {
        String raw = e.getMessage().getHeader("token", String.class);
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw ProblemException.badRequest("The token in the path is not properly percent-encoded");
        }
    }
}
