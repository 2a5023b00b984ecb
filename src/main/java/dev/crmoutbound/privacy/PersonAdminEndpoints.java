package dev.crmoutbound.privacy;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * {@code --forget} and {@code --export-person} on the management port, for a running service (on H2
 * the only way, since the service holds the ledger's file): {@code POST /admin/forget} and
 * {@code POST /admin/export-person} with the number as the body (not in the URL, which access logs keep).
 * They require MANAGEMENT_TOKEN to be set (and then carried, as every path but health requires); without
 * it they answer 403.
 */
public final class PersonAdminEndpoints {

    private static final int MAX_BODY = 200;

    private final PersonalData data;
    private final boolean tokenSet;

    public PersonAdminEndpoints(PersonalData data, boolean tokenSet) {
        this.data = data;
        this.tokenSet = tokenSet;
    }

    public void addTo(Router router) {
        router.post("/admin/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        router.post("/admin/forget").blockingHandler(ctx -> answer(ctx, true), false);
        router.post("/admin/export-person").blockingHandler(ctx -> answer(ctx, false), false);
    }

    private void answer(RoutingContext ctx, boolean forget) {
        if (!tokenSet) {
            respond(ctx, 403, "text/plain", "set MANAGEMENT_TOKEN to use the admin endpoints\n");
            return;
        }
        String number = ctx.body().asString();
        try {
            if (number == null || number.isBlank()) {
                throw new IllegalArgumentException("the body must be the person's phone number");
            }
            if (forget) {
                respond(ctx, 200, "text/plain", data.forget(number.strip()) + "\n");
            } else {
                respond(ctx, 200, "application/json", data.export(number.strip()) + "\n");
            }
        } catch (IllegalArgumentException e) {
            respond(ctx, 400, "text/plain", e.getMessage() + "\n");
        }
    }

    private static void respond(RoutingContext ctx, int status, String type, String body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", type).end(body);
    }
}
