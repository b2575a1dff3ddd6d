package org.dabba.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmarks' results: each benchmark writes {@code target/bench/<name>.json}; {@link #main} rewrites the
 * figures between {@code <!-- bench:<name> -->} and {@code <!-- /bench:<name> -->} in {@code docs/benchmarks.md}
 * from them, with the date, the machine and the command, and leaves everything outside the markers as it is.
 */
public final class BenchReport {

    static final Path RESULTS = Path.of("target/bench");
    static final Map<String, String> LABELS = Map.ofEntries(Map.entry("what", "what"),
            Map.entry("clients", "clients"), Map.entry("p50Ms", "p50"), Map.entry("p99Ms", "p99"),
            Map.entry("maxMs", "max"), Map.entry("perSecond", "throughput"), Map.entry("failures", "failures"),
            Map.entry("n", "n"), Map.entry("readyP50Ms", "start → ready p50"), Map.entry("readyMaxMs",
                    "start → ready max"), Map.entry("postgresP50Ms", "of which embedded PostgreSQL (p50)"),
            Map.entry("redisP50Ms", "embedded Redis (p50)"), Map.entry("rssMiB", "app RSS after the journey"),
            Map.entry("peakRssMiB", "app peak RSS"), Map.entry("journeyOrders", "orders in the journey"),
            Map.entry("serversRssMiB", "PostgreSQL + Redis RSS"),
            Map.entry("run1", "run 1 (first half): p50 / p99 (/ rate)"),
            Map.entry("run2", "run 2 (second half): p50 / p99 (/ rate)"),
            Map.entry("runsAgree", "runs agree within 15 %"));

    private BenchReport() {
    }

