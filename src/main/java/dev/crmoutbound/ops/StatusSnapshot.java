package dev.crmoutbound.ops;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.config.KrosAiAccount;
import dev.crmoutbound.config.KrosAiAccounts;
import dev.crmoutbound.ledger.AccountSlots;
import dev.crmoutbound.ledger.CampaignControl;
import dev.crmoutbound.ledger.LedgerOverview;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the status page shows, read from the ledger (so every instance shows the cluster's numbers) at
 * most once every two seconds however many pages are open (a big campaign's counts less often: see
 * {@link CampaignCounts}): each campaign's leads by state, outcome and
 * rejection reason, each account's slots against its limit, calls started per minute over the last
 * hour, the files in flight and the last faults. Nothing in it holds a phone number unmasked.
 */
public class StatusSnapshot {

    private static final long FRESH_NANOS = 2_000_000_000L;
    private static final int REASONS_READ = 200;

    private final CampaignCounts campaignCounts;
    private final LedgerOverview overview;
    private final AccountSlots slots;
    private final CampaignControl control;
    private final KrosAiAccounts accounts;
    private final Campaigns campaigns;
    private final FaultLog faults;
    private final Clock clock;
    private Map<String, Object> last;
    private long readAt;

    public StatusSnapshot(CampaignCounts campaignCounts, LedgerOverview overview, AccountSlots slots, CampaignControl control,
                          KrosAiAccounts accounts, Campaigns campaigns, FaultLog faults, Clock clock) {
        this.campaignCounts = campaignCounts;
        this.overview = overview;
        this.slots = slots;
        this.control = control;
        this.accounts = accounts;
        this.campaigns = campaigns;
        this.faults = faults;
        this.clock = clock;
    }

    /** The page's data as maps and lists, ready for JSON. */
    public synchronized Map<String, Object> current() {
        if (last == null || System.nanoTime() - readAt > FRESH_NANOS) {
            last = read();
            readAt = System.nanoTime();
        }
        return last;
    }

    private Map<String, Object> read() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("generatedAt", clock.instant().toString());
        status.put("accounts", accounts());
        status.put("campaigns", campaigns());
        status.put("callsPerMinute", callsPerMinute());
        status.put("files", files());
        status.put("errors", errors());
        return status;
    }

    private List<Map<String, Object>> accounts() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (KrosAiAccount account : accounts.all()) {
            AccountSlots.Usage usage = slots.usage(account.id());
            list.add(Map.of("id", account.id(), "inUse", usage.inCall(), "outside", usage.outside(), "limit", usage.limit()));
        }
        return list;
    }

    private List<Map<String, Object>> campaigns() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Campaign campaign : campaigns.all()) {
            Map<String, Integer> counts = campaignCounts.of(campaign.id());
            Map<String, Integer> outcomes = new TreeMap<>();
            counts.forEach((k, n) -> {
                if (k.startsWith("DONE:")) {
                    outcomes.put(k.substring(5), n);
                }
            });
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", campaign.id());
            c.put("account", campaign.account());
            CampaignControl.Status st = control.status(campaign.id()).orElse(null);
            c.put("state", st == null ? "RUNNING" : st.state().name());
            c.put("reason", st == null ? null : PhoneMask.maskNumbersIn(st.reason()));
            c.put("queued", counts.getOrDefault("QUEUED", 0) + counts.getOrDefault("RETRY_WAIT", 0));
            c.put("waiting", counts.getOrDefault("WAITING", 0));
            c.put("inCall", counts.getOrDefault("DIALING", 0) + counts.getOrDefault("ACTIVE", 0));
            c.put("uncertain", counts.getOrDefault("UNCERTAIN", 0));
            c.put("done", outcomes.values().stream().mapToInt(Integer::intValue).sum());
            c.put("outcomes", outcomes);
            c.put("rejected", counts.getOrDefault("REJECTED", 0));
            c.put("rejectedBy", reasonKinds(overview.rejectionReasons(campaign.id(), REASONS_READ),
                    counts.getOrDefault("REJECTED", 0)));
            list.add(c);
        }
        return list;
    }

    /** Reasons told apart by their words only: "invalid phone number '…' for region US" counts as "invalid phone number". */
    static Map<String, Integer> reasonKinds(Map<String, Integer> reasons, int rejected) {
        Map<String, Integer> kinds = new TreeMap<>();
        int counted = 0;
        for (Map.Entry<String, Integer> reason : reasons.entrySet()) {
            kinds.merge(reasonKind(reason.getKey()), reason.getValue(), Integer::sum);
            counted += reason.getValue();
        }
        if (rejected > counted) {
            kinds.merge("other reasons", rejected - counted, Integer::sum);
        }
        return kinds;
    }

    static String reasonKind(String reason) {
        String masked = PhoneMask.maskNumbersIn(reason == null ? "" : reason);
        int cut = masked.length();
        for (char stop : new char[] {'\'', '"', '(', ':', ';'}) {
            int at = masked.indexOf(stop);
            if (at > 0 && at < cut) {
                cut = at;
            }
        }
        String kind = masked.substring(0, cut).strip();
        return kind.isEmpty() ? "no reason given" : kind;
    }

    private List<Map<String, Object>> callsPerMinute() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        Map<Instant, Integer> counted = overview.callsPerMinute(Duration.ofHours(1));
        List<Map<String, Object>> minutes = new ArrayList<>();
        for (int i = 59; i >= 0; i--) {
            Instant minute = now.minus(Duration.ofMinutes(i));
            minutes.add(Map.of("minute", minute.toString(), "calls", counted.getOrDefault(minute, 0)));
        }
        return minutes;
    }

    private List<Map<String, Object>> files() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (LedgerOverview.FileInFlight f : overview.filesInFlight()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("campaign", f.campaignId());
            file.put("source", f.source());
            file.put("name", PhoneMask.maskNumbersIn(f.name()));
            file.put("state", f.state());
            file.put("rows", f.rows());
            file.put("finished", f.finished());
            list.add(file);
        }
        return list;
    }

    private List<Map<String, Object>> errors() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (FaultLog.RecentFault fault : faults.recent()) {
            list.add(Map.of("at", fault.at().toString(), "what", fault.what(), "cause", fault.cause(), "times", fault.times()));
        }
        return list;
    }
}
