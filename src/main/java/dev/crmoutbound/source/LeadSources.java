package dev.crmoutbound.source;

import dev.crmoutbound.ops.ReadinessCheck;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.spi.Registry;

/**
 * The sources of leads this run has, in the order they registered. Each source registers itself once
 * at setup; the service then asks them, never names them: {@code --batch} (whether each is done), the
 * dry run (its endpoints), readiness (one named check per source) and {@code direct:intake-record}
 * (which intake takes a CRM's record).
 *
 * <p>A source's setup runs after the service's own (a source added to {@code camel.main.configuration-classes})
 * and builds on its beans: {@code leadSources}, {@code campaigns}, {@code leadScreening},
 * {@code leadIntakeWriter}, {@code ledgerJdbc}, {@code ledgerClock}, {@code faultLog}, {@code serviceMetrics}
 * and, in a dry run, {@code dryRun}.
 */
public class LeadSources {

    private final List<LeadSource> sources = new CopyOnWriteArrayList<>();
    private final Registry registry;
    private final Duration unreachableLimit;

    public LeadSources(Registry registry, Duration unreachableLimit) {
        this.registry = registry;
        this.unreachableLimit = unreachableLimit;
    }

    public void register(LeadSource source) {
        if (sources.stream().anyMatch(s -> s.name().equals(source.name()))) {
            throw new IllegalStateException("a source named " + source.name() + " is registered already");
        }
        sources.add(source);
        registry.bind(source.name() + "Readiness",
                new ReadinessCheck(source.name(), () -> source.notReadyBecause(unreachableLimit)));
    }

    public List<LeadSource> all() {
        return List.copyOf(sources);
    }

    /** {@code direct:intake-record}: takes a CRM's record into the ledger once; true when it is new. */
    public boolean take(String source, CrmRecord record) {
        LeadSource registered = sources.stream().filter(s -> s.name().equals(source)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no source named " + source + " is registered"));
        if (!(registered instanceof CrmSource crm)) {
            throw new IllegalArgumentException(source + " is not a CRM source: its leads come as files");
        }
        return crm.intake().take(record);
    }

    /** The dry run's endpoints, one per source that has something to judge. */
    public List<String> dryRunEndpoints() {
        return sources.stream().map(LeadSource::dryRunEndpoint).filter(Objects::nonNull).toList();
    }
}
