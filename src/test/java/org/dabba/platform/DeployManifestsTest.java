package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.SmallRyeConfig;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dabba.testing.LocalServers;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * What an operator deploys is what the app is: the image, the Kubernetes manifests and the compose file probe paths
 * the app answers on the ports it listens on, set only settings the app reads, and carry no credential.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class DeployManifestsTest {

    static final Path KUBERNETES = Path.of("deploy/kubernetes");
    static final Path COMPOSE = Path.of("deploy/compose.yaml");
    static final Path DOCKERFILE = Path.of("src/main/docker/Dockerfile.jvm");
    static final Path APPLICATION_PROPERTIES = Path.of("src/main/resources/application.properties");
    static final Path KAMELETS = Path.of("kamelets");

    /** A name that carries a secret: one of its words is (or ends in) a credential word... */
    static final Pattern CREDENTIAL_WORD = Pattern.compile(".*(PASSWORD|SECRET|KEY|TOKEN|CREDENTIALS?|DSN|ACCOUNTSID)");
    /** ...unless the name says where the secret is kept or who signs, not the secret itself. */
    static final Set<String> NOT_A_SECRET_LAST_WORD = Set.of("LOCATION", "ISSUER", "URL", "ENDPOINT");

    @TestHTTPResource("/")
    URL publicPort;

    @TestHTTPResource(value = "/", management = true)
    URL managementPort;

    @Test
    void everyKustomizationNamesFilesThatExist() throws IOException {
        List<Path> kustomizations = files(KUBERNETES).filter(p -> p.getFileName().toString().equals("kustomization.yaml"))
                .toList();
        assertTrue(kustomizations.size() >= 2, "a base and a production overlay: " + kustomizations);
        for (Path kustomization : kustomizations) {
            Map<String, Object> k = map(documents(kustomization).get(0));
            Path dir = kustomization.getParent();
            for (Object resource : list(k.get("resources"))) {
                Path target = dir.resolve(resource.toString()).normalize();
                assertTrue(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")),
                        kustomization + " names a resource that is not there: " + resource);
            }
            for (Object patch : list(k.get("patches"))) {
                Object path = map(patch).get("path");
                if (path != null) {
                    assertTrue(Files.isRegularFile(dir.resolve(path.toString())),
                            kustomization + " names a patch that is not there: " + path);
                }
            }
            for (Object patch : list(k.get("patchesStrategicMerge"))) {
                assertTrue(Files.isRegularFile(dir.resolve(patch.toString())), kustomization + ": " + patch);
            }
        }
    }

    @Test
    void everyProbeAsksAPathTheAppAnswersOnThePortItNames() throws IOException {
        Map<String, Integer> containerPorts = containerPorts();
        assertEquals(Map.of("http", appPort("quarkus.http.port"), "management", appPort("quarkus.management.port")),
                containerPorts, "the container's ports are the app's HTTP and management ports");
        // In tests both ports are random: a manifest's port is the test's port of the same interface
        Map<Integer, Integer> testPortOf = Map.of(appPort("quarkus.http.port"), publicPort.getPort(),
                appPort("quarkus.management.port"), managementPort.getPort());

        List<Map<String, Object>> probes = new ArrayList<>();
        for (Map<String, Object> container : containers()) {
            for (String kind : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                if (container.get(kind) != null) {
                    probes.add(map(map(container.get(kind)).get("httpGet")));
                }
            }
        }
        assertTrue(probes.size() >= 3, "startup, readiness and liveness probes: " + probes);
        for (Map<String, Object> probe : probes) {
            Object port = probe.get("port");
            int manifestPort = port instanceof Integer n ? n : containerPorts.getOrDefault(port.toString(), -1);
            assertTrue(testPortOf.containsKey(manifestPort), "a probe names a port the app does not listen on: " + port);
            int status = given().port(testPortOf.get(manifestPort)).get(probe.get("path").toString()).statusCode();
            assertTrue(status == 200 || status == 503,
                    "the probe " + probe.get("path") + " on " + port + " answers " + status + ", not a health answer");
        }

        // The Service sends to those ports by name
        for (Map<String, Object> service : ofKind("Service")) {
            for (Object p : list(map(service.get("spec")).get("ports"))) {
                Object target = map(p).get("targetPort");
                assertTrue(containerPorts.containsKey(String.valueOf(target)) || containerPorts.containsValue(target),
                        "the Service sends to a port the container does not open: " + target);
            }
        }
    }

    @Test
    void theImageExposesTheAppsPortsAndCopiesThePackagedLayout() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE);
        Set<Integer> exposed = lines.stream().filter(l -> l.startsWith("EXPOSE "))
                .flatMap(l -> Stream.of(l.substring(7).trim().split("\\s+"))).map(Integer::valueOf)
                .collect(Collectors.toSet());
        assertEquals(Set.copyOf(containerPorts().values()), exposed);

        String packaged = "target/quarkus-app/";
        List<String> sources = lines.stream().filter(l -> l.startsWith("COPY ")).map(l -> l.split("\\s+")[1]).toList();
        assertTrue(sources.stream().allMatch(s -> s.startsWith(packaged)), "only the packaged app: " + sources);
        assertEquals(Set.of("lib/boot/", "lib/main/", "quarkus-run.jar", "app/", "quarkus/"),
                sources.stream().map(s -> s.substring(packaged.length())).collect(Collectors.toSet()));
        // Dependencies come before the app's own classes, so a code change rebuilds only the last layers
        assertTrue(sources.indexOf(packaged + "lib/main/") < sources.indexOf(packaged + "app/"));
        // After `package` the layout is checked for real; before it (a test run alone) the names are
        if (Files.isDirectory(Path.of(packaged))) {
            for (String source : sources) {
                assertTrue(Files.exists(Path.of(source)), "the packaged app has no " + source);
            }
        }
        assertTrue(lines.contains("ENV QUARKUS_PROFILE=prod"), "the image runs the prod profile");
        String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
        assertFalse(user.equals("USER root") || user.equals("USER 0"), "the image runs as a user of its own");
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("HEALTHCHECK")), "orchestrators probe, the image does not");
        assertEquals(List.of("*", "!target/quarkus-app/"), Files.readAllLines(Path.of(".dockerignore")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    }

    @Test
    void everySettingTheManifestsGiveIsOneTheAppReads() throws IOException {
        Set<String> readable = namesTheAppReads();
        Map<String, String> given = new TreeMap<>();
        for (Map<String, Object> container : containers()) {
            for (Object env : list(container.get("env"))) {
                given.put(map(env).get("name").toString(), "Deployment");
            }
        }
        for (Map<String, Object> configMap : ofKind("ConfigMap")) {
            map(configMap.get("data")).keySet().forEach(name -> given.put(name, "ConfigMap"));
        }
        appServices().forEach((service, env) -> env.keySet().forEach(name -> given.put(name, "compose " + service)));
        assertTrue(given.size() > 20, "the settings were read: " + given);

        Map<String, String> unknown = new TreeMap<>(given);
        unknown.keySet().removeIf(name -> reads(readable, name));
        assertEquals(Map.of(), unknown, "settings the app never reads (misspelt?)");

        // The rule tells a misspelt or made-up name from a real one
        assertTrue(reads(readable, "DABBA_SEARCH_HOSTS"));
        assertTrue(reads(readable, "QUARKUS_DATASOURCE_JDBC_URL"));
        assertTrue(reads(readable, "QUARKUS_HTTP_PROXY_TRUSTED_PROXIES"));
        assertTrue(reads(readable, "QUARKUS_DATASOURCE_REPORTS_JDBC_URL"), "a named datasource's URL");
        assertTrue(reads(readable, "CAMEL_KAMELET_DABBA_SMTP_EMAIL_SINK_PASSWORD"));
        for (String madeUp : List.of("DABBA_SEARCH_HOST", "QUARKUS_DATASOURCE_JDBC_ULR", "DABBA_STRIPE_WEBHOOK_SECRETS",
                "KAFKA_BOOTSTRAP_SERVER", "QUARKUS_HTTP_PROXY_TRUSTED_PROXY", "CAMEL_KAMELET_DABBA_SMTP_EMAIL_SINK_PASWORD")) {
            assertFalse(reads(readable, madeUp), madeUp);
        }
    }

    @Test
    void noCredentialIsWrittenInAManifest() throws IOException {
        for (Map<String, Object> secret : ofKind("Secret")) {
            assertTrue(secret.get("data") == null && secret.get("stringData") == null,
                    "a Secret with values is committed: " + map(secret.get("metadata")).get("name"));
        }
        for (Map<String, Object> configMap : ofKind("ConfigMap")) {
            for (String name : map(configMap.get("data")).keySet()) {
                assertFalse(looksLikeACredential(name), "a credential in a ConfigMap: " + name);
            }
        }
        int fromSecrets = 0;
        for (Map<String, Object> container : containers()) {
            for (Object e : list(container.get("env"))) {
                Map<String, Object> env = map(e);
                if (looksLikeACredential(env.get("name").toString())) {
                    Object valueFrom = env.get("valueFrom");
                    assertTrue(valueFrom != null && map(valueFrom).get("secretKeyRef") != null,
                            env.get("name") + " must come from a Secret (secretKeyRef)");
                    fromSecrets++;
                }
            }
        }
        assertTrue(fromSecrets >= 5, "the database, admin, Stripe and S3 credentials come from dabba-secrets");

        // compose: a credential is asked of the one who starts it, with no default
        Pattern asked = Pattern.compile("\\$\\{[A-Z0-9_]+(:?\\?[^}]*)?}");
        for (Map.Entry<String, Map<String, Object>> service : environments(composeServices()).entrySet()) {
            for (Map.Entry<String, Object> env : service.getValue().entrySet()) {
                if (looksLikeACredential(env.getKey())) {
                    assertTrue(asked.matcher(String.valueOf(env.getValue())).matches(),
                            "compose " + service.getKey() + " writes " + env.getKey() + " instead of asking for it");
                }
            }
        }

        assertTrue(looksLikeACredential("DABBA_STRIPE_SECRET_KEY"));
        assertTrue(looksLikeACredential("CAMEL_KAMELET_DABBA_TWILIO_SMS_SINK_AUTHTOKEN"));
        assertFalse(looksLikeACredential("DABBA_JWT_PRIVATE_KEY_LOCATION"));
        assertFalse(looksLikeACredential("DABBA_IDENTITY_TOKEN_ISSUER"));
    }

    @Test
    void composeStartsTwoInstancesBehindAProxyAndChecksTheHealthOfEveryService() throws IOException {
        Map<String, Map<String, Object>> services = composeServices();
        assertEquals(2, appServices().size(), "two app instances");
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            assertTrue(service.getValue().get("healthcheck") != null, service.getKey() + " has no health check");
            Object dependsOn = service.getValue().get("depends_on");
            if (dependsOn != null) {
                for (Map.Entry<String, Object> dependency : map(dependsOn).entrySet()) {
                    assertTrue(services.containsKey(dependency.getKey()), "depends on a service that is not there");
                    assertEquals("service_healthy", map(dependency.getValue()).get("condition"));
                }
            }
        }
        String proxyConfig = Files.readString(Path.of("deploy/compose/nginx.conf"));
        for (String app : appServices().keySet()) {
            assertTrue(proxyConfig.contains("server " + app + ":" + appPort("quarkus.http.port")),
                    "the proxy sends to " + app);
        }
        assertTrue(proxyConfig.contains("proxy_set_header Upgrade $http_upgrade"), "the proxy upgrades WebSockets");
    }

    @Test
    void theProductionOverlayBuilds() throws Exception {
        String kustomize = onPath("kustomize");
        String kubectl = onPath("kubectl");
        Assumptions.assumeTrue(kustomize != null || kubectl != null,
                "kustomize is not installed (apt-get install kubectl, or golang-k8s-sigs-kustomize): the overlay is not built");
        String overlay = KUBERNETES.resolve("overlays/production").toString();
        Path out = Files.createTempFile("dabba-kustomize", ".yaml");
        try {
            Process build = new ProcessBuilder(kustomize != null ? List.of(kustomize, "build", overlay)
                    : List.of(kubectl, "kustomize", overlay)).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(build.waitFor(2, TimeUnit.MINUTES), "kustomize build finished");
            String rendered = Files.readString(out);
            assertEquals(0, build.exitValue(), rendered);
            List<Map<String, Object>> objects = new ArrayList<>();
            new Yaml().loadAll(rendered).forEach(o -> objects.add(map(o)));
            Map<String, Map<String, Object>> byKind = new TreeMap<>();
            objects.forEach(o -> byKind.put(o.get("kind").toString(), o));
            assertEquals(Set.of("ConfigMap", "Deployment", "HorizontalPodAutoscaler", "Ingress", "PodDisruptionBudget",
                    "Service", "ServiceMonitor"), byKind.keySet());
            assertEquals(3, map(byKind.get("Deployment").get("spec")).get("replicas"));
            assertEquals(3, map(byKind.get("HorizontalPodAutoscaler").get("spec")).get("minReplicas"));
            assertFalse(list(map(byKind.get("Ingress").get("spec")).get("tls")).isEmpty(), "TLS in production");
        } finally {
            Files.delete(out);
        }
    }

    static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) {
                return new File(dir, command).getPath();
            }
        }
        return null;
    }

    // ---- the rule for names the app reads

    /**
     * The environment names the app reads: every ${NAME} of application.properties, and the environment form (SmallRye
     * Config: upper case, every other character an underscore) of every property the app's configuration knows: those
     * application.properties sets or refers to, those the running app lists (set ones, and the defaults of Quarkus's
     * and Dabba's configuration), those of Quarkus's HTTP configuration, and each kamelet's parameters
     * (camel.kamelet.NAME.PARAM).
     */
    static Set<String> namesTheAppReads() throws IOException {
        Set<String> properties = new TreeSet<>();
        Set<String> envNames = new TreeSet<>();
        String text = Files.readString(APPLICATION_PROPERTIES);
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            file.load(reader);
        }
        for (String key : file.stringPropertyNames()) {
            properties.add(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key);
        }
        Matcher reference = Pattern.compile("\\$\\{([^:}]+)").matcher(text);
        while (reference.find()) {
            String name = reference.group(1);
            if (name.matches("[A-Z0-9_]+")) {
                envNames.add(name);
            } else {
                properties.add(name);
            }
        }
        // Names of settings only: the environment's own variables (PATH, ...) would otherwise count as read
        ConfigProvider.getConfig().getPropertyNames().forEach(name -> {
            if (!name.matches("[A-Z0-9_]+")) {
                properties.add(name);
            }
        });
        envNames.addAll(mappedEnvNames());
        try (Stream<Path> kamelets = Files.list(KAMELETS)) {
            for (Path kamelet : kamelets.filter(p -> p.toString().endsWith(".kamelet.yaml")).toList()) {
                String name = kamelet.getFileName().toString().replace(".kamelet.yaml", "");
                Map<String, Object> definition = map(map(map(documents(kamelet).get(0)).get("spec")).get("definition"));
                map(definition.get("properties")).keySet()
                        .forEach(parameter -> properties.add("camel.kamelet." + name + "." + parameter));
            }
        }
        properties.stream().map(DeployManifestsTest::envName).forEach(envNames::add);
        return envNames;
    }

    /**
     * Every property of the configuration mappings the running app registered (Quarkus's roots and Dabba's), set or
     * not, with or without a default (getPropertyNames lists only those with a value). A map key ({@code *}, e.g. a
     * named datasource) stands for one or more words.
     */
    static Set<String> mappedEnvNames() {
        Set<String> names = new TreeSet<>();
        try {
            Method getMappings = SmallRyeConfig.class.getDeclaredMethod("getMappings");
            getMappings.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<Class<?>, Map<String, Object>> mappings = (Map<Class<?>, Map<String, Object>>) getMappings
                    .invoke(ConfigProvider.getConfig().unwrap(SmallRyeConfig.class));
            mappings.forEach((type, byPrefix) -> byPrefix.keySet().forEach(prefix -> ConfigMappings
                    .getProperties(ConfigMappings.ConfigClass.configClass(type, prefix)).keySet()
                    .forEach(property -> names.add(envName(property.replace("*", "KEY0")).replace("KEY0", "*")))));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("SmallRye Config no longer lists its mappings this way", e);
        }
        assertTrue(names.size() > 500, "Quarkus's configuration roots were listed: " + names.size());
        return names;
    }

    static boolean reads(Set<String> envNames, String name) {
        return envNames.contains(name) || envNames.stream().filter(n -> n.contains("*"))
                .anyMatch(n -> name.matches(Pattern.quote(n).replace("*", "\\E[A-Z0-9_]+\\Q")));
    }

    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    static boolean looksLikeACredential(String name) {
        String[] words = name.split("_");
        if (NOT_A_SECRET_LAST_WORD.contains(words[words.length - 1])) {
            return false;
        }
        return Stream.of(words).anyMatch(word -> CREDENTIAL_WORD.matcher(word).matches());
    }

    // ---- reading the manifests

    static Stream<Path> files(Path dir) throws IOException {
        return Files.walk(dir).filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted();
    }

    static List<Object> documents(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    static List<Map<String, Object>> ofKind(String kind) throws IOException {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Path file : files(KUBERNETES).toList()) {
            for (Object document : documents(file)) {
                if (kind.equals(map(document).get("kind"))) {
                    found.add(map(document));
                }
            }
        }
        return found;
    }

    /** The containers of every Deployment, the base's and the overlays' patches. */
    static List<Map<String, Object>> containers() throws IOException {
        List<Map<String, Object>> containers = new ArrayList<>();
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, Object> pod = map(map(map(deployment.get("spec")).get("template")).get("spec"));
            list(pod.get("containers")).forEach(c -> containers.add(map(c)));
        }
        assertFalse(containers.isEmpty(), "a Deployment");
        return containers;
    }

    static Map<String, Integer> containerPorts() throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Map<String, Object> container : containers()) {
            for (Object port : list(container.get("ports"))) {
                ports.put(map(port).get("name").toString(), (Integer) map(port).get("containerPort"));
            }
        }
        return ports;
    }

    static Map<String, Map<String, Object>> composeServices() throws IOException {
        Map<String, Map<String, Object>> services = new TreeMap<>();
        map(map(documents(COMPOSE).get(0)).get("services")).forEach((name, service) -> services.put(name, map(service)));
        return services;
    }

    /** The app's services: those built from this repository. */
    static Map<String, Map<String, Object>> appServices() throws IOException {
        Map<String, Map<String, Object>> apps = new TreeMap<>(composeServices());
        apps.values().removeIf(service -> service.get("build") == null);
        return environments(apps);
    }

    static Map<String, Map<String, Object>> environments(Map<String, Map<String, Object>> services) {
        Map<String, Map<String, Object>> environments = new TreeMap<>();
        services.forEach((name, service) -> {
            Object env = service.get("environment");
            Map<String, Object> values = new TreeMap<>();
            if (env instanceof Map<?, ?> m) {
                m.forEach((k, v) -> values.put(k.toString(), v));
            } else if (env instanceof List<?> l) {
                l.forEach(entry -> {
                    String[] kv = entry.toString().split("=", 2);
                    values.put(kv[0], kv.length > 1 ? kv[1] : null);
                });
            }
            environments.put(name, values);
        });
        return environments;
    }

    static int appPort(String property) throws IOException {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION_PROPERTIES)) {
            file.load(reader);
        }
        assertFalse(file.containsKey("%prod." + property), "the prod profile keeps " + property);
        return Integer.parseInt(file.getProperty(property));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
