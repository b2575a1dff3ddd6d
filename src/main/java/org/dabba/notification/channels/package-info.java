/**
 * What the notification channel kamelets ({@code kamelets/dabba-*-sink.kamelet.yaml}) call to speak a provider's
 * language: the FCM v1 message and its OAuth2 access token, Twilio's form, the mail's parts. Each turns Dabba's
 * provider-neutral channel message (a JSON document per channel, see {@code kamelets/README.md}) into one request.
 */
package org.dabba.notification.channels;
