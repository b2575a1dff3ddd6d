package org.dabba.platform;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.dabba.testing.Api;
import org.dabba.testing.GenerousLimits;
import org.dabba.testing.Images;
import org.dabba.testing.KafkaBroker;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OpenSearchNode;
import org.dabba.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The {@code prod} profile as an operator runs it, on real servers started from Maven artifacts: events
 * relayed from the outbox to a Kafka broker (and consumed back from it), logos and dish photos written to an
 * S3-compatible store (S3Proxy), search fed through Kafka into OpenSearch. PostgreSQL and Redis are external to the app here, as in prod.
 */
@QuarkusTest
@TestProfile(ProdAdaptersIT.Prod.class)
@WithTestResource(LocalServers.class)
class ProdAdaptersIT {

    static final String ADMIN_PASSWORD = "it-admin-" + UUID.randomUUID();
    static final String BUCKET = "dabba-media-it";

    public static class Prod implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            S3ProxyServer s3 = S3ProxyServer.shared();
            String keys = LocalServers.config().get("dabba.data-dir") + "/keys/";
            String endpoint = s3.endpoint().toString();
            Map<String, String> config = new HashMap<>(GenerousLimits.config());
            config.put("quarkus.http.test-port", "0");
            config.put("DABBA_ADMIN_PASSWORD", ADMIN_PASSWORD);
            config.put("DABBA_JWT_PUBLIC_KEY_LOCATION", "file:" + keys + "jwt-public.pem");
            config.put("DABBA_JWT_PRIVATE_KEY_LOCATION", "file:" + keys + "jwt-private.pem");
            config.put("KAFKA_BOOTSTRAP_SERVERS", KafkaBroker.shared().bootstrapServers());
            config.put("DABBA_S3_BUCKET", BUCKET);
            config.put("DABBA_S3_REGION", s3.region());
            config.put("DABBA_S3_ACCESS_KEY", s3.accessKey());
            config.put("DABBA_S3_SECRET_KEY", s3.secretKey());
            config.put("DABBA_S3_OVERRIDE_ENDPOINT", "true");
            config.put("DABBA_S3_ENDPOINT", endpoint);
            config.put("DABBA_S3_AUTO_CREATE_BUCKET", "true");
            config.put("DABBA_MEDIA_PUBLIC_BASE_URL", endpoint + "/" + BUCKET);
            config.put("DABBA_SEARCH_HOSTS", OpenSearchNode.shared().url());
            // Prod refuses to start without Stripe keys; this suite makes no payment calls.
            config.put("DABBA_STRIPE_SECRET_KEY", "sk_test_prod_adapters_it");
            config.put("DABBA_STRIPE_WEBHOOK_SECRET", "whsec_prod_adapters_it");
            config.put("dabba.search.elasticsearch.alias", "prod-it-" + UUID.randomUUID());
            return config;
        }
    }

    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void outboxEventsReachTheKafkaTopicKeyedByAggregateAndAreConsumedBack() throws Exception {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = Api.register(owner);
        as(Api.login("admin@dabba.local", ADMIN_PASSWORD)).body(Map.of("decision", "APPROVE"))
                .post("/admin/restaurants/{id}/verification", id).then().statusCode(200);

        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> mine = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("dabba.restaurant-events"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (mine.size() < 2 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (id.equals(r.key())) {
                        mine.add(r);
                    }
                });
            }
        }
        assertEquals(2, mine.size(), "events of restaurant " + id + " on the topic");
        JsonNode registered = mapper.readTree(mine.get(0).value());
        assertEquals("org.dabba.restaurant.registered", registered.path("type").asText());
        assertEquals(id, registered.path("subject").asText());
        assertEquals("org.dabba.restaurant.verified", mapper.readTree(mine.get(1).value()).path("type").asText());
        assertEquals("application/cloudevents+json",
                new String(mine.get(0).headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
        assertNull(mine.get(0).headers().lastHeader("ce_type"), "structured mode: no binary-mode attribute headers");
        assertEquals("urn:dabba:events:org.dabba.restaurant.registered:v1", registered.path("dataschema").asText());

        // The notification consumer reads the same topic with its own consumer group.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> as(owner).get("/notifications")
                .then().statusCode(200).body("items[0].type", equalTo("restaurant.verified")));
    }

    @Test
    void dishPhotosAndThumbnailsLandInTheBucketAndLeaveWithTheDish() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = Api.register(owner);
        Map<String, Object> dish = new HashMap<>(Map.of("name", "Masala Dosa", "price", 120, "category", "Breakfast",
                "type", "VEG", "imageUrl", Images.base64(Images.noisyJpeg(1600, 1200, 7))));
        var created = as(owner).body(dish).post("/restaurants/{r}/menu/items", id).then().statusCode(201).extract();
        String prefix = S3ProxyServer.shared().endpoint() + "/" + BUCKET + "/";
        String imageKey = created.<String>path("imageUrl").substring(prefix.length());
        String thumbnailKey = created.<String>path("thumbnailUrl").substring(prefix.length());

        try (S3Client client = s3Client()) {
            assertEquals(1024, Images.read(object(client, imageKey)).getWidth());
            assertEquals(256, Images.read(object(client, thumbnailKey)).getWidth());

            as(owner).delete("/restaurants/{r}/menu/items/{i}", id, created.<String>path("id")).then().statusCode(204);
            assertThrows(NoSuchKeyException.class, () -> object(client, imageKey));
            assertThrows(NoSuchKeyException.class, () -> object(client, thumbnailKey));
        }
    }

    private static S3Client s3Client() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        return S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build();
    }

    private static byte[] object(S3Client client, String key) {
        return client.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build()).asByteArray();
    }

    @Test
    void searchIsFedThroughKafkaIntoOpenSearch() {
        double lat = -30 + Math.random() * 60;
        double lon = -150 + Math.random() * 300;
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        body.put("name", "Kafka Kebab House");
        body.put("address", Map.of("street", "1 Broker Rd", "city", "Hyderabad", "zipCode", "500001",
                "latitude", lat, "longitude", lon));
        String id = as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
        as(owner).body(Map.of("name", "Seekh Kebab", "price", 220, "category", "Grill", "type", "NON_VEG"))
                .post("/restaurants/{r}/menu/items", id).then().statusCode(201);
        as(Api.login("admin@dabba.local", ADMIN_PASSWORD)).body(Map.of("decision", "APPROVE"))
                .post("/admin/restaurants/{id}/verification", id).then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> io.restassured.RestAssured.given()
                .queryParam("lat", lat).queryParam("long", lon).queryParam("query", "seekh kebap")
                .get("/search/restaurants")
                .then().statusCode(200)
                .body("results[0].restaurantId", equalTo(id))
                .body("results[0].matchedItems[0].name", equalTo("Seekh Kebab")));
    }

    @Test
    void logosAreWrittenToTheS3Bucket() {
        S3ProxyServer s3 = S3ProxyServer.shared();
        byte[] logo = Images.encode("png", 32, 32);
        Map<String, Object> body = Api.restaurantBody();
        body.put("logoUrl", Images.base64(logo));
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");

        String logoUrl = as(owner).get("/restaurants/{id}", id).path("logoUrl");
        String prefix = s3.endpoint() + "/" + BUCKET + "/";
        assertTrue(logoUrl.startsWith(prefix + "restaurants/" + id + "/logo/"), logoUrl);
        String key = logoUrl.substring(prefix.length());

        try (S3Client client = s3Client()) {
            // Re-encoded on its way in, like every photo: a metadata-free JPEG of the same size.
            var stored = client.getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build());
            assertEquals(32, Images.read(stored.asByteArray()).getWidth());
            assertEquals("image/jpeg", stored.response().contentType());
        }
    }

    @Test
    void aPosUrlMustBeHttpsAndPublic() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String id = Api.register(owner);
        String path = "/restaurants/{id}/integrations/pos";
        String secret = "whsec_prod_it_" + UUID.randomUUID();
        as(owner).body(Map.of("url", "http://93.184.215.14/pos", "secret", secret)).put(path, id).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                .body("errors[0].message", equalTo("must use https"));
        for (String url : List.of("https://127.0.0.1:8443/pos", "https://localhost/pos",
                "https://169.254.169.254/latest/meta-data", "https://10.0.0.7/pos", "https://[::1]/pos")) {
            as(owner).body(Map.of("url", url, "secret", secret)).put(path, id).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("url"))
                    .body("errors[0].message", org.hamcrest.Matchers.startsWith("must point to a public address"));
        }
        as(owner).get(path, id).then().statusCode(404);
        as(owner).body(Map.of("url", "https://93.184.215.14/pos", "secret", secret)).put(path, id).then()
                .statusCode(200).body("url", equalTo("https://93.184.215.14/pos"));
    }
}
