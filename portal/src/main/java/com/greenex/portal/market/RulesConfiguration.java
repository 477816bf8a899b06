package com.greenex.portal.market;

import com.greenex.market.MarketEngine;
import com.greenex.rules.MarketRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The rules (loaded at start-up: a rule that cannot load stops it, naming file and line) and the engine. */
@Configuration(proxyBeanMethods = false)
class RulesConfiguration {

    @Bean
    MarketRules marketRules() {
        return MarketRules.load();
    }

    @Bean
    MarketEngine marketEngine() {
        return new MarketEngine();
    }
}
