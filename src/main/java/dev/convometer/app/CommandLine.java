package dev.convometer.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} (or {@code --name=value}) options of a command; a bad one is a {@link UsageException} with a one-line message. */
final class CommandLine {
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> values = new HashMap<>();
    private final Set<String> flagsGiven = new java.util.HashSet<>();

    CommandLine(String[] args, Set<String> known) {
        this(args, known, Set.of());
    }

    /** {@code flags} are options without a value, like {@code --follow}. */
    CommandLine(String[] args, Set<String> known, Set<String> flags) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                flagsGiven.add(name);
                continue;
            }
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0 && known.contains(name.substring(0, equals))) {
                values.computeIfAbsent(name.substring(0, equals), k -> new ArrayList<>()).add(name.substring(equals + 1));
                continue;
            }
            if (!known.contains(name)) {
                throw new UsageException("unknown option " + name);
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new UsageException("option " + name + " needs a value");
            }
            values.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
        }
    }

    boolean flag(String name) {
        return flagsGiven.contains(name);
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    String optional(String name) {
        List<String> given = all(name);
        if (given.size() > 1) {
            throw new UsageException("option " + name + " given more than once");
        }
        return given.isEmpty() ? null : given.get(0);
    }

    String required(String name) {
        String value = optional(name);
        if (value == null) {
            throw new UsageException("missing option " + name);
        }
        return value;
    }

    long number(String name, long defaultValue) {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " needs a whole number, was '" + value + "'");
        }
    }
}
