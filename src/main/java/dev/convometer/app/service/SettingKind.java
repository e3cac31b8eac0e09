package dev.convometer.app.service;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.kafka.streams.StreamsConfig;

/** What the value of a setting must look like; {@link #problem} says in words what is wrong with one. */
enum SettingKind {
    /** Kafka's legal topic characters; application.id prefixes the internal topics, so it obeys them too. */
    NAME,
    TEXT,
    URL,
    PATH,
    BOOLEAN,
    PORT,
    COUNT,
    MILLIS,
    /** At least 1 ms: the horizon and Kafka's schedules count in milliseconds. */
    DURATION,
    /** {@code exactly_once_v2} only. */
    GUARANTEE,
    /** A size of at least 16MB, see {@link #bytes}. */
    BYTES;

    // Under at-least-once the pair history and state are written before the outputs: restored state can be ahead of
    // the committed offsets, and a reprocessed record is then dropped as a duplicate, its charge lost.
    private static final String EXACTLY_ONCE_ONLY = "only " + StreamsConfig.EXACTLY_ONCE_V2 + " is supported: under "
            + StreamsConfig.AT_LEAST_ONCE + " a record reprocessed after a crash is dropped as a duplicate and its charge lost";
    private static final Pattern TOPIC_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*([KMG]?B)?", Pattern.CASE_INSENSITIVE);
    private static final long MIN_ROCKSDB_MEMORY = 16L << 20;

    /** What is wrong with {@code value} (trimmed, not empty) for a setting of this kind, or null when it is fine. */
    String problem(String value) {
        return switch (this) {
            case TEXT -> null;
            case NAME -> TOPIC_NAME.matcher(value).matches() && !value.equals(".") && !value.equals("..")
                    ? null : "only letters, digits, '.', '_' and '-', at most 249";
            case URL -> urlProblem(value);
            case PATH -> pathProblem(value);
            case BOOLEAN -> value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")
                    ? null : "not true or false";
            case PORT -> numberProblem(value, 0, 65535, "a port number (0-65535, 0 for any free port)");
            case COUNT -> numberProblem(value, 0, Integer.MAX_VALUE, "a whole number, 0 or more");
            case MILLIS -> numberProblem(value, 0, Long.MAX_VALUE, "a whole number of milliseconds, 0 or more");
            case DURATION -> durationProblem(value);
            case GUARANTEE -> value.equals(StreamsConfig.EXACTLY_ONCE_V2) ? null : EXACTLY_ONCE_ONLY;
            case BYTES -> SIZE.matcher(value).matches() && bytes(value) >= MIN_ROCKSDB_MEMORY
                    ? null : "not a size of at least 16MB, such as 128MB, 1GB or a number of bytes";
        };
    }

    /** A size: a number of bytes, or a number followed by KB, MB or GB (powers of 1024), any case. */
    static long bytes(String value) {
        var matcher = SIZE.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size: " + value);
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "B" : matcher.group(2).toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "KB" -> 10;
            case "MB" -> 20;
            case "GB" -> 30;
            default -> 0;
        };
        return number > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : number << shift;
    }

    private static String numberProblem(String value, long min, long max, String expected) {
        try {
            long number = Long.parseLong(value);
            return number >= min && number <= max ? null : "not " + expected;
        } catch (NumberFormatException e) {
            return "not " + expected;
        }
    }

    private static String durationProblem(String value) {
        try {
            return Duration.parse(value).toMillis() >= 1 ? null : "not positive";
        } catch (DateTimeParseException e) {
            return "not an ISO-8601 duration such as PT30S, PT1M or P7D";
        }
    }

    private static String urlProblem(String value) {
        try {
            String scheme = new URI(value).getScheme();
            return Set.of("http", "https", "mock").contains(scheme) ? null : "not an http://, https:// or mock:// URL";
        } catch (URISyntaxException e) {
            return "not a URL";
        }
    }

    private static String pathProblem(String value) {
        try {
            Path.of(value);
            return null;
        } catch (InvalidPathException e) {
            return "not a path";
        }
    }
}
