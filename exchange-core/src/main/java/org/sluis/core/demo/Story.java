package org.sluis.core.demo;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the demo tells: one line per event, who did what, with the ids, counts and reasons the API
 * answered. Printed as it happens and kept, so a test can read it back.
 */
public final class Story {
    private final PrintWriter out;
    private final List<String> lines = new ArrayList<>();

    /** A story told to {@code out}. */
    public Story(PrintWriter out) {
        this.out = out;
    }

    /** A heading before a part of the story. */
    public void part(String title) {
        print("");
        print("== " + title);
    }

    /** One event: {@code actor} did {@code what}. */
    public void event(String actor, String what) {
        print(String.format(Locale.ROOT, "  %-13s %s", actor, what));
    }

    /** A line as it is. */
    public void line(String text) {
        print(text);
    }

    /** Every line told so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** {@code n} with thousands separators, as the story writes counts. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private void print(String line) {
        lines.add(line);
        out.println(line);
        out.flush();
    }
}
