package org.sluis.core.config;

import java.util.List;

/** The configuration cannot be used; every problem names its key and where the value came from. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /** Creates the exception from one line per problem. */
    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each naming the offending key. */
    public List<String> problems() {
        return problems;
    }
}
