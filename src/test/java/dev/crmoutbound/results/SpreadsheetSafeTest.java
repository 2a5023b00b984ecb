package dev.crmoutbound.results;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpreadsheetSafeTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "=1+1                 | '=1+1",
            "@SUM(A1)             | '@SUM(A1)",
            "+cmd /C calc!A0      | '+cmd /C calc!A0",
            "-2+3                 | '-2+3",
            "+1 (415) 555-0123    | +1 (415) 555-0123",
            "-42                  | -42",
            "plain text           | plain text",
            "a=b                  | a=b",
    })
    void escapesOnlyWhatASpreadsheetWouldRun(String in, String out) {
        assertThat(SpreadsheetSafe.cell(in)).isEqualTo(out);
    }
}
