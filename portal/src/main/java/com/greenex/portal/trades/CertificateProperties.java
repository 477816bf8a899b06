package com.greenex.portal.trades;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * Green certificates ({@code greenex.certificates}).
 *
 * @param kwhPerCertificate  a certificate's energy: 1,000 kWh (China's green certificate, 1 MWh). Only the demo
 *                           ({@code greenex.development-defaults}) may deploy a smaller size, so that a newcomer sees
 *                           certificates within minutes; the contract states the size it was deployed with.
 * @param validity           how long after its issue a certificate may be transferred or retired (one year, 365 days)
 * @param externalTransfers  whether a holder may transfer a certificate out of the platform, to an account no participant holds
 * @param maxIssuedPerTick   certificates issued on chain per heartbeat at most (the rest wait for the next one)
 */
@ConfigurationProperties("greenex.certificates")
public record CertificateProperties(@DefaultValue("1000") BigDecimal kwhPerCertificate, @DefaultValue("365d") Duration validity,
                                    @DefaultValue("false") boolean externalTransfers, @DefaultValue("20") int maxIssuedPerTick) {

    public static final BigDecimal REAL_SIZE_KWH = new BigDecimal("1000");

    public CertificateProperties {
        if (kwhPerCertificate.signum() <= 0 || kwhPerCertificate.scale() > 6) {
            throw new IllegalArgumentException("greenex.certificates.kwh-per-certificate must be positive with at most 6 decimals, got "
                    + kwhPerCertificate.toPlainString());
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("greenex.certificates.validity must be positive, got " + validity);
        }
        if (maxIssuedPerTick < 1) {
            throw new IllegalArgumentException("greenex.certificates.max-issued-per-tick must be at least 1, got " + maxIssuedPerTick);
        }
    }

    /** The size in 10^-6 kWh, as the contract takes it. */
    public java.math.BigInteger microKwh() {
        return kwhPerCertificate.movePointRight(6).toBigIntegerExact();
    }

    public boolean realSize() {
        return kwhPerCertificate.compareTo(REAL_SIZE_KWH) == 0;
    }
}
