package org.sluis.core.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The README and the deploy example stay in step with the settings the code knows. */
class DocumentationTest {
    private static final Path ROOT = Path.of("..");

    @Test
    void readme_listsEverySettingWithItsVariable() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        for (Setting s : Setting.values()) {
            assertTrue(readme.contains("| `" + s.key() + "` | `" + s.env() + "` |"), "README lacks a row for " + s.key());
        }
    }

    @Test
    void deployExample_loadsAndMentionsEveryKey() throws Exception {
        Path example = ROOT.resolve("deploy/sluis.example.yaml");
        ConfigLoader.load(Optional.of(example), Map.of());
        String text = Files.readString(example);
        for (Setting s : Setting.values()) {
            String leaf = s.key().substring(s.key().lastIndexOf('.') + 1);
            assertTrue(text.contains(leaf + ":"), "deploy/sluis.example.yaml lacks " + s.key());
        }
    }
}
