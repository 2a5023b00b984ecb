package dev.crmoutbound.ops;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.KrosAiAccount;
import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.ledger.AccountSlots;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gauges read from the ledger, so that every instance reports the same cluster-wide numbers: each
 * account's slots in use, its limit and the calls placed outside the service; each campaign's leads by
 * state. The ledger is read at most once every two seconds, however often the metrics are scraped (a big
 * campaign's counts less often: see {@link CampaignCounts}).
 */
public class LedgerGauges {

    private static final List<String> STATES = List.of("QUEUED", "WAITING", "DIALING", "ACTIVE", "UNCERTAIN", "DONE",
            "REJECTED");
    private static final long FRESH_NANOS = 2_000_000_000L;

    private final CampaignCounts campaignCounts;
    private final AccountSlots slots;
    private final KrosAiAccounts accounts;
    private final Campaigns campaigns;
    private Map<String, Double> values = Map.of();
    private long readAt;
    private boolean read;

    public LedgerGauges(CampaignCounts campaignCounts, AccountSlots slots, KrosAiAccounts accounts, Campaigns campaigns) {
        this.campaignCounts = campaignCounts;
        this.slots = slots;
        this.accounts = accounts;
        this.campaigns = campaigns;
    }

    public void register(MeterRegistry registry) {
        for (KrosAiAccount account : accounts.all()) {
            gauge(registry, "crm_calls_slots_in_use", "Calls in DIALING, ACTIVE or UNCERTAIN on the account", "account",
                    account.id(), "slots:" + account.id());
            gauge(registry, "crm_calls_slot_limit", "The account's concurrent-call limit", "account", account.id(),
                    "limit:" + account.id());
            gauge(registry, "crm_calls_outside", "Calls in progress on the account placed by someone else", "account",
                    account.id(), "outside:" + account.id());
        }
        for (Campaign campaign : campaigns.all()) {
            for (String state : STATES) {
                Gauge.builder("crm_leads", () -> value("leads:" + campaign.id() + ":" + state))
                        .description("The campaign's leads by state (WAITING: queued for their window or a redial)")
                        .tag("campaign", campaign.id()).tag("state", state.toLowerCase()).register(registry);
            }
        }
    }

    private void gauge(MeterRegistry registry, String name, String description, String tag, String tagValue, String key) {
        Gauge.builder(name, () -> value(key)).description(description).tag(tag, tagValue).register(registry);
    }

    private synchronized double value(String key) {
        if (!read || System.nanoTime() - readAt > FRESH_NANOS) {
            try {
                values = read();
            } catch (RuntimeException ledgerOutOfReach) {
                values = Map.of(); // NaN until it is back; the health check says why
            }
            readAt = System.nanoTime();
            read = true;
        }
        return values.getOrDefault(key, Double.NaN);
    }

    private Map<String, Double> read() {
        Map<String, Double> read = new HashMap<>();
        for (KrosAiAccount account : accounts.all()) {
            AccountSlots.Usage usage = slots.usage(account.id());
            read.put("slots:" + account.id(), (double) usage.inCall());
            read.put("limit:" + account.id(), (double) usage.limit());
            read.put("outside:" + account.id(), (double) usage.outside());
        }
        for (Campaign campaign : campaigns.all()) {
            Map<String, Integer> summary = campaignCounts.of(campaign.id());
            for (String state : STATES) {
                int n = state.equals("DONE") ? summary.entrySet().stream().filter(e -> e.getKey().startsWith("DONE:"))
                        .mapToInt(Map.Entry::getValue).sum() : summary.getOrDefault(state, 0);
                if (state.equals("QUEUED")) {
                    n += summary.getOrDefault("RETRY_WAIT", 0);
                }
                read.put("leads:" + campaign.id() + ":" + state, (double) n);
            }
        }
        return read;
    }
}
