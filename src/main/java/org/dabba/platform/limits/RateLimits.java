package org.dabba.platform.limits;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.RedisScript;
import org.dabba.platform.Text;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.jboss.logging.Logger;

/**
 * The request budgets every instance shares, counted in Redis by one atomic script per request
 * ({@code redis/rate-limit.lua}, GCRA) and the login lockout ({@code redis/login-lockout.lua}). Over a budget: 429
 * {@code rate-limited} with {@code Retry-After}. Redis away or slow: requests pass uncounted, so an outage of what
 * only guards against abuse never takes logins or checkouts down with it.
 */
@ApplicationScoped
public class RateLimits {

    private static final Logger LOG = Logger.getLogger(RateLimits.class);

    static final String PREFIX = "dabba:limit:";
    /** After Redis failed, requests pass without asking it for this long, so an outage costs one wait, not one each. */
    static final Duration SKIP_AFTER_FAILURE = Duration.ofSeconds(5);

    public static final String LOGIN_PER_ACCOUNT = "login-per-account";
    public static final String LOGIN_PER_ADDRESS = "login-per-address";
    public static final String LOGIN_LOCKOUT = "login-lockout";
    public static final String SIGNUP_PER_ADDRESS = "signup-per-address";
    public static final String REFRESH_PER_ADDRESS = "refresh-per-address";
    public static final String PROMO_PER_CUSTOMER = "promo-per-customer";
    public static final String SEARCH_PER_ADDRESS = "search-per-address";
    public static final String CHECKOUT_PER_CUSTOMER = "checkout-per-customer";
    public static final String VERIFICATION_PER_USER = "verification-per-user";

    private final ReactiveRedisDataSource redis;
    private final LimitsConfig config;
    private final RedisScript rate = new RedisScript("/redis/rate-limit.lua");
    private final RedisScript lockout = new RedisScript("/redis/login-lockout.lua");
    private volatile long skipUntil;
    private volatile boolean down;

    private final Map<String, Counter> refusals = new HashMap<>();

    @Inject
    public RateLimits(ReactiveRedisDataSource redis, LimitsConfig config, MeterRegistry registry) {
        this.redis = redis;
        this.config = config;
        // Every limit's series exists from start-up, at zero, so a dashboard shows it before the first refusal.
        for (String limit : List.of(LOGIN_PER_ACCOUNT, LOGIN_PER_ADDRESS, LOGIN_LOCKOUT, SIGNUP_PER_ADDRESS,
                REFRESH_PER_ADDRESS, PROMO_PER_CUSTOMER, SEARCH_PER_ADDRESS, CHECKOUT_PER_CUSTOMER,
                VERIFICATION_PER_USER)) {
            refusals.put(limit, Counter.builder("dabba.limits.refusals").tag("limit", limit)
                    .description("Requests refused with 429 for being over a limit").register(registry));
        }
    }

    /** Another instance's limits, uncounted (tests of limits shared between instances). */
    RateLimits(ReactiveRedisDataSource redis, LimitsConfig config) {
        this(redis, config, new SimpleMeterRegistry());
    }

    /** Counted, then the 429. */
    private ProblemException refusal(String limit, long waitMs, String why) {
        Counter c = refusals.get(limit);
        if (c != null) {
            c.increment();
        }
        return refused(limit, waitMs, why);
    }

    /** A login attempt: refused while the account is locked, or over its account's or its address's budget. */
    public void login(String account, String address) {
        LimitsConfig.Login login = config.login();
        lockedFor("CHECK", account).ifPresent(ms -> {
            throw refusal(LOGIN_LOCKOUT, ms, "This account is locked after too many wrong passwords");
        });
        take(new Budget(LOGIN_PER_ACCOUNT, subject(account), login.perAccount(), login.window(),
                "Too many login attempts for this account"),
                new Budget(LOGIN_PER_ADDRESS, address, login.perAddress(), login.window(),
                        "Too many login attempts from your address"));
    }

    /** A wrong password (or unknown account): counts towards the account's next lockout. */
    public void loginFailed(String account) {
        lockedFor("FAIL", account).ifPresent(ms -> LOG.infof(
                "Account %s locked for %d ms after repeated wrong passwords", subject(account), ms));
    }

    /** A successful login forgets the account's failures and lockouts. */
    public void loginSucceeded(String account) {
        if (skipping()) {
            return;
        }
        await(redis.key(String.class).del(lockoutKey(account)));
    }

    /**
     * A token refresh, with the login's per-address budget (a budget of its own, the same size): a client refreshes
     * about once per access-token lifetime, and refresh tokens are far too random to guess.
     */
    public void refresh(String address) {
        LimitsConfig.Login login = config.login();
        take(new Budget(REFRESH_PER_ADDRESS, address, login.perAddress(), login.window(),
                "Too many token refreshes from your address"));
    }

    public void signup(String address) {
        take(new Budget(SIGNUP_PER_ADDRESS, address, config.signup().perAddress(), config.signup().window(),
                "Too many sign-ups from your address"));
    }

