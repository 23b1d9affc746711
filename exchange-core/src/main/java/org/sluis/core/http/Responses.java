package org.sluis.core.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * JSON responses of the resource routes. Pages are built where the rows were read (on the
 * database worker), so the event loop only writes the bytes.
 */
final class Responses {
    private Responses() {
    }

    /** Ends the request with {@code body} as {@code application/json}, keeping any status already set. */
    static void json(RoutingContext ctx, ObjectNode body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.toString());
    }

    /** {@code {"items": [...], "next": cursor|null}}. */
    static ObjectNode page(List<ObjectNode> items, Optional<String> next) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode array = out.putArray("items");
        items.forEach(array::add);
        return out.put("next", next.orElse(null));
    }

    /** A page of at most {@code limit} rows by id: a full page names its last id as the next cursor. */
    static <T> ObjectNode page(List<T> rows, int limit, Function<T, ObjectNode> body, Function<T, String> id) {
        return page(rows.stream().map(body).toList(),
                rows.size() < limit ? Optional.empty() : Optional.of(id.apply(rows.get(rows.size() - 1))));
    }
}
