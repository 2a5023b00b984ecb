package dev.crmoutbound.webhooks;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The first thing every request to the public webhook path meets, on the HTTP server's event loop and
 * before any of its body is read: what cannot be a signed KrosAI event is answered at once, with a 4xx
 * and no body read (a wrong method 405, a path below the endpoint 404, a compressed body or a form
 * 415, a declared size over the limit 413, no well-formed signature header 401). What passes is read
 * (up to the limit) and its signature checked on the raw bytes by the route. KrosAI does not document
 * its Content-Type: only the form types are refused, as no event can be one and the server would
 * decode them into headers.
 */
public class WebhookGate implements Handler<RoutingContext> {

    static final String SIGNATURE_HEADER = "X-Webhook-Signature";
    private static final Pattern SIGNATURE = Pattern.compile("(?i)sha256=[0-9a-f]{64}");

    /** Why a request is refused: the status to answer and the reason it is counted under. */
    record Refusal(int status, String reason) {
    }

    private final String path;
    private final long maxBodyBytes;
    private final WebhookRefusals refusals;

    public WebhookGate(String path, long maxBodyBytes, WebhookRefusals refusals) {
        this.path = path;
        this.maxBodyBytes = maxBodyBytes;
        this.refusals = refusals;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        Refusal refusal = check(request.method(), request.path(), request.getHeader("Content-Type"),
                request.getHeader("Content-Encoding"), request.getHeader("Content-Length"),
                request.getHeader(SIGNATURE_HEADER));
        if (refusal == null) {
            ctx.next();
            return;
        }
        refusals.refused(refusal.status(), refusal.reason());
        if (refusal.status() == 405) {
            ctx.response().putHeader("Allow", "POST");
        }
        // the body is never read: the connection is not reused for another request
        ctx.response().setStatusCode(refusal.status()).putHeader("Content-Type", "application/json")
                .putHeader("Connection", "close").end("{\"error\":\"" + refusal.reason() + "\"}");
    }

    /**
     * A request on the webhook path that failed before the route answered it: the body handler's 413
     * for a body over the limit, a 408 from the timeout, or a sender that went away mid-request. It is
     * counted like any refusal, and answered if it still can be, instead of vert.x logging a stack trace.
     */
    public void failed(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (ctx.response().ended() || ctx.response().closed() || ctx.request().connection() == null) {
            refusals.refused(status > 0 ? status : 499, "sender went away");
            return;
        }
        if (status >= 400 && status < 500) {
            refusals.refused(status, status == 413 ? "too large" : status == 408 ? "too slow" : "bad request");
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                    .putHeader("Connection", "close").end("{\"error\":\"refused\"}");
            return;
        }
        ctx.next();
    }

    /** Null when the request may be read; otherwise why not. */
    Refusal check(HttpMethod method, String requestPath, String contentType, String contentEncoding,
                  String contentLength, String signature) {
        if (!path.equals(requestPath)) {
            return new Refusal(404, "unknown path");
        }
        if (method != HttpMethod.POST) {
            return new Refusal(405, "method not allowed");
        }
        if (contentEncoding != null && !contentEncoding.isBlank() && !"identity".equalsIgnoreCase(contentEncoding.strip())) {
            return new Refusal(415, "encoded body");
        }
        if (contentType != null && isForm(contentType)) {
            return new Refusal(415, "form body");
        }
        if (tooLarge(contentLength)) {
            return new Refusal(413, "too large");
        }
        if (signature == null || signature.isBlank()) {
            return new Refusal(401, "no signature");
        }
        if (!SIGNATURE.matcher(signature.strip()).matches()) {
            return new Refusal(401, "bad signature");
        }
        return null;
    }

    private static boolean isForm(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/x-www-form-urlencoded") || media.startsWith("multipart/");
    }

    private boolean tooLarge(String contentLength) {
        if (contentLength == null) {
            return false; // chunked: the body handler's limit answers 413 once it is reached
        }
        try {
            return Long.parseLong(contentLength.strip()) > maxBodyBytes;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
