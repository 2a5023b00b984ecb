package dev.crmoutbound.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crmoutbound.source.RecordFields;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The searches HubSpot is sent: paged by {@code after}, never past the search's 10,000-result cap. */
class HubSpotMappingTest {

    private final HubSpotMapping mapping = new HubSpotMapping(new RecordFields("phone", List.of("do_not_call"),
            Map.of("first_name", "firstname"), null, null, null), "ai_call_status", "ready", "queued", "called",
            "rejected", "ai_last_call_id", "ai_call_outcome", "ai_last_called_at", 100);

    @Test
    void aSearchAsksForWhatTheIntakeReadsAndFollowsTheCursorUpToTheCap() {
        Map<String, Object> first = mapping.readySearch(null);
        assertThat(first).doesNotContainKey("after").containsEntry("limit", 100);
        assertThat(mapping.properties()).containsExactly("phone", "do_not_call", "firstname", "ai_call_status");

        assertThat(mapping.nextPage(first, page("100"))).containsEntry("after", "100");
        assertThat(mapping.nextPage(first, page("9900"))).as("the last page within the cap").containsEntry("after", "9900");
        assertThat(mapping.nextPage(first, page("10000"))).as("past the cap: the next poll finds the rest").isNull();
        assertThat(mapping.nextPage(first, page(null))).isNull();
    }

    private static HubSpotSearchPage page(String after) {
        return new HubSpotSearchPage(20_000, List.of(), after == null ? null
                : new HubSpotSearchPage.Paging(new HubSpotSearchPage.Next(after)));
    }
}
