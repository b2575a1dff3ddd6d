package org.dabba.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.dabba.platform.security.Role;

/** The request and response bodies of /auth, /me (the caller's profile) and /admin/users. */
public final class IdentityBodies {

    private IdentityBodies() {
    }

    public record SignupRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(min = 8, max = 72, message = "must be 8 to 72 characters long") String password,
            @NotBlank @Size(max = 120) String name,
            @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 form, e.g. +919876543210") String phone,
            @NotNull Role role,
            @Valid CourierDetails courier) {
    }

    public enum Vehicle { BICYCLE, SCOOTER, MOTORCYCLE, CAR }

    /**
     * What a courier signs up with, for the admin who verifies them: the vehicle, and for a motorised one its
     * registration plate and the driving licence (delivery checks which are required).
     */
    public record CourierDetails(
            @NotNull Vehicle vehicle,
            @Size(max = 20) String vehicleRegistration,
            @Size(max = 32) String licenseNumber) {
    }

    public record SignupResponse(UUID userId) {
    }

    public record LoginRequest(@NotBlank String email, @NotBlank String password) {
    }

    /** {@code expiresIn} and {@code refreshExpiresIn} in seconds; the refresh token is good for one refresh. */
    public record TokenResponse(String accessToken, String tokenType, long expiresIn, String refreshToken,
            long refreshExpiresIn) {
    }

    public record RefreshRequest(@NotBlank @Size(max = 200) String refreshToken) {
    }

    /** Logout's optional body: the session of this refresh token ends too (it must be the caller's). */
    public record LogoutRequest(@Size(max = 200) String refreshToken) {
    }

    public record PasswordChangeRequest(
            @NotNull @Size(max = 1000) String currentPassword,
            @NotNull @Size(max = 1000) String newPassword) {
    }

    public record CreateAdminRequest(
            @NotBlank @Email @Size(max = 254) String email,
            @NotNull @Size(max = 1000) String password,
            @NotBlank @Size(max = 120) String name,
            @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 form, e.g. +919876543210")
            String phone) {
    }

    public enum AccountStatus {
        ACTIVE, DISABLED
    }

    public record AccountStatusRequest(@NotNull AccountStatus status) {
    }

    public record AccountView(UUID userId, String email, String name, Role role, AccountStatus status) {
    }

    /** A phone number in E.164 form. */
    static final String E164 = "\\+[1-9][0-9]{6,14}";

    /** {@code GET /me}: the caller's own account and which of its addresses they proved theirs. */
    public record ProfileView(UUID id, String email, String name, String phone, Role role, String locale,
            boolean emailVerified, boolean phoneVerified) {
    }

    /**
     * {@code PATCH /me}: every field optional. A {@code phone} sent as null removes the phone, one not sent keeps
     * it: a class with setters, so that the two can be told apart.
     */
    public static final class ProfileUpdate {

        @Size(min = 1, max = 120)
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank")
        private String name;

        @Pattern(regexp = E164, message = "must be in E.164 form, e.g. +919876543210")
        private String phone;

        private boolean phoneSent;

        @Pattern(regexp = "en|hi", message = "must be one of en, hi")
        private String locale;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getPhone() {
            return phone;
        }

        public void setPhone(String phone) {
            this.phone = phone;
            this.phoneSent = true;
        }

        /** Whether the request named the phone at all (null included: remove it). */
        public boolean phoneSent() {
            return phoneSent;
        }

        public String getLocale() {
            return locale;
        }

        public void setLocale(String locale) {
            this.locale = locale;
        }
    }

    /** The channels an address is proven on: the account's email, or its phone by SMS. */
    public enum ContactChannel { EMAIL, SMS }

    /** {@code POST /me/verifications}. */
    public record ContactVerificationRequest(@NotNull ContactChannel channel) {
    }

    /** A code was sent: where to (masked) and until when it is good. */
    public record VerificationStarted(ContactChannel channel, String sentTo, Instant expiresAt) {
    }

    /** {@code POST /me/verify}. */
    public record VerifyRequest(
            @NotNull ContactChannel channel,
            @NotNull @Pattern(regexp = "[0-9]{6}", message = "must be the 6 digits sent") String code) {
    }
}
