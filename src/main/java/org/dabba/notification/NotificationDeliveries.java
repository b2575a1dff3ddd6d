package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;

/** Plans, queues and sends the deliveries of {@link Outbound} messages. */
@ApplicationScoped
public class NotificationDeliveries {

    /**
     * Plans the deliveries of {@code message} by the person's preferences, devices and verified addresses and queues
     * them; joins the caller's transaction if there is one. Planning the same message id again adds nothing.
     */
    public void send(Outbound message) {
    }
}
