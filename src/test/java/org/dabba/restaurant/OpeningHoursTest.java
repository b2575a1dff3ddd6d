package org.dabba.restaurant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.dabba.platform.error.Problem.FieldError;
import org.dabba.platform.error.ProblemException;
import org.dabba.restaurant.RestaurantBodies.Hours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Opening hours across midnight, time zones, daylight-saving changes and holidays; and what a schedule must be. */
class OpeningHoursTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** When the schedules below are set: their exceptions are ahead of it. */
    private static final Instant SET_AT = Instant.parse("2026-03-01T00:00:00Z");

    /** 2026-12-07 is a Monday; 2026-12-25 (closed) a Friday; 2026-12-31 (open late) a Thursday. */
    private static final Map<String, String> SCHEDULES = Map.of(
            "kolkata", """
                    {"timeZone": "Asia/Kolkata",
                     "weekly": {"MONDAY": [{"opens": "18:00", "closes": "23:30"}, {"opens": "11:00", "closes": "15:00"}],
                                "FRIDAY": [{"opens": "18:00", "closes": "02:00"}]},
                     "exceptions": [{"date": "2026-12-25", "closed": true},
                                    {"date": "2026-12-31", "ranges": [{"opens": "18:00", "closes": "02:00"}]}]}""",
            // Night bar; 2026-03-29 and 2026-10-25 are the Sundays Berlin's clocks change.
            "berlin-bar", """
                    {"timeZone": "Europe/Berlin", "weekly": {"SATURDAY": [{"opens": "22:00", "closes": "04:00"}]}}""",
            // 02:30 does not exist in Berlin on 2026-03-29.
            "berlin-early", """
                    {"timeZone": "Europe/Berlin", "weekly": {"SUNDAY": [{"opens": "02:30", "closes": "06:00"}]}}""",
            "new-york", """
                    {"timeZone": "America/New_York", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}}""",
            "tokyo", """
                    {"timeZone": "Asia/Tokyo", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}}""",
            "all-day", """
                    {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "00:00", "closes": "00:00"}],
                                                   "TUESDAY": [{"opens": "00:00", "closes": "24:00"}]}}""");

    @ParameterizedTest(name = "{0} at {1}: open {2}, opens {3}, next change {4}")
    @CsvSource(nullValues = "-", textBlock = """
            # schedule,   at,                       open,  opensAt,                nextBoundary
            # Two ranges a day (Kolkata is UTC+05:30): before, within, between, at the end (exclusive).
            kolkata,      2026-12-07T05:29:59Z,     false, 2026-12-07T05:30:00Z,   2026-12-07T05:30:00Z
            kolkata,      2026-12-07T05:30:00Z,     true,  2026-12-07T12:30:00Z,   2026-12-07T09:30:00Z
            kolkata,      2026-12-07T10:00:00Z,     false, 2026-12-07T12:30:00Z,   2026-12-07T12:30:00Z
            kolkata,      2026-12-07T18:00:00Z,     false, 2026-12-11T12:30:00Z,   2026-12-11T12:30:00Z
            # Friday until 02:00 on Saturday.
            kolkata,      2026-12-11T20:29:00Z,     true,  2026-12-14T05:30:00Z,   2026-12-11T20:30:00Z
            kolkata,      2026-12-11T20:30:00Z,     false, 2026-12-14T05:30:00Z,   2026-12-14T05:30:00Z
            # Christmas (a Friday) closed: the next opening is Monday's.
            kolkata,      2026-12-25T13:00:00Z,     false, 2026-12-28T05:30:00Z,   2026-12-28T05:30:00Z
            # New Year's Eve (a Thursday, closed weekly) open until 02:00 on New Year's Day.
            kolkata,      2026-12-31T20:00:00Z,     true,  2027-01-01T12:30:00Z,   2026-12-31T20:30:00Z
            kolkata,      2026-12-30T20:00:00Z,     false, 2026-12-31T12:30:00Z,   2026-12-31T12:30:00Z
            # Spring forward: Saturday 22:00 CET to Sunday 04:00 CEST is five hours, not six.
            berlin-bar,   2026-03-28T20:59:00Z,     false, 2026-03-28T21:00:00Z,   2026-03-28T21:00:00Z
            berlin-bar,   2026-03-29T01:59:00Z,     true,  2026-04-04T20:00:00Z,   2026-03-29T02:00:00Z
            berlin-bar,   2026-03-29T02:00:00Z,     false, 2026-04-04T20:00:00Z,   2026-04-04T20:00:00Z
            # Fall back: Saturday 22:00 CEST to Sunday 04:00 CET is seven hours.
            berlin-bar,   2026-10-25T02:30:00Z,     true,  2026-10-31T21:00:00Z,   2026-10-25T03:00:00Z
            # A time the spring-forward night skips opens when the clocks have moved on (03:30 CEST).
            berlin-early, 2026-03-29T01:00:00Z,     false, 2026-03-29T01:30:00Z,   2026-03-29T01:30:00Z
            berlin-early, 2026-03-29T03:59:00Z,     true,  2026-04-05T00:30:00Z,   2026-03-29T04:00:00Z
            # The same instant in two zones: Monday 09:00 in New York is Monday 23:00 in Tokyo.
            new-york,     2026-12-07T14:00:00Z,     true,  2026-12-14T14:00:00Z,   2026-12-07T22:00:00Z
            tokyo,        2026-12-07T14:00:00Z,     false, 2026-12-14T00:00:00Z,   2026-12-14T00:00:00Z
            # 00:00 to 00:00 (or 24:00) is the whole day; Monday and Tuesday run into each other.
            all-day,      2026-12-07T00:00:00Z,     true,  2026-12-14T00:00:00Z,   2026-12-09T00:00:00Z
            all-day,      2026-12-08T23:59:59Z,     true,  2026-12-14T00:00:00Z,   2026-12-09T00:00:00Z
            all-day,      2026-12-09T00:00:00Z,     false, 2026-12-14T00:00:00Z,   2026-12-14T00:00:00Z
            """)
    void answersForAnInstant(String schedule, String at, boolean open, String opensAt, String nextBoundary)
            throws Exception {
        OpeningHours hours = HoursRules.of(HoursRules.validate(JSON.readValue(SCHEDULES.get(schedule), Hours.class),
                SET_AT));
        Instant t = Instant.parse(at);
        assertEquals(open, hours.isOpen(t), "open");
        assertEquals(opensAt == null ? null : Instant.parse(opensAt), hours.opensAt(t), "opensAt");
        assertEquals(nextBoundary == null ? null : Instant.parse(nextBoundary), hours.nextBoundary(t), "nextBoundary");
    }

    @Test
    void withoutAScheduleItIsAlwaysOpenByItsHours() {
        OpeningHours none = OpeningHours.always();
        Instant t = Instant.parse("2026-12-07T03:00:00Z");
        assertFalse(none.scheduled());
        assertTrue(none.isOpen(t));
        assertNull(none.opensAt(t));
        assertNull(none.nextBoundary(t));
        assertNull(HoursRules.nextCheck(none, t));
        assertTrue(HoursRules.parse(null).isOpen(t));
    }

    @Test
    void aScheduleClosedBeyondTheHorizonHasNoOpeningButIsLookedAtAgain() throws Exception {
        // Mondays only, and the next two Mondays closed: nothing opens within 8 days.
        Hours h = JSON.readValue("""
                {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]},
                 "exceptions": [{"date": "2026-12-07", "closed": true}, {"date": "2026-12-14", "closed": true}]}""",
                Hours.class);
        OpeningHours hours = HoursRules.of(HoursRules.validate(h, SET_AT));
        Instant t = Instant.parse("2026-12-06T12:00:00Z");
        assertFalse(hours.isOpen(t));
        assertNull(hours.opensAt(t));
        assertNull(hours.nextBoundary(t));
        assertEquals(t.plus(HoursRules.RECHECK), HoursRules.nextCheck(hours, t));
    }

    @Test
    void theStoredFormIsInWeekOrderAndSortedWith24AsMidnight() throws Exception {
        Hours stored = HoursRules.validate(JSON.readValue("""
                {"timeZone": "Asia/Kolkata",
                 "weekly": {"SUNDAY": [], "MONDAY": [{"opens": "18:00", "closes": "24:00"}, {"opens": "11:00", "closes": "15:00"}]},
                 "exceptions": [{"date": "2026-12-31", "ranges": [{"opens": "18:00", "closes": "02:00"}]},
                                {"date": "2026-12-25", "closed": true}]}""", Hours.class), SET_AT);
        assertEquals("""
                {"timeZone":"Asia/Kolkata","weekly":{"MONDAY":[{"opens":"11:00","closes":"15:00"},\
                {"opens":"18:00","closes":"00:00"}],"SUNDAY":[]},"exceptions":[{"date":"2026-12-25","closed":true},\
                {"date":"2026-12-31","ranges":[{"opens":"18:00","closes":"02:00"}]}]}""", HoursRules.json(stored));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown zone                 | {"timeZone": "Mars/Olympus", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}} | timeZone
            an offset is no zone         | {"timeZone": "+05:30", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}} | timeZone
            no zone                      | {"weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}} | timeZone
            no weekly                    | {"timeZone": "UTC"} | weekly
            never open                   | {"timeZone": "UTC", "weekly": {"MONDAY": []}} | weekly
            unknown day                  | {"timeZone": "UTC", "weekly": {"FUNDAY": [{"opens": "09:00", "closes": "17:00"}]}} | weekly.FUNDAY
            hour 25                      | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "25:00", "closes": "17:00"}]}} | weekly.MONDAY[0].opens
            one digit hour               | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "9:00", "closes": "17:00"}]}} | weekly.MONDAY[0].opens
            seconds                      | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00:00"}]}} | weekly.MONDAY[0].closes
            opens at 24:00               | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "24:00", "closes": "17:00"}]}} | weekly.MONDAY[0].opens
            no closing time              | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00"}]}} | weekly.MONDAY[0].closes
            null range                   | {"timeZone": "UTC", "weekly": {"MONDAY": [null]}} | weekly.MONDAY[0]
            null day                     | {"timeZone": "UTC", "weekly": {"MONDAY": null}} | weekly.MONDAY
            overlapping ranges           | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "11:00", "closes": "15:00"}, {"opens": "14:00", "closes": "16:00"}]}} | weekly.MONDAY[1]
            overlap past midnight        | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "22:00", "closes": "03:00"}], "TUESDAY": [{"opens": "02:00", "closes": "04:00"}]}} | weekly.TUESDAY[0]
            sunday into monday           | {"timeZone": "UTC", "weekly": {"SUNDAY": [{"opens": "22:00", "closes": "03:00"}], "MONDAY": [{"opens": "01:00", "closes": "04:00"}]}} | weekly.MONDAY[0]
            exception in the past        | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}, "exceptions": [{"date": "2026-02-27", "closed": true}]} | exceptions[0].date
            exception too far ahead      | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}, "exceptions": [{"date": "2027-03-03", "closed": true}]} | exceptions[0].date
            not a date                   | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}, "exceptions": [{"date": "2026-02-30", "closed": true}]} | exceptions[0].date
            date twice                   | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}, "exceptions": [{"date": "2026-12-25", "closed": true}, {"date": "2026-12-25", "closed": true}]} | exceptions[1].date
            closed and ranges            | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}, "exceptions": [{"date": "2026-12-25", "closed": true, "ranges": [{"opens": "09:00", "closes": "12:00"}]}]} | exceptions[0]
            neither closed nor ranges    | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}, "exceptions": [{"date": "2026-12-25"}]} | exceptions[0].ranges
            bad exception range          | {"timeZone": "UTC", "weekly": {"MONDAY": [{"opens": "09:00", "closes": "17:00"}]}, "exceptions": [{"date": "2026-12-25", "ranges": [{"opens": "noon", "closes": "17:00"}]}]} | exceptions[0].ranges[0].opens
            """)
    void aBadScheduleIsA400NamingTheField(String why, String body, String field) throws Exception {
        ProblemException e = assertThrows(ProblemException.class,
                () -> HoursRules.validate(JSON.readValue(body, Hours.class), SET_AT));
        assertEquals(400, e.problem().getStatus());
        assertTrue(e.problem().getErrors().stream().map(FieldError::field).anyMatch(field::equals),
                why + ": " + e.problem().getErrors());
    }

    @Test
    void tooManyRangesOrExceptions() throws Exception {
        String seven = IntStream.range(0, 7).mapToObj(i -> "{\"opens\": \"0" + i + ":00\", \"closes\": \"0" + i + ":30\"}")
                .collect(Collectors.joining(","));
        ProblemException ranges = assertThrows(ProblemException.class, () -> HoursRules.validate(JSON.readValue(
                "{\"timeZone\": \"UTC\", \"weekly\": {\"MONDAY\": [" + seven + "]}}", Hours.class), SET_AT));
        assertEquals("weekly.MONDAY", ranges.problem().getErrors().get(0).field());

        String many = IntStream.range(0, HoursRules.MAX_EXCEPTIONS + 1)
                .mapToObj(i -> "{\"date\": \"" + SET_AT.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(i)
                        + "\", \"closed\": true}").collect(Collectors.joining(","));
        ProblemException exceptions = assertThrows(ProblemException.class, () -> HoursRules.validate(JSON.readValue(
                "{\"timeZone\": \"UTC\", \"weekly\": {\"MONDAY\": [{\"opens\": \"09:00\", \"closes\": \"17:00\"}]},"
                        + " \"exceptions\": [" + many + "]}", Hours.class), SET_AT));
        assertEquals("exceptions", exceptions.problem().getErrors().get(0).field());
    }
}
