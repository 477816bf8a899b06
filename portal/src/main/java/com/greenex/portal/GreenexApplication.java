package com.greenex.portal;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Greenex portal: one application that wires the database, the bridge, the rules, the market and settlement. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GreenexApplication {

    public static void main(String[] args) {
        SpringApplication.run(GreenexApplication.class, args);
    }
}
