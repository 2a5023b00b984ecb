package dev.crmoutbound.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.crmoutbound.sandbox.LoopbackHttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A load balancer in front of several instances, as a test needs one: each request goes to the next
 * backend in turn, skipping one that does not answer within 2 s (a dead or frozen instance), with its body and headers.
 * Answers 502 when no backend answers.
 */
public final class RoundRobinProxy implements AutoCloseable {

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads = Executors.newFixedThreadPool(16, r -> {
        Thread t = new Thread(r, "round-robin-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<String> backends = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1)).build();
    private final AtomicInteger next = new AtomicInteger();

    private RoundRobinProxy() throws IOException {
        server = LoopbackHttpServer.create(0, 0);
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    public static RoundRobinProxy start() throws IOException {
        return new RoundRobinProxy();
    }

    /** A backend base URL, e.g. {@code http://127.0.0.1:8081}. */
    public void add(String baseUrl) {
        backends.add(baseUrl);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void forward(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        int first = Math.floorMod(next.getAndIncrement(), Math.max(1, backends.size()));
        for (int i = 0; i < backends.size(); i++) {
            String backend = backends.get((first + i) % backends.size());
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(backend + ex.getRequestURI()))
                    .timeout(Duration.ofSeconds(2)) // a frozen backend accepts connections but never answers
                    .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            // what a webhook needs: its content type and the X- headers (the signature); hop-by-hop headers stay
            ex.getRequestHeaders().forEach((name, values) -> {
                String lower = name.toLowerCase(java.util.Locale.ROOT);
                if (lower.equals("content-type") || lower.startsWith("x-")) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            try {
                HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                respond(ex, answer.statusCode(), answer.body());
                return;
            } catch (IOException deadBackend) {
                // the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        respond(ex, 502, new byte[0]);
    }

    private static void respond(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
