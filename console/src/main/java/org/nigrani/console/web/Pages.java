package org.nigrani.console.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the precompiled JTE templates ({@code src/main/jte}), which escape every value for its HTML context. Each
 * template's first parameter is {@code PageContext page}.
 */
public final class Pages {

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders {@code template} (such as {@code "search.jte"}) with {@code params} and the page context. */
    public void render(Context ctx, String template, Map<String, Object> params) {
        Map<String, Object> all = new HashMap<>(params);
        all.put("page", PageContext.of(Guard.session(ctx), ctx.path()));
        StringOutput out = new StringOutput();
        engine.render(template, all, out);
        ctx.html(out.toString());
    }
}
