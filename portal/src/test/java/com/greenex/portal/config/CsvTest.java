package com.greenex.portal.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CsvTest {

    @Test
    void plainFieldsAreWrittenAsTheyAre() {
        assertThat(Csv.field("P-001")).isEqualTo("P-001");
        assertThat(Csv.field(null)).isEmpty();
    }

    @Test
    void commasQuotesAndLineBreaksAreQuotedWithQuotesDoubled() {
        assertThat(Csv.field("Wang, Li")).isEqualTo("\"Wang, Li\"");
        assertThat(Csv.field("the \"big\" one")).isEqualTo("\"the \"\"big\"\" one\"");
        assertThat(Csv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(Csv.field("cr\rhere")).isEqualTo("\"cr\rhere\"");
    }

    @Test
    void aRowEndsInCrLf() {
        assertThat(Csv.row("1", "Wang, Li", "0.5")).isEqualTo("1,\"Wang, Li\",0.5\r\n");
    }
}
