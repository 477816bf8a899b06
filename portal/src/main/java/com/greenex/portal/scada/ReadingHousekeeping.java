package com.greenex.portal.scada;

import com.greenex.scada.store.ReadingRetention;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.SQLException;

/**
 * Every hour: raw readings older than {@code greenex.scada.raw-retention} are rolled up into
 * 15-minute aggregates and their day partitions dropped (one instance at a time: the database
 * function takes a lock). What the market decided and settled is never dropped.
 */
@Component
@EnableScheduling
public class ReadingHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(ReadingHousekeeping.class);

    private final ReadingRetention retention;
    private final ScadaProperties properties;

    ReadingHousekeeping(DataSource dataSource, ScadaProperties properties) {
        this.retention = new ReadingRetention(dataSource);
        this.properties = properties;
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    public void retire() {
        try {
            int days = retention.retire(properties.rawRetention());
            if (days > 0) {
                log.info("raw readings: {} day(s) older than {} rolled up to 15 minutes and dropped", days, properties.rawRetention());
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("raw readings housekeeping: {}", e.getMessage(), e);
        }
    }
}
