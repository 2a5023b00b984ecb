package dev.crmoutbound.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The live campaign page on the management server: {@code /status/} (HTML, CSS and JS from the jar, no
 * build step) and {@code /status/data}, the JSON the page polls every two seconds. The data is read on
 * a worker thread, never on the server's event loop.
 */
public class StatusPage {

    public static final String PATH = "/status";

    private static final Map<String, String> FILES = Map.of(
            PATH + "/", "index.html", PATH + "/status.js", "status.js", PATH + "/status.css", "status.css",
            PATH + "/favicon.svg", "favicon.svg");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    private final StatusSnapshot snapshot;
    private final FaultLog faults;
    private final ObjectMapper json = new ObjectMapper();

    public StatusPage(StatusSnapshot snapshot, FaultLog faults) {
        this.snapshot = snapshot;
        this.faults = faults;
    }

    /** Adds the page's paths to {@code router}. */
    public void addTo(Router router) {
        // the page's links are relative, so that it works behind a proxy's path prefix too
        // (vert.x matches /status and /status/ alike)
        router.get(PATH).handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                ctx.next();
            } else {
                ctx.redirect(PATH + "/");
            }
        });
        FILES.forEach((path, file) -> {
            Buffer content = Buffer.buffer(resource(file));
            String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
            router.get(path).handler(ctx -> ctx.response().putHeader("Content-Type", type)
                    .putHeader("Cache-Control", "no-cache").putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Content-Security-Policy", "default-src 'self'").end(content));
        });
        router.get(PATH + "/data").blockingHandler(this::data, false);
    }

    private void data(RoutingContext ctx) {
        try {
            byte[] body = json.writeValueAsBytes(snapshot.current());
            ctx.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                    .end(Buffer.buffer(body));
        } catch (IOException | RuntimeException e) {
            faults.report("Reading the status page's data from the ledger", e);
            ctx.response().setStatusCode(503).putHeader("Content-Type", "application/json")
                    .end("{\"error\":\"the ledger cannot be read; see the service's log\"}");
        }
    }

    private static byte[] resource(String file) {
        try (InputStream in = StatusPage.class.getResourceAsStream("/status/" + file)) {
            if (in == null) {
                throw new IllegalStateException("status page file missing from the jar: " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
