package org.dabba.notification.channels;

/** The message headers a channel kamelet answers with, read by the core after a send. */
public final class ChannelHeaders {

    /** The provider's id of what it accepted (FCM's message name, Twilio's SID). */
    public static final String PROVIDER_MESSAGE_ID = "DabbaProviderMessageId";
    /** {@code true} when the provider says the address no longer exists (an uninstalled app's push token). */
    public static final String ADDRESS_GONE = "DabbaAddressGone";

    private ChannelHeaders() {
    }
}
