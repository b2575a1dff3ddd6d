package org.dabba.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A domain event's data: a record that carries what its consumers need and names, through {@link Type}, its
 * CloudEvents type (reverse-DNS, ending in the event's name in the domain's words) and its schema version.
 */
public interface DomainEvent {

    /** The CloudEvents {@code type} and the version of its data's schema (in {@code dataschema}). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface Type {
        /** e.g. {@code org.dabba.order.payment.success} */
        String value();

        int version() default 1;
    }

    /** The type an event record declares. */
    static String typeOf(Class<? extends DomainEvent> record) {
        Type t = record.getAnnotation(Type.class);
        if (t == null) {
            throw new IllegalStateException(record.getName() + " declares no @DomainEvent.Type");
        }
        return t.value();
    }

    /** The schema version an event record declares. */
    static int versionOf(Class<? extends DomainEvent> record) {
        return record.getAnnotation(Type.class).version();
    }

    /** The prefix of every {@code dataschema}: names, not addresses (nothing is served there). */
    String SCHEMA_PREFIX = "urn:dabba:events:";

    /**
     * The {@code dataschema} of version {@code version} of type {@code type}'s data, e.g.
     * {@code urn:dabba:events:org.dabba.restaurant.verified:v1}; docs/events.md describes each.
     */
    static java.net.URI schema(String type, int version) {
        return java.net.URI.create(SCHEMA_PREFIX + type + ":v" + version);
    }

    /** The {@code dataschema} an event record declares. */
    static java.net.URI schemaOf(Class<? extends DomainEvent> record) {
        return schema(typeOf(record), versionOf(record));
    }
}
