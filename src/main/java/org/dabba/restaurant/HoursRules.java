package org.dabba.restaurant;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dabba.platform.Json;
import org.dabba.platform.error.Problem.FieldError;
import org.dabba.platform.error.ProblemException;
import org.dabba.restaurant.RestaurantBodies.DateHours;
import org.dabba.restaurant.RestaurantBodies.Hours;
import org.dabba.restaurant.RestaurantBodies.TimeRange;

/**
 * What a schedule sent by an owner must be, its stored (canonical) form, and reading it back as
 * {@link OpeningHours}.
 */
final class HoursRules {

    static final int MAX_RANGES_PER_DAY = 6;
    static final int MAX_EXCEPTIONS = 60;
    /** Exceptions are for the coming year: holidays, special evenings. */
    static final int MAX_DAYS_AHEAD = 366;
    /** Without a boundary within the horizon (long closures by exception), the job looks again this much later. */
    static final Duration RECHECK = Duration.ofDays(OpeningHours.HORIZON_DAYS - 1);

    private static final Pattern TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** Parsed schedules by their stored JSON: search reads several per query. */
    private static final Map<String, OpeningHours> PARSED = new ConcurrentHashMap<>();
    private static final int MAX_PARSED = 10_000;

    private HoursRules() {
    }

    /**
     * The schedule in its stored form (days in week order, ranges by opening time, exceptions by date, "24:00"
     * as "00:00"), or a 400 naming every bad field. Exception dates are checked against the date {@code now} is
     * in the schedule's time zone.
     */
    static Hours validate(Hours h, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        ZoneId zone = zone(h.timeZone(), errors);
        LocalDate today = now.atZone(zone == null ? ZoneId.of("UTC") : zone).toLocalDate();

        Map<DayOfWeek, List<TimeRange>> days = new EnumMap<>(DayOfWeek.class);
        Map<DayOfWeek, List<int[]>> minutes = new EnumMap<>(DayOfWeek.class);
        if (h.weekly() == null) {
            errors.add(new FieldError("weekly", "is required: the ranges of each day, e.g. {\"MONDAY\": "
                    + "[{\"opens\": \"11:00\", \"closes\": \"23:00\"}]}"));
        } else {
            for (Map.Entry<String, List<TimeRange>> day : h.weekly().entrySet()) {
                String field = "weekly." + day.getKey();
                DayOfWeek dow = day(day.getKey());
                if (dow == null) {
                    errors.add(new FieldError(field, "is not a day: use MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY,"
                            + " SATURDAY or SUNDAY"));
                    continue;
                }
                List<int[]> parsed = new ArrayList<>();
                days.put(dow, ranges(day.getValue(), field, errors, parsed));
                minutes.put(dow, parsed);
            }
            if (errors.isEmpty() && minutes.values().stream().allMatch(List::isEmpty)) {
                errors.add(new FieldError("weekly", "must open at least once a week; to take no orders at all, go"
                        + " OFFLINE"));
            }
            // A range past midnight must not run into the next day's first ones.
            for (DayOfWeek dow : DayOfWeek.values()) {
                for (int[] spill : minutes.getOrDefault(dow, List.of())) {
                    for (int[] next : minutes.getOrDefault(dow.plus(1), List.of())) {
                        if (next[0] < spill[1] - 1440) {
                            errors.add(new FieldError("weekly." + dow.plus(1) + "[" + next[2] + "]",
                                    "overlaps weekly." + dow + "[" + spill[2] + "], which runs past midnight"));
                        }
                    }
                }
            }
        }

        List<DateHours> exceptions = new ArrayList<>();
        if (h.exceptions() != null) {
            if (h.exceptions().size() > MAX_EXCEPTIONS) {
                errors.add(new FieldError("exceptions", "has at most " + MAX_EXCEPTIONS + " dates"));
            } else {
                Map<LocalDate, Integer> seen = new HashMap<>();
                for (int i = 0; i < h.exceptions().size(); i++) {
                    String field = "exceptions[" + i + "]";
                    DateHours e = h.exceptions().get(i);
                    if (e == null) {
                        errors.add(new FieldError(field, "must be an object {date, closed} or {date, ranges}"));
                        continue;
                    }
                    LocalDate date = date(e.date(), field + ".date", today, errors);
                    if (date != null && seen.putIfAbsent(date, i) != null) {
                        errors.add(new FieldError(field + ".date", "repeats exceptions[" + seen.get(date) + "].date"));
                    }
                    boolean closed = Boolean.TRUE.equals(e.closed());
                    boolean hasRanges = e.ranges() != null && !e.ranges().isEmpty();
                    if (closed && hasRanges) {
                        errors.add(new FieldError(field, "is either closed: true or has ranges, not both"));
                    } else if (!closed && !hasRanges) {
                        errors.add(new FieldError(field + ".ranges",
                                "is required (at least one range) unless closed is true"));
                    } else if (closed) {
                        exceptions.add(new DateHours(e.date(), true, null));
                    } else {
                        exceptions.add(new DateHours(e.date(), null,
                                ranges(e.ranges(), field + ".ranges", errors, new ArrayList<>())));
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Map<String, List<TimeRange>> weekly = new LinkedHashMap<>();
        days.forEach((dow, ranges) -> weekly.put(dow.name(), ranges));
        exceptions.sort(Comparator.comparing(DateHours::date));
        return new Hours(zone.getId(), weekly, exceptions.isEmpty() ? null : List.copyOf(exceptions));
    }

    /**
     * The ranges of one day, sorted, each checked; {@code minutes} gets {opens, closes, index sent} in minutes
     * of the day (closes past 1440 when it ends the next day).
     */
    private static List<TimeRange> ranges(List<TimeRange> sent, String field, List<FieldError> errors,
            List<int[]> minutes) {
        if (sent == null) {
            errors.add(new FieldError(field, "must be a list of ranges (empty: closed)"));
            return List.of();
        }
        if (sent.size() > MAX_RANGES_PER_DAY) {
            errors.add(new FieldError(field, "has at most " + MAX_RANGES_PER_DAY + " ranges"));
            return List.of();
        }
        List<TimeRange> kept = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            TimeRange r = sent.get(i);
            if (r == null) {
                errors.add(new FieldError(field + "[" + i + "]", "must be an object {opens, closes}"));
                continue;
            }
            Integer opens = time(r.opens(), field + "[" + i + "].opens", false, errors);
            Integer closes = time(r.closes(), field + "[" + i + "].closes", true, errors);
            if (opens != null && closes != null) {
                minutes.add(new int[] { opens, closes <= opens ? closes + 1440 : closes, i });
                kept.add(new TimeRange(r.opens(), "24:00".equals(r.closes()) ? "00:00" : r.closes()));
            }
        }
        List<int[]> sorted = new ArrayList<>(minutes);
        sorted.sort(Comparator.comparingInt(m -> m[0]));
        for (int i = 1; i < sorted.size(); i++) {
            int[] previous = sorted.get(i - 1);
            int[] current = sorted.get(i);
            if (current[0] < previous[1]) {
                errors.add(new FieldError(field + "[" + current[2] + "]", "overlaps " + field + "[" + previous[2] + "]"));
            }
        }
        kept.sort(Comparator.comparing(TimeRange::opens));
        return kept;
    }

    private static Integer time(String raw, String field, boolean closing, List<FieldError> errors) {
        if (raw == null) {
            errors.add(new FieldError(field, "is required, HH:mm"));
            return null;
        }
        if (closing && raw.equals("24:00")) {
            return 0;
        }
        if (!TIME.matcher(raw).matches()) {
            errors.add(new FieldError(field, "must be a time HH:mm, 00:00 to 23:59" + (closing ? " (or 24:00)" : "")));
            return null;
        }
        return Integer.parseInt(raw.substring(0, 2)) * 60 + Integer.parseInt(raw.substring(3));
    }

    private static LocalDate date(String raw, String field, LocalDate today, List<FieldError> errors) {
        if (raw == null) {
            errors.add(new FieldError(field, "is required, YYYY-MM-DD"));
            return null;
        }
        LocalDate date;
        try {
            date = DATE.matcher(raw).matches() ? LocalDate.parse(raw) : null;
        } catch (DateTimeParseException e) {
            date = null;
        }
        if (date == null) {
            errors.add(new FieldError(field, "must be a date YYYY-MM-DD"));
        } else if (date.isBefore(today)) {
            errors.add(new FieldError(field, "is in the past (today is " + today + " in the restaurant's time zone)"));
        } else if (date.isAfter(today.plusDays(MAX_DAYS_AHEAD))) {
            errors.add(new FieldError(field, "is more than " + MAX_DAYS_AHEAD + " days ahead"));
        }
        return date;
    }

    private static ZoneId zone(String raw, List<FieldError> errors) {
        if (raw == null) {
            errors.add(new FieldError("timeZone", "is required: an IANA time zone such as Asia/Kolkata"));
            return null;
        }
        if (raw.length() > 64 || !ZoneId.getAvailableZoneIds().contains(raw)) {
            errors.add(new FieldError("timeZone", "must be an IANA time zone such as Asia/Kolkata or Europe/Berlin"));
            return null;
        }
        return ZoneId.of(raw);
    }

    private static DayOfWeek day(String raw) {
        return Arrays.stream(DayOfWeek.values()).filter(d -> d.name().equals(raw)).findFirst().orElse(null);
    }

    // ---- The stored form

    static String json(Hours hours) {
        return Json.write(hours);
    }

    static Hours read(String json) {
        return json == null ? null : Json.read(json, Hours.class);
    }

    /** The stored schedule as {@link OpeningHours}; {@link OpeningHours#always()} when none is set. */
    static OpeningHours parse(String json) {
        if (json == null) {
            return OpeningHours.always();
        }
        OpeningHours parsed = PARSED.get(json);
        if (parsed == null) {
            if (PARSED.size() >= MAX_PARSED) {
                PARSED.clear();
            }
            parsed = of(read(json));
            PARSED.put(json, parsed);
        }
        return parsed;
    }

    /** A schedule in its stored form as {@link OpeningHours}; null: none. */
    static OpeningHours of(Hours h) {
        if (h == null) {
            return OpeningHours.always();
        }
        Map<DayOfWeek, List<OpeningHours.Range>> weekly = new EnumMap<>(DayOfWeek.class);
        h.weekly().forEach((day, ranges) -> weekly.put(DayOfWeek.valueOf(day), ranges(ranges)));
        Map<LocalDate, List<OpeningHours.Range>> exceptions = h.exceptions() == null ? Map.of() : h.exceptions()
                .stream().collect(Collectors.toMap(e -> LocalDate.parse(e.date()),
                        e -> Boolean.TRUE.equals(e.closed()) || e.ranges() == null ? List.of() : ranges(e.ranges())));
        return new OpeningHours(ZoneId.of(h.timeZone()), weekly, exceptions);
    }

    private static List<OpeningHours.Range> ranges(List<TimeRange> ranges) {
        return ranges.stream().map(r -> new OpeningHours.Range(LocalTime.parse(r.opens()),
                LocalTime.parse("24:00".equals(r.closes()) ? "00:00" : r.closes()))).toList();
    }

    /** When the boundary job should next look at a restaurant with these hours; null without a schedule. */
    static Instant nextCheck(OpeningHours hours, Instant now) {
        if (!hours.scheduled()) {
            return null;
        }
        Instant next = hours.nextBoundary(now);
        return next != null ? next : now.plus(RECHECK);
    }
}
