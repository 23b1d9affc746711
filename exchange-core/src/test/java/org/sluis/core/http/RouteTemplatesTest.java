package org.sluis.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which route template a request path belongs to: the {@code route} label of the request metrics. */
class RouteTemplatesTest {
    private final RouteTemplates templates = new RouteTemplates(List.of("/health/live", "/v1/participants/me",
            "/v1/participants/:id", "/v1/participants/:id/suspend", "/v1/data/:agreementId", "/v1/consents", "/v1/consents/fhir",
            "/v1/consents/:id/revoke", "/v1/ledger/entries/:index"));

    @Test
    void aLiteralPath_isItsOwnTemplate() {
        assertEquals("/health/live", templates.match("/health/live"));
        assertEquals("/v1/consents/fhir", templates.match("/v1/consents/fhir"));
    }

    @Test
    void aParameterSegment_standsForAnyOneSegment() {
        assertEquals("/v1/data/:agreementId", templates.match("/v1/data/3f2a9c1e-0b7d-4e1a-9f4c-2d6e8b0a1c5f"));
        assertEquals("/v1/participants/:id/suspend", templates.match("/v1/participants/hospital-a/suspend"));
        assertEquals("/v1/consents/:id/revoke", templates.match("/v1/consents/c-1/revoke"));
        assertEquals("/v1/ledger/entries/:index", templates.match("/v1/ledger/entries/%2Fnot-a-number"));
    }

    @Test
    void aLiteralTemplate_winsOverOneWithAParameter() {
        assertEquals("/v1/participants/me", templates.match("/v1/participants/me"));
        assertEquals("/v1/participants/:id", templates.match("/v1/participants/lab"));
    }

    @Test
    void oneTrailingSlash_isIgnored() {
        assertEquals("/v1/consents", templates.match("/v1/consents/"));
        assertEquals("/v1/data/:agreementId", templates.match("/v1/data/a1/"));
    }

    @Test
    void aPathWithMoreFewerOrEmptySegments_belongsToNoTemplate() {
        assertNull(templates.match("/v1/data/a1/extra"));
        assertNull(templates.match("/v1/data"));
        assertNull(templates.match("/v1/data/"));
        assertNull(templates.match("/v1/participants//suspend"));
        assertNull(templates.match("/v1/consents/c-1/revoke/again"));
        assertNull(templates.match("/health/live/x"));
        assertNull(templates.match("/health"));
        assertNull(templates.match("/"));
        assertNull(templates.match(""));
    }

    @Test
    void aTemplateThatIsNotAPath_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RouteTemplates(List.of("v1/data/:id")));
    }
}
