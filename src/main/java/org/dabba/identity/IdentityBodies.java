package org.dabba.identity;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.dabba.platform.security.Role;

/** The request and response bodies of /auth and /admin/users. */
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
}
