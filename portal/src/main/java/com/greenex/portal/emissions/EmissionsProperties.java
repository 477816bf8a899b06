package com.greenex.portal.emissions;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;

/**
 * The emission factors a Scope 2 report uses ({@code greenex.emissions}), each with its source and
 * year, which the report names. Both are required: a report with an unnamed factor is worth nothing.
 *
 * @param locationFactor kg CO2 per kWh of the grid's average mix (location-based method)
 * @param locationSource where {@code locationFactor} comes from, with its year
 * @param residualFactor kg CO2 per kWh of what is left of the mix once contractual instruments are taken out (market-based
 *                       method, for consumption no retired certificate covers)
 * @param residualSource where {@code residualFactor} comes from, with its year
 * @param fonts          font files for the PDF, the first that exists is used; it must show Chinese
 */
@ConfigurationProperties("greenex.emissions")
public record EmissionsProperties(BigDecimal locationFactor, String locationSource, BigDecimal residualFactor, String residualSource, List<Path> fonts) {

    public EmissionsProperties {
        require("location-factor", locationFactor);
        require("residual-factor", residualFactor);
        if (locationSource == null || locationSource.isBlank()) {
            throw new IllegalArgumentException("greenex.emissions.location-source is required: name the location-based factor's source and year");
        }
        if (residualSource == null || residualSource.isBlank()) {
            throw new IllegalArgumentException("greenex.emissions.residual-source is required: name the residual-mix factor's source and year");
        }
        fonts = fonts == null ? List.of() : List.copyOf(fonts);
    }

    private static void require(String name, BigDecimal factor) {
        if (factor == null) {
            throw new IllegalArgumentException("greenex.emissions." + name + " is required (kg CO2 per kWh)");
        }
        if (factor.signum() < 0 || factor.compareTo(BigDecimal.valueOf(5)) > 0) {
            throw new IllegalArgumentException("greenex.emissions." + name + " must be between 0 and 5 kg CO2 per kWh, got " + factor.toPlainString());
        }
    }
}