    /**
     * The load average a run starts from, once it has settled under the core count (at most
     * {@code bench.settle-seconds}, 180 s): the one-minute figure trails the previous benchmark's load by a minute or
     * two, and a run started on its tail would be measured on a loaded machine.
     */
    static String loadBeforeRun() throws InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        long deadline = System.nanoTime() + Long.getLong("bench.settle-seconds", 180) * 1_000_000_000L;
        String load = CartBench.loadAverage();
        while (firstLoad(load) >= cores && System.nanoTime() < deadline) {
            Thread.sleep(5_000);
            load = CartBench.loadAverage();
        }
        if (firstLoad(load) >= cores) {
            System.out.println("the load average did not settle under " + cores + ": " + load);
        }
        return load;
    }

    /** A benchmark's result: its load-driver lines as rows, and lines of text for what does not fit them. */
    static void write(String name, String loadBefore, List<LoadDriver.Result> results, List<String> notes)
            throws Exception {
        ObjectNode json = header(name, loadBefore);
        ArrayNode rows = json.putArray("rows");
        for (LoadDriver.Result r : results) {
            ObjectNode row = rows.addObject().put("what", r.name()).put("clients", r.threads()).put("p50Ms", r.p50Ms())
                    .put("p99Ms", r.p99Ms()).put("perSecond", r.throughput()).put("failures", r.failures());
            for (int i = 0; i < r.runs().size(); i++) {
                LoadDriver.Run run = r.runs().get(i);
                row.put("run" + (i + 1), String.format("%s / %s / %s", cell("p50Ms", num(run.p50Ms())),
                        cell("p99Ms", num(run.p99Ms())), cell("perSecond", num(run.throughput()))));
            }
            row.put("runsAgree", r.agrees() ? "yes" : "no");
        }
        ArrayNode text = json.putArray("notes");
        notes.forEach(text::add);
        save(name, json);
    }

    static ObjectNode header(String name, String loadBefore) {
        ObjectNode json = Http.JSON.createObjectNode();
        json.put("benchmark", name).put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("cores", Runtime.getRuntime().availableProcessors())
                .put("java", System.getProperty("java.version")).put("loadAverageBefore", loadBefore)
                .put("loadAverageAfter", CartBench.loadAverage());
        return json;
    }

    static void save(String name, ObjectNode json) throws Exception {
        Files.createDirectories(RESULTS);
        Path file = RESULTS.resolve(name + ".json");
        Files.writeString(file, Http.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json));
        System.out.println("written " + file);
    }

    /** Rewrites the marked regions of the document ({@code bench.doc}) from the results there are. */
    public static void main(String[] args) throws Exception {
        Path doc = Path.of(System.getProperty("bench.doc", "docs/benchmarks.md"));
        String command = System.getProperty("bench.command", "./mvnw -Pbench verify");
        String text = Files.readString(doc);
        List<Path> files;
        try (Stream<Path> list = Files.exists(RESULTS) ? Files.list(RESULTS) : Stream.empty()) {
            files = list.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            Matcher region = Pattern.compile("(<!-- bench:" + Pattern.quote(name) + " -->\\n)(.*?)(<!-- /bench:"
                    + Pattern.quote(name) + " -->)", Pattern.DOTALL).matcher(text);
            if (!region.find()) {
                System.out.println("no <!-- bench:" + name + " --> region in " + doc + ": " + file + " not shown");
                continue;
            }
            String figures = render(Http.JSON.readTree(Files.readString(file)), command);
            text = text.substring(0, region.start(2)) + figures + text.substring(region.end(2));
            System.out.println("figures of " + name + " rewritten in " + doc);
        }
        Files.writeString(doc, text);
    }

    static String render(JsonNode json, String command) {
        StringBuilder out = new StringBuilder();
        int cores = json.path("cores").asInt();
        String before = json.path("loadAverageBefore").asText("");
        out.append(String.format("Measured %s by `%s` on %d cores, Java %s; load average (1, 5, 15 min) before %s, "
                + "after %s.%n", json.path("date").asText(), command, cores, json.path("java").asText(),
                loads(before), loads(json.path("loadAverageAfter").asText(""))));
        double oneMinute = firstLoad(before);
        if (oneMinute > cores) {
            out.append(String.format("%n**The load average before the run (%.2f) was over the core count (%d): "
                    + "these figures are from a loaded machine.**%n", oneMinute, cores));
        }
        List<JsonNode> rows = rows(json);
        if (!rows.isEmpty()) {
            Set<String> columns = new LinkedHashSet<>();
            rows.forEach(r -> r.fieldNames().forEachRemaining(columns::add));
            out.append('\n');
            out.append(columns.stream().map(c -> LABELS.getOrDefault(c, c))
                    .reduce("|", (a, b) -> a + " " + b + " |")).append('\n');
            out.append("|---".repeat(columns.size())).append("|\n");
            for (JsonNode r : rows) {
                out.append('|');
                for (String c : columns) {
                    out.append(' ').append(cell(c, r.get(c))).append(" |");
                }
                out.append('\n');
            }
        }
        Iterator<JsonNode> notes = json.path("notes").elements();
        if (notes.hasNext()) {
            out.append('\n');
            notes.forEachRemaining(n -> out.append("    ").append(n.asText()).append('\n'));
        }
        return out.toString();
    }

    /** The rows a result has; the order pipeline's are its stages and raw lines. */
    static List<JsonNode> rows(JsonNode json) {
        List<JsonNode> rows = new ArrayList<>();
        json.path("rows").forEach(rows::add);
        json.path("stages").fields().forEachRemaining(e -> {
            ObjectNode row = Http.JSON.createObjectNode().put("what", e.getKey());
            e.getValue().fields().forEachRemaining(f -> row.set(f.getKey(), f.getValue()));
            rows.add(row);
        });
        json.path("raw").fields().forEachRemaining(e -> rows.add(Http.JSON.createObjectNode().put("what", e.getKey())
                .put("clients", e.getValue().path("threads").asInt())
                .put("p50Ms", e.getValue().path("p50Ms").asDouble())
                .put("p99Ms", e.getValue().path("p99Ms").asDouble())
                .put("perSecond", e.getValue().path("opsPerSecond").asDouble())));
        return rows;
    }

    private static JsonNode num(double value) {
        return Http.JSON.getNodeFactory().numberNode(value);
    }

    static String cell(String column, JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isNumber()) {
            return value.asText().replace("|", "\\|");
        }
        double v = value.asDouble();
        if (column.endsWith("Ms")) {
            return v >= 100 ? String.format("%,.0f ms", v) : String.format("%.2f ms", v);
        }
        if (column.endsWith("MiB")) {
            return String.format("%,.0f MiB", v);
        }
        if (column.equals("perSecond")) {
            return String.format("%,.0f/s", v);
        }
        return value.isIntegralNumber() ? String.format("%,d", value.asLong()) : String.format("%.2f", v);
    }

    static String loads(String procLoadavg) {
        String[] f = procLoadavg.strip().split("\\s+");
        return f.length >= 3 ? f[0] + " " + f[1] + " " + f[2] : "unknown";
    }

    static double firstLoad(String procLoadavg) {
        try {
            return Double.parseDouble(procLoadavg.strip().split("\\s+")[0]);
        } catch (RuntimeException unknown) {
            return 0;
        }
    }
}
