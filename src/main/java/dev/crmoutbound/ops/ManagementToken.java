package dev.crmoutbound.ops;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * With MANAGEMENT_TOKEN set, the metrics and the status page answer only a request that carries it, as
 * {@code Authorization: Bearer <token>} (Prometheus' {@code authorization} setting) or as the password
 * of HTTP Basic (any user name: a browser asks for it once). Health stays open for probes.
 */
public class ManagementToken implements Handler<RoutingContext> {

    private final byte[] token;

    public ManagementToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (carriesToken(ctx.request().getHeader("Authorization"))) {
            ctx.next();
            return;
        }
        ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Basic realm=\"crm-outbound-calls\"")
                .putHeader("Content-Type", "text/plain").end("the management token is required\n");
    }

    boolean carriesToken(String authorization) {
        if (authorization == null) {
            return false;
        }
        String presented = null;
        if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            presented = authorization.substring(7).strip();
        } else if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
                presented = pair.substring(pair.indexOf(':') + 1);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
