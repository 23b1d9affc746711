package org.sluis.core.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Prometheus text exposition (format 0.0.4) read line by line, strictly: {@code # HELP} and
 * {@code # TYPE} lines, and samples {@code name{label="value",...} value}, with the format's escapes
 * in label values. A line that is none of these, or a sample of a family without a {@code # TYPE},
 * fails the parse with the line, so a test cannot pass on output Prometheus would refuse.
 */
public final class Exposition {
    private static final List<String> SUFFIXES = List.of("", "_total", "_count", "_sum", "_bucket", "_created");

    /**
     * One sample.
     *
     * @param name   the sample's name, e.g. {@code sluis_http_server_requests_seconds_count}
     * @param labels its labels in the order written
     * @param value  its value
     */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private Exposition(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    /** Reads {@code text}; throws {@link IllegalArgumentException} naming the first line that is not the format. */
    public static Exposition parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            try {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ");
                    if (parts.length != 2 || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[1])) {
                        throw new IllegalArgumentException("a TYPE line names a family and one of the types");
                    }
                    types.put(parts[0], parts[1]);
                } else if (line.startsWith("# HELP ") || line.startsWith("#")) {
                    continue;
                } else {
                    Sample s = sample(line);
                    if (family(s.name(), types).isEmpty()) {
                        throw new IllegalArgumentException("no # TYPE line before it for its family");
                    }
                    samples.add(s);
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (n + 1) + " is not Prometheus text format (" + e.getMessage() + "): " + line, e);
            }
        }
        return new Exposition(List.copyOf(samples), Map.copyOf(types));
    }

    /** Every sample, in the order written. */
    public List<Sample> samples() {
        return samples;
    }

    /** The type of the family {@code name} belongs to, if it has one. */
    public Optional<String> typeOf(String name) {
        return family(name, types).map(types::get);
    }

    /**
     * The value of the one sample named {@code name} whose labels include {@code labels} (name, value,
     * name, value, ...), if there is one.
     *
     * @throws AssertionError when several samples match: the test named too few labels
     */
    public Optional<Double> find(String name, String... labels) {
        Map<String, String> wanted = pairs(labels);
        List<Sample> found = samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(wanted.entrySet())).toList();
        if (found.size() > 1) {
            throw new AssertionError(found.size() + " samples " + name + " have labels " + wanted + ": " + found);
        }
        return found.stream().map(Sample::value).findFirst();
    }

    /** As {@link #find}, with 0 for a series not (yet) exposed: a counter that has not counted. */
    public double valueOrZero(String name, String... labels) {
        return find(name, labels).orElse(0.0);
    }

    /** Whether some sample is named {@code name}. */
    public boolean exposes(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    /** The values of one label across the samples named {@code name}. */
    public List<String> labelValues(String name, String label) {
        return samples.stream().filter(s -> s.name().equals(name)).map(s -> s.labels().get(label)).distinct().toList();
    }

    private static Optional<String> family(String name, Map<String, String> types) {
        return SUFFIXES.stream().filter(name::endsWith).map(s -> name.substring(0, name.length() - s.length()))
                .filter(types::containsKey).findFirst();
    }

    private static Map<String, String> pairs(String... labels) {
        if (labels.length % 2 != 0) {
            throw new IllegalArgumentException("expected label names and values in pairs, found " + Arrays.toString(labels));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            out.put(labels[i], labels[i + 1]);
        }
        return out;
    }

    private static Sample sample(String line) {
        int at = 0;
        while (at < line.length() && (isLabelChar(line.charAt(at), at == 0) || line.charAt(at) == ':')) {
            at++;
        }
        if (at == 0) {
            throw new IllegalArgumentException("no metric name");
        }
        String name = line.substring(0, at);
        Map<String, String> labels = new LinkedHashMap<>();
        if (at < line.length() && line.charAt(at) == '{') {
            at++;
            while (line.charAt(at) != '}') {
                int start = at;
                while (isLabelChar(line.charAt(at), at == start)) {
                    at++;
                }
                String label = line.substring(start, at);
                if (label.isEmpty() || line.charAt(at) != '=' || line.charAt(at + 1) != '"') {
                    throw new IllegalArgumentException("expected label=\"value\" at column " + (start + 1));
                }
                at += 2;
                StringBuilder value = new StringBuilder();
                while (line.charAt(at) != '"') {
                    char c = line.charAt(at++);
                    if (c == '\\') {
                        char e = line.charAt(at++);
                        value.append(switch (e) {
                            case '\\' -> '\\';
                            case '"' -> '"';
                            case 'n' -> '\n';
                            default -> throw new IllegalArgumentException("unknown escape \\" + e);
                        });
                    } else {
                        value.append(c);
                    }
                }
                at++;
                if (labels.put(label, value.toString()) != null) {
                    throw new IllegalArgumentException("label " + label + " twice");
                }
                if (line.charAt(at) == ',') {
                    at++;
                } else if (line.charAt(at) != '}') {
                    throw new IllegalArgumentException("expected , or } at column " + (at + 1));
                }
            }
            at++;
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw new IllegalArgumentException("expected a space before the value");
        }
        String[] rest = line.substring(at + 1).split(" ");
        if (rest.length > 2) {
            throw new IllegalArgumentException("expected a value and at most a timestamp");
        }
        return new Sample(name, Collections.unmodifiableMap(labels), value(rest[0]));
    }

    private static double value(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(text);
        };
    }

    /** [a-zA-Z_][a-zA-Z0-9_]*, what a label name is made of; a metric name may have colons besides. */
    private static boolean isLabelChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || !first && c >= '0' && c <= '9';
    }
}
