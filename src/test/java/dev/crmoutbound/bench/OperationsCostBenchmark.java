package dev.crmoutbound.bench;

import dev.crmoutbound.support.RunningApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the operations surface costs the dialer: the slot benchmark run alternately without it (no
 * Prometheus registry, no management server) and with it while a Prometheus scrapes the metrics and
 * a campaign page polls its data, both every second (a real scrape is every 15-60 s), in one JVM.
 *
 * <p>Arguments: leads (500), limit (10), seconds per call (1.0), pairs of runs (3).
 */
public final class OperationsCostBenchmark {

    public static void main(String[] args) throws Exception {
        int leads = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        double callSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 1.0;
        int pairs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Map<String, String> off = Map.of("camel.metrics.enabled", "false", "camel.management.enabled", "false");
        List<Double> without = new ArrayList<>();
        List<Double> with = new ArrayList<>();
        AtomicLong requests = new AtomicLong();
        SlotUtilisationBenchmark.run(50, limit, callSeconds, 1, off, app -> { }, false); // warm-up
        for (int i = 0; i < pairs; i++) {
            without.add(SlotUtilisationBenchmark.run(leads, limit, callSeconds, 1, off, app -> { }, false).makespan());
            ScheduledExecutorService watchers = Executors.newScheduledThreadPool(2);
            try {
                with.add(SlotUtilisationBenchmark.run(leads, limit, callSeconds, 1, Map.of(),
                        app -> watch(app, watchers, requests), false).makespan());
            } finally {
                watchers.shutdownNow();
            }
        }
        double lowerBound = leads * callSeconds / limit;
        System.out.printf("operations cost: %d leads, limit %d, %.2f s calls, lower bound %.2f s, %d pairs of runs%n",
                leads, limit, callSeconds, lowerBound, pairs);
        System.out.printf("  makespan without metrics and page: %s s, median %.2f s%n", list(without), median(without));
        System.out.printf("  makespan with metrics scraped and page polled every second: %s s, median %.2f s "
                + "(%d requests answered)%n", list(with), median(with), requests.get());
        System.out.printf("  difference of the medians: %+.2f s (%+.1f %%)%n", median(with) - median(without),
                (median(with) / median(without) - 1) * 100);
    }

    private static void watch(RunningApp app, ScheduledExecutorService watchers, AtomicLong requests) {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + app.managementPort();
        for (String path : List.of("/observe/metrics", "/status/data")) {
            watchers.scheduleAtFixedRate(() -> {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        requests.incrementAndGet();
                    }
                } catch (Exception stoppedOrNotYetUp) {
                    // the next tick tries again
                }
            }, 0, 1, TimeUnit.SECONDS);
        }
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String list(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format("%.2f", v)).toArray());
    }
}
