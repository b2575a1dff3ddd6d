package org.dabba.identity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dabba.platform.security.Role;

/**
 * What a password must be. Everyone: 8 to 72 UTF-8 bytes (bcrypt reads no more; {@link Passwords}). Admins, whose
 * accounts reach everyone's data and money: at least {@value #ADMIN_MIN_LENGTH} characters, and neither one of the
 * 10,000 most common passwords nor one of them with digits or symbols stuck on either end ("Password2024!").
 */
public final class PasswordRules {

    public static final int MIN_LENGTH = 8;
    public static final int ADMIN_MIN_LENGTH = 12;

    private static final String COMMON_LIST = "identity/common-passwords.txt";

    private PasswordRules() {
    }

    /** What is wrong with {@code password} for an account of {@code role}, as a field message; empty when fine. */
    public static Optional<String> problem(String password, Role role) {
        if (password == null) {
            return Optional.of("is required");
        }
        if (role == Role.ADMIN) {
            return adminProblem(password);
        }
        if (password.length() < MIN_LENGTH) {
            return Optional.of("must be 8 to 72 characters long");
        }
        return Optional.empty();
    }

    private static Optional<String> adminProblem(String password) {
        if (password.codePointCount(0, password.length()) < ADMIN_MIN_LENGTH) {
            return Optional.of("must be at least " + ADMIN_MIN_LENGTH + " characters long for an admin");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String core = lower.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
        Set<String> list = Common.WORDS;
        if (list.contains(lower) || (!core.isEmpty() && list.contains(core))
                || lower.codePoints().distinct().count() < 4) {
            return Optional.of("is too common or too easy to guess; choose a longer, less common one");
        }
        return Optional.empty();
    }

    /** The common passwords, read on first use. */
    private static final class Common {
        static final Set<String> WORDS = load();
    }

    private static Set<String> load() {
        try (InputStream in = PasswordRules.class.getClassLoader().getResourceAsStream(COMMON_LIST)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + COMMON_LIST);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.strip().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