    /** A checkout summary or checkout carrying a promotion code. */
    public void promoCode(UUID customerId) {
        take(promo(customerId));
    }

    private Budget promo(UUID customerId) {
        return new Budget(PROMO_PER_CUSTOMER, customerId.toString(), config.promo().perCustomer(),
                config.promo().window(), "Too many promotion codes tried");
    }

    public void search(String address) {
        take(new Budget(SEARCH_PER_ADDRESS, address, config.search().perAddress(), config.search().window(),
                "Too many searches from your address"));
    }

    /** A checkout: from the checkout budget, and from the promotion code budget too when it carries a code. */
    public void checkout(UUID customerId, boolean withPromoCode) {
        Budget checkout = new Budget(CHECKOUT_PER_CUSTOMER, customerId.toString(), config.checkout().perCustomer(),
                config.checkout().window(), "Too many checkouts");
        take(withPromoCode ? new Budget[] {checkout, promo(customerId)} : new Budget[] {checkout});
    }

    /** A one-time code sent to prove a user's address on {@code channel} (each is an email or SMS we pay for). */
    public void verificationCode(UUID userId, String channel) {
        take(new Budget(VERIFICATION_PER_USER, userId + ":" + channel, config.verification().perUser(),
                config.verification().window(), "Too many codes asked for"));
    }

    /** At most {@code limit} requests per {@code window} for {@code subject}, else refused with {@code refusal}. */
    record Budget(String name, String subject, int limit, Duration window, String refusal) {

        String key() {
            return PREFIX + name + ":" + subject;
        }

        /** The time one request uses up, at least 1 ms. */
        long intervalMs() {
            return Math.max(1, (window.toMillis() + limit - 1) / limit);
        }
    }

    /** Takes one request from every budget, or from none: 429 naming the first that has no room. */
    void take(Budget... budgets) {
        List<String> keys = new ArrayList<>();
        List<String> args = new ArrayList<>();
        for (Budget b : budgets) {
            keys.add(b.key());
            args.add(String.valueOf(b.intervalMs()));
            args.add(String.valueOf(b.intervalMs() * b.limit()));
        }
        call(rate, keys, args).ifPresent(r -> {
            int over = r.get(0).toInteger();
            if (over > 0) {
                Budget b = budgets[over - 1];
                throw refusal(b.name(), r.get(1).toLong(), b.refusal());
            }
        });
    }

    /** The 429 problem, with {@code Retry-After} in whole seconds (rounded up, so a retry then is in time). */
    static ProblemException refused(String limit, long waitMs, String why) {
        long seconds = Math.max(1, (waitMs + 999) / 1000);
        Problem problem = new Problem("rate-limited", "Too many requests", 429,
                why + "; try again in " + seconds + " s", null)
                .with("limit", limit).with("retryAfter", seconds);
        return new ProblemException(problem).withHeader("Retry-After", String.valueOf(seconds));
    }

    /** Runs the lockout script ({@code CHECK} or {@code FAIL}): how long the account is locked, if it is. */
    private Optional<Long> lockedFor(String op, String account) {
        LimitsConfig.Lockout l = config.login().lockout();
        return call(lockout, List.of(lockoutKey(account)), List.of(op, String.valueOf(l.afterFailures()),
                String.valueOf(l.first().toMillis()), String.valueOf(l.max().toMillis()),
                String.valueOf(l.memory().toMillis()))).map(Response::toLong).filter(ms -> ms > 0);
    }

    private static String lockoutKey(String account) {
        return PREFIX + LOGIN_LOCKOUT + ":" + subject(account);
    }

    /** An account's email as a key: hashed, so Redis holds no addresses and a long one makes no long key. */
    static String subject(String account) {
        return Text.digest("SHA-256", account).substring(0, 32);
    }

    /** Runs a script; empty when Redis did not answer in time (the request then passes: fail open). */
    private Optional<Response> call(RedisScript script, List<String> keys, List<String> args) {
        if (skipping()) {
            return Optional.empty();
        }
        return Optional.ofNullable(await(script.run(redis, keys, args)));
    }

    private boolean skipping() {
        return skipUntil != 0 && System.currentTimeMillis() < skipUntil;
    }

    /** The answer, or null when Redis failed or was too slow: logged once per outage, then skipped for a while. */
    private <T> T await(Uni<T> call) {
        try {
            T answer = call.await().atMost(config.redisTimeout());
            if (down) {
                down = false;
                LOG.info("Rate limits are counted again: Redis answers");
            }
            return answer;
        } catch (RuntimeException e) {
            skipUntil = System.currentTimeMillis() + SKIP_AFTER_FAILURE.toMillis();
            if (!down) {
                down = true;
                LOG.warnf("Rate limits are not counted while Redis does not answer (%s): requests pass unlimited",
                        e.toString());
            }
            return null;
        }
    }
}
