package dev.crmoutbound.support;

import dev.crmoutbound.sandbox.TestSandbox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.test.AvailablePortFinder;

/**
 * Several instances of the application, each a process of its own ({@link AppProcess}) named
 * {@code node-0}, {@code node-1}, ..., sharing one PostgreSQL ledger, one DATA_DIR and one KrosAI
 * account, with their webhooks coming through a round-robin load balancer. Timings are short so that a
 * dead instance is noticed in seconds.
 */
public final class InstanceProcesses implements AutoCloseable {

    private final List<AppProcess> instances = new ArrayList<>();

    public static InstanceProcesses start(int count, Path dataDir, String ledger, TestSandbox sandbox,
                                          RoundRobinProxy balancer) throws Exception {
        return start(count, dataDir, ledger, sandbox, balancer, Map.of());
    }

    /** As {@link #start(int, Path, String, TestSandbox, RoundRobinProxy)}, with these settings changed on each. */
    public static InstanceProcesses start(int count, Path dataDir, String ledger, TestSandbox sandbox,
                                          RoundRobinProxy balancer, Map<String, String> changed) throws Exception {
        InstanceProcesses all = new InstanceProcesses();
        try {
            for (int i = 0; i < count; i++) {
                int port = AvailablePortFinder.getNextAvailable();
                Map<String, String> env = env(i, port, dataDir, ledger, sandbox, balancer);
                env.putAll(changed);
                all.instances.add(AppProcess.start("node-" + i, dataDir.getParent(), env));
                balancer.add("http://127.0.0.1:" + port);
            }
        } catch (Exception e) {
            all.close();
            throw e;
        }
        return all;
    }

    private static Map<String, String> env(int i, int port, Path dataDir, String ledger, TestSandbox sandbox,
                                           RoundRobinProxy balancer) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("INSTANCE_ID", "node-" + i);
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(AvailablePortFinder.getNextAvailable()));
        env.put("DATA_DIR", dataDir.toString());
        env.put("LEDGER_JDBC_URL", ledger);
        env.put("KROSAI_BASE_URL", sandbox.baseUrl());
        env.put("KROSAI_API_KEY", sandbox.options().apiKey);
        env.put("KROSAI_WEBHOOK_SECRET", sandbox.options().webhookSecret);
        env.put("KROSAI_CONCURRENT_LIMIT", String.valueOf(sandbox.options().concurrentLimit));
        env.put("CAMPAIGN_FROM_NUMBER", "+14155550100");
        env.put("CAMPAIGN_ENDPOINT_ID", "ep_sandbox");
        env.put("CAMPAIGN_CALLING_WINDOW", "00:00-24:00");
        env.put("WEBHOOK_PUBLIC_URL", balancer.url("/webhooks/krosai"));
        env.put("CSV_READ_LOCK_MIN_AGE_MS", "200");
        env.put("DIALER_POLL_MS", "200");
        env.put("RESULTS_INTERVAL_MS", "300");
        env.put("CLUSTER_HEARTBEAT_MS", "500");
        env.put("CLUSTER_INSTANCE_TIMEOUT_MS", "3000");
        env.put("RECONCILE_INTERVAL_MS", "1000");
        env.put("RECONCILE_GRACE_SECONDS", "2");
        return env;
    }

    /** The instance named {@code node-<i>}. */
    public AppProcess get(int i) {
        return instances.get(i);
    }

    /** The instance of this INSTANCE_ID. */
    public AppProcess named(String id) {
        return get(Integer.parseInt(id.substring("node-".length())));
    }

    @Override
    public void close() throws Exception {
        for (AppProcess p : instances) {
            p.close();
        }
    }
}
