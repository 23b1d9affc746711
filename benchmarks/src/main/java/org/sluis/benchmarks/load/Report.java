package org.sluis.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/** The summary: one line per check, each passed or failed, and the verdict. */
final class Report {
    private final List<String> lines = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    /** A line of information. */
    void note(String line) {
        lines.add(line);
    }

    /** A check's line; {@code ok} false fails the run under {@code name}. */
    void check(String name, boolean ok, String line) {
        lines.add(line + (ok ? " -> OK" : " -> FAILED"));
        if (!ok) {
            failed.add(name);
        }
    }

    /** A line under the previous one. */
    void detail(String line) {
        lines.add("    " + line);
    }

    boolean passed() {
        return failed.isEmpty();
    }

    /** The summary as printed, ending with the verdict. */
    String text() {
        return String.join("\n", lines) + "\n" + (failed.isEmpty() ? "RESULT: PASS" : "RESULT: FAIL (" + String.join(", ", failed) + ")") + "\n";
    }
}
