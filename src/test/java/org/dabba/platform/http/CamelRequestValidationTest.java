package org.dabba.platform.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.RestClientRequestValidator.ValidationContext;
import org.apache.camel.spi.RestClientRequestValidator.ValidationError;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.support.processor.DefaultRestClientRequestValidator;
import org.junit.jupiter.api.Test;

/**
 * Why the contract's checks are ContractChecks' and not Camel's clientRequestValidation (Camel 4.17): Camel answers
 * the first problem only, as one sentence naming no field, and checks neither types nor bounds, so it cannot give
 * the API's 400 (problem+json naming every bad field).
 */
class CamelRequestValidationTest {

    @Test
    void camelsClientRequestValidationStopsAtTheFirstProblemAndNamesNoField() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange e = new DefaultExchange(camel);
            e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            e.getMessage().setHeader("sort_by", "sideways");
            ValidationContext contract = new ValidationContext("application/json", "application/json", true, Map.of(),
                    Map.of("sort_by", "relevance,distance"), Set.of("lat"), Set.of());

            ValidationError error = new DefaultRestClientRequestValidator().validate(e, contract);
            assertEquals(400, error.statusCode());
            assertEquals("Some of the required query parameters are missing.", error.body());

            e.getMessage().setHeader("lat", "912.5");
            e.getMessage().setHeader("sort_by", "relevance");
            e.getMessage().setHeader("page", "-3");
            e.getMessage().setBody("{\"role\": \"KING\"}");
            assertNull(new DefaultRestClientRequestValidator().validate(e, contract),
                    "a latitude out of bounds, a negative page and an unknown enum value in the body all pass");
        }
    }
}
