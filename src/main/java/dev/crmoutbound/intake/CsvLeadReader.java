package dev.crmoutbound.intake;

import dev.crmoutbound.config.Campaign;
import dev.crmoutbound.config.Campaigns;
import dev.crmoutbound.ledger.IncomingLead;
import dev.crmoutbound.ledger.InputBounds;
import dev.crmoutbound.ops.FaultLog;
import dev.crmoutbound.policy.LeadScreening;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the rows of a lead CSV into leads screened by their campaign's policy: the file's campaign is
 * the one of its inbox folder (or the one its source names); a configured campaign column moves a row
 * to another campaign. The intake and the dry run read files through this, so they judge alike.
 */
public class CsvLeadReader {

    private static final Logger LOG = LoggerFactory.getLogger(CsvLeadReader.class);

    private final Campaigns campaigns;
    private final LeadScreening screening;
    private final LeadColumns.Names columns;
    private final FaultLog faults;

    public CsvLeadReader(Campaigns campaigns, LeadScreening screening, LeadColumns.Names columns, FaultLog faults) {
        this.faults = faults;
        this.campaigns = campaigns;
        this.screening = screening;
        this.columns = columns;
    }

    public LeadScreening screening() {
        return screening;
    }

    /** The inbox subfolder of a file's path under the inbox ({@code renewals/leads.csv}), or null for the inbox itself. */
    public static String folderOf(String relativePath) {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? null : relativePath.substring(0, slash);
    }

    /** A reader for one file; fails with {@link UnreadableLeadFileException} when its columns or folder are wrong. */
    public FileRows forFile(List<String> headers, String folder, String campaignId) {
        return new FileRows(headers, campaignOf(folder, campaignId));
    }

    /** The rows of one file, by the columns its header row has; rows may be judged on several threads at once. */
    public final class FileRows {
        private final List<String> headers;
        private final Campaign fileCampaign;
        private final int phoneAt;
        private final int idAt;
        private final int campaignAt;

        /** Per campaign: where its consent and time-zone columns are (-1: none). */
        private final Map<String, int[]> policyColumns = new ConcurrentHashMap<>();

        FileRows(List<String> headers, Campaign fileCampaign) {
            this.headers = headers;
            this.fileCampaign = fileCampaign;
            this.phoneAt = LeadColumns.phoneColumn(headers, columns.phone());
            this.idAt = LeadColumns.idColumn(headers, columns.id());
            this.campaignAt = campaignColumnOf(headers);
            policyColumnsOf(fileCampaign);
        }

        private int[] policyColumnsOf(Campaign campaign) {
            return policyColumns.computeIfAbsent(campaign.id(), id -> new int[] {
                LeadColumns.optionalColumn(headers, Optional.of(campaign.policy().consentColumn()), List.of()),
                LeadColumns.optionalColumn(headers, Optional.of(campaign.policy().timeZoneColumn()), List.of())});
        }

        public Campaign campaign() {
            return fileCampaign;
        }

        /**
         * The row as a lead, queued or rejected with a reason. Nothing about one row can fail the file: a
         * row that cannot be judged at all is rejected with what went wrong.
         */
        public IncomingLead lead(int rowNo, List<String> cells) {
            try {
                return screened(rowNo, cells);
            } catch (RuntimeException e) {
                faults.report("Judging a lead row", e);
                return new IncomingLead(rowNo, fileCampaign.id(), InputBounds.clip(cell(cells, idAt), InputBounds.RECORD_KEY),
                        null, "this row could not be read: " + FaultLog.describe(e));
            }
        }

        private IncomingLead screened(int rowNo, List<String> cells) {
            String key = cell(cells, idAt);
            String campaignName = cell(cells, campaignAt);
            Campaign campaign = campaignName == null ? fileCampaign : campaigns.find(campaignName).orElse(null);
            if (campaign == null) {
                return new IncomingLead(rowNo, fileCampaign.id(), key, null, "unknown campaign " + InputBounds.quote(campaignName));
            }
            int[] policyAt = policyColumnsOf(campaign);
            int consentAt = policyAt[0];
            int zoneAt = policyAt[1];
            return screening.screen(campaign, new LeadScreening.Raw(rowNo, key, cell(cells, phoneAt),
                    cell(cells, zoneAt), cell(cells, consentAt), consentAt >= 0 ? headers.get(consentAt) : null, null));
        }
    }

    private Campaign campaignOf(String folder, String campaignId) {
        if (campaignId != null && !campaignId.isBlank()) {
            return campaigns.get(campaignId);
        }
        return campaigns.forFolder(folder).orElseThrow(() -> new UnreadableLeadFileException(
                "no campaign takes files from the inbox folder '" + folder + "' (campaigns: "
                        + campaigns.all().stream().map(c -> c.id() + " in " + c.inboxFolder() + "/").toList() + ")"));
    }

    /** Only a configured campaign column counts: a vendor's own "campaign" column means something else. */
    private int campaignColumnOf(List<String> headers) {
        int at = LeadColumns.optionalColumn(headers, columns.campaign(), List.of());
        if (columns.campaign().isPresent() && at < 0) {
            LOG.info("The file has no {} column: all its rows are for the campaign of its folder",
                    columns.campaign().get());
        }
        return at;
    }

    private static String cell(List<String> cells, int at) {
        return at >= 0 && at < cells.size() && !cells.get(at).isBlank() ? cells.get(at).strip() : null;
    }
}
