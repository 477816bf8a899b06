package com.greenex.portal.base.ui;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code greenex.display.*}: the unit prices are shown in (yuan/kWh by default, the paper's). */
@ConfigurationProperties("greenex.display")
public record DisplayProperties(@DefaultValue("yuan/kWh") String priceUnit) {

    public DisplayProperties {
        if (priceUnit == null || priceUnit.isBlank() || priceUnit.length() > 20) {
            throw new IllegalArgumentException("greenex.display.price-unit must be 1 to 20 characters, got " + priceUnit);
        }
    }
}
