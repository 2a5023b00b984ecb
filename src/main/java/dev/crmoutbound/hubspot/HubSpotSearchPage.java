package dev.crmoutbound.hubspot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * One page of a CRM search's answer: its contacts, and the cursor of the next page ({@code paging.next.after},
 * absent on the last page).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HubSpotSearchPage(Integer total, List<HubSpotContact> results, Paging paging) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Paging(Next next) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Next(String after) {
    }

    public List<HubSpotContact> contacts() {
        return results == null ? List.of() : results;
    }

    /** The cursor of the next page, or null on the last. */
    public String nextAfter() {
        return paging == null || paging.next() == null || paging.next().after() == null
                || paging.next().after().isBlank() ? null : paging.next().after();
    }
}
