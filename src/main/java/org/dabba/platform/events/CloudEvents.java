package org.dabba.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;

/** Reads a relayed event back; a step every consumer route starts with ({@code bean: cloudEvents}). */
@ApplicationScoped
@Named("cloudEvents")
public class CloudEvents {

    @Inject
    ObjectMapper mapper;

    public CloudEvent read(String json) throws IOException {
        return mapper.readValue(json, CloudEvent.class);
    }
}
