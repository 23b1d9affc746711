package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sluis.core.identity.Role;

/** {@code GET /v1/templates}: the standard contracts a data steward composes offers from. */
class TemplatesApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    Path dataDir;

    @Test
    void theStandardTemplates_areListedWithTheirParameters_forAnyParticipant_butNotAnonymously() throws Exception {
        try (TestGateway server = new TestGateway(dataDir).start()) {
            server.register("steward", Role.PROVIDER);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/templates"))
                    .header("Authorization", "Bearer " + server.tokenFor("steward")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            List<String> ids = new ArrayList<>();
            JSON.readTree(r.body()).forEach(t -> {
                ids.add(t.get("id").asText() + "@" + t.get("version").asText());
                assertFalse(t.get("summary").asText().isBlank());
                assertTrue(t.get("parameters").size() > 0, t.toString());
            });
            assertEquals(List.of("health-secondary-use@1.0", "mobility-maas@1.0", "corridor-industrial@1.0", "open-research@1.0"), ids);
            HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(server.base.resolve("/v1/templates")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
        }
    }
}
