package org.dabba.payment;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stripe's request encoding: {@code application/x-www-form-urlencoded} with nested names such as
 * {@code metadata[orderId]} and lists as {@code payment_method_types[]} (or {@code [0]}, {@code [1]}, as
 * stripe-java sends them). Brackets stay literal in names, as Stripe's own libraries write them.
 */
public final class StripeForm {

    /** An index of at most 6 digits: a longer one is no list position anyone sends, and would overflow an int. */
    private static final Pattern INDEXED = Pattern.compile("^(.+)\\[(\\d{0,6})\\]$");

    /** Parameter name → values, in the order they came. */
    private final Map<String, List<String>> params = new LinkedHashMap<>();

    public StripeForm add(String name, Object value) {
        params.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(value));
        return this;
    }

    public static StripeForm parse(byte[] body) {
        StripeForm form = new StripeForm();
        if (body == null || body.length == 0) {
            return form;
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            form.add(name, value);
        }
        return form;
    }

    public String encode() {
        StringBuilder out = new StringBuilder();
        params.forEach((name, values) -> values.forEach(value -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(encode(name).replace("%5B", "[").replace("%5D", "]")).append('=').append(encode(value));
        }));
        return out.toString();
    }

    public Map<String, List<String>> params() {
        return params;
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    /** The single value of a plain parameter (the last one, if repeated), or null. */
    public String value(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** A list parameter: {@code name[]=a&name[]=b} or {@code name[0]=a&name[1]=b}, in order. */
    public List<String> list(String name) {
        TreeMap<Integer, String> indexed = new TreeMap<>();
        List<String> plain = new ArrayList<>();
        params.forEach((key, values) -> {
            Matcher m = INDEXED.matcher(key);
            if (m.matches() && m.group(1).equals(name)) {
                if (m.group(2).isEmpty()) {
                    plain.addAll(values);
                } else {
                    indexed.put(Integer.parseInt(m.group(2)), values.get(values.size() - 1));
                }
            }
        });
        List<String> all = new ArrayList<>(indexed.values());
        all.addAll(plain);
        return all;
    }

    /** A hash parameter: {@code metadata[orderId]=1&metadata[note]=x} → {orderId: 1, note: x}. */
    public Map<String, String> hash(String name) {
        Map<String, String> hash = new LinkedHashMap<>();
        params.forEach((key, values) -> {
            if (key.startsWith(name + "[") && key.endsWith("]") && key.length() > name.length() + 2) {
                hash.put(key.substring(name.length() + 1, key.length() - 1), values.get(values.size() - 1));
            }
        });
        return hash;
    }

    /** The top-level names used, {@code metadata[orderId]} counting as {@code metadata}. */
    public List<String> topLevelNames() {
        return params.keySet().stream().map(k -> k.contains("[") ? k.substring(0, k.indexOf('[')) : k).distinct()
                .toList();
    }

    /** Names sorted, each name's values in order: equal for two requests with the same parameters. */
    public String canonical() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(params).forEach((name, values) -> out.append(name).append('=').append(values).append('\n'));
        return out.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}
