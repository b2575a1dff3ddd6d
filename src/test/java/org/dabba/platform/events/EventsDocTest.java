package org.dabba.platform.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/events.md stays the true table of every event: each {@link DomainEvent} record under {@code org.dabba}, found
 * by scanning the compiled classes (so a feature's new records are checked without being named here), has its row
 * with its version and exactly its data's top-level fields, and each row has its record.
 */
class EventsDocTest {

    private static final Path DOC = Path.of("docs/events.md");
    /** {@code org.dabba.} + the event's name: lowercase levels separated by dots. */
    private static final Pattern TYPE_NAME = Pattern.compile("org\\.dabba(\\.[a-z]+)+");
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    record Row(String type, String version, Set<String> fields) {
    }

    @Test
    void everyEventRecordHasItsRowAndEveryRowItsRecord() throws Exception {
        Map<String, Class<? extends DomainEvent>> records = records();
        Map<String, Row> rows = rows();
        assertFalse(records.isEmpty(), "no DomainEvent records found under org.dabba");
        List<String> problems = new ArrayList<>();
        records.forEach((type, record) -> {
            if (!TYPE_NAME.matcher(type).matches()) {
                problems.add(record.getName() + ": type " + type + " is not org.dabba. + lowercase dotted levels");
            }
            Row row = rows.get(type);
            if (row == null) {
                problems.add(record.getName() + ": no row for " + type + " in " + DOC);
                return;
            }
            if (!row.version().equals(String.valueOf(DomainEvent.versionOf(record)))) {
                problems.add(type + ": the row says version " + row.version() + ", " + record.getSimpleName()
                        + " version " + DomainEvent.versionOf(record));
            }
            Set<String> fields = jsonFields(record);
            if (!row.fields().equals(fields)) {
                problems.add(type + ": the row documents " + row.fields() + ", " + record.getSimpleName()
                        + " has " + fields);
            }
        });
        rows.keySet().stream()
                .filter(type -> !records.containsKey(type))
                .forEach(type -> problems.add("row " + type + " has no DomainEvent record"));
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Every class under org.dabba implementing DomainEvent, by its declared type; each must declare one. */
    static Map<String, Class<? extends DomainEvent>> records() throws IOException, ClassNotFoundException {
        Path root = Path.of(DomainEvent.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Map<String, Class<? extends DomainEvent>> found = new TreeMap<>();
        List<String> names;
        try (Stream<Path> files = Files.walk(root.resolve("org/dabba"))) {
            names = files.map(root::relativize).map(Path::toString).filter(f -> f.endsWith(".class"))
                    .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.')).toList();
        }
        ClassLoader loader = EventsDocTest.class.getClassLoader();
        for (String name : names) {
            Class<?> c;
            try {
                c = Class.forName(name, false, loader);
            } catch (LinkageError unloadable) {
                continue;
            }
            if (!DomainEvent.class.isAssignableFrom(c) || c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Class<? extends DomainEvent> record = (Class<? extends DomainEvent>) c;
            Class<? extends DomainEvent> twin = found.put(DomainEvent.typeOf(record), record);
            assertEquals(null, twin, "two records declare " + DomainEvent.typeOf(record));
        }
        return found;
    }

    /** The data's top-level JSON fields: through {@code @JsonValue} and {@code @JsonUnwrapped}, as Jackson writes. */
    static Set<String> jsonFields(Class<?> type) {
        BeanDescription description = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(type));
        AnnotatedMember value = description.findJsonValueAccessor();
        if (value != null) {
            return jsonFields(value.getRawType());
        }
        Set<String> fields = new TreeSet<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor == null) {
                continue;
            }
            if (accessor.hasAnnotation(JsonUnwrapped.class)) {
                fields.addAll(jsonFields(accessor.getRawType()));
            } else {
                fields.add(property.getName());
            }
        }
        return fields;
    }

    /**
     * The Types table's rows. A data cell names fields in backticks; a backticked name with a section of its own
     * ({@code ### `Restaurant`}) stands for that section's fields.
     */
    static Map<String, Row> rows() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        Map<String, Set<String>> sections = new HashMap<>();
        Pattern heading = Pattern.compile("^### `(\\w+)`");
        Pattern field = Pattern.compile("^\\| `(\\w+)` \\|");
        String section = null;
        for (String line : lines) {
            Matcher h = heading.matcher(line);
            if (h.find()) {
                section = h.group(1);
                sections.put(section, new TreeSet<>());
            } else if (line.startsWith("#")) {
                section = null;
            } else if (section != null) {
                Matcher f = field.matcher(line);
                if (f.find()) {
                    sections.get(section).add(f.group(1));
                }
            }
        }
        Map<String, Row> rows = new TreeMap<>();
        Pattern name = Pattern.compile("`(\\w+)`");
        for (String line : lines) {
            if (!line.startsWith("| `org.dabba.")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String type = cells[1].strip().replace("`", "");
            Set<String> fields = new TreeSet<>();
            Matcher m = name.matcher(cells[3]);
            while (m.find()) {
                fields.addAll(sections.getOrDefault(m.group(1), Set.of(m.group(1))));
            }
            assertEquals(null, rows.put(type, new Row(type, cells[2].strip(), fields)), "two rows for " + type);
        }
        return rows;
    }
}
