package org.dabba.restaurant;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * When a restaurant is open by its hours: weekly ranges in its own time zone, and dates whose ranges replace
 * the weekly ones (a holiday closed, a New Year's Eve open late). Pure: it answers for an instant and knows no
 * clock, no switch and no database.
 *
 * <p>A range whose {@code closes} is not after its {@code opens} ends the next day (18:00–02:00; 00:00–00:00 is the
 * whole day). The ranges of a date are those that open on it: a Saturday range until 02:00 keeps the restaurant
 * open early on Sunday even when Sunday is an exception. Local times are turned into instants by java.time: a
 * time skipped by a daylight-saving change moves forward by the gap (02:30 on a spring-forward night opens at
 * 03:30), a repeated one means its first occurrence.
 *
 * <p>Without a schedule ({@link #always()}) a restaurant is open at every instant by its hours: only its
 * ONLINE/OFFLINE switch decides, as before restaurants had hours.
 */
public final class OpeningHours {

    /** How far ahead {@link #opensAt} and {@link #nextBoundary} look. */
    public static final int HORIZON_DAYS = 8;

    /** One opening: local times of a day; ends the next day when {@code closes} is not after {@code opens}. */
    public record Range(LocalTime opens, LocalTime closes) {

        public boolean crossesMidnight() {
            return !closes.isAfter(opens);
        }
    }

    private static final OpeningHours ALWAYS = new OpeningHours(null, Map.of(), Map.of());

    private final ZoneId zone;
    private final Map<DayOfWeek, List<Range>> weekly;
    private final Map<LocalDate, List<Range>> exceptions;

    /**
     * @param weekly     the ranges of each day of the week; a day left out is closed
     * @param exceptions the ranges of particular dates, replacing their weekly ones; an empty list is closed
     */
    public OpeningHours(ZoneId zone, Map<DayOfWeek, List<Range>> weekly, Map<LocalDate, List<Range>> exceptions) {
        this.zone = zone;
        this.weekly = Map.copyOf(weekly);
        this.exceptions = Map.copyOf(exceptions);
    }

    /** No schedule: open at any instant, as far as hours go. */
    public static OpeningHours always() {
        return ALWAYS;
    }

    public boolean scheduled() {
        return zone != null;
    }

    public boolean isOpen(Instant at) {
        return !scheduled() || intervals(at).stream().anyMatch(i -> !i.start.isAfter(at) && i.end.isAfter(at));
    }

    /**
     * The next instant after {@code at} at which it opens (closed just before it), or null when none within
     * {@link #HORIZON_DAYS} days, or without a schedule. When open at {@code at}: the opening after this one.
     */
    public Instant opensAt(Instant at) {
        return firstWithinHorizon(at, i -> i.start.isAfter(at) ? i.start : null);
    }

    /**
     * The next instant after {@code at} at which it opens or closes, or null when none within
     * {@link #HORIZON_DAYS} days, or without a schedule.
     */
    public Instant nextBoundary(Instant at) {
        return firstWithinHorizon(at, i -> i.start.isAfter(at) ? i.start : i.end.isAfter(at) ? i.end : null);
    }

    /** The first instant {@code pick} takes from the openings in time order, unless it is beyond the horizon. */
    private Instant firstWithinHorizon(Instant at, Function<Interval, Instant> pick) {
        if (!scheduled()) {
            return null;
        }
        Instant limit = at.plus(Duration.ofDays(HORIZON_DAYS));
        return intervals(at).stream().map(pick).filter(Objects::nonNull).findFirst()
                .filter(next -> !next.isAfter(limit)).orElse(null);
    }

    private record Interval(Instant start, Instant end) {
    }

    /**
     * The openings of the days around {@code at} as instants, sorted and merged (touching or overlapping ones
     * are one), so that every start and end is a real change. From the day before (a range may run past
     * midnight, and ranges are at most a day long) to the horizon.
     */
    private List<Interval> intervals(Instant at) {
        LocalDate today = at.atZone(zone).toLocalDate();
        List<Interval> found = new ArrayList<>();
        for (LocalDate d = today.minusDays(1); !d.isAfter(today.plusDays(HORIZON_DAYS + 1)); d = d.plusDays(1)) {
            List<Range> ranges = exceptions.containsKey(d) ? exceptions.get(d)
                    : weekly.getOrDefault(d.getDayOfWeek(), List.of());
            for (Range r : ranges) {
                Instant start = ZonedDateTime.of(d, r.opens(), zone).toInstant();
                Instant end = ZonedDateTime.of(r.crossesMidnight() ? d.plusDays(1) : d, r.closes(), zone).toInstant();
                if (end.isAfter(start)) {
                    found.add(new Interval(start, end));
                }
            }
        }
        found.sort(Comparator.comparing(Interval::start));
        List<Interval> merged = new ArrayList<>();
        for (Interval i : found) {
            Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last == null || i.start.isAfter(last.end)) {
                merged.add(i);
            } else if (i.end.isAfter(last.end)) {
                merged.set(merged.size() - 1, new Interval(last.start, i.end));
            }
        }
        return merged;
    }
}
