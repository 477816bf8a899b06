package com.greenex.settlement;

import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Green certificates as a buyer's green energy accumulates: one certificate per 1,000 kWh (1 MWh)
 * bought in the market, the remainder carried forward to the next interval, each certificate traced to
 * the trades (and the part of each) it came from, oldest energy first. Exact: the energy in issued
 * certificates plus the new remainder always equals the old remainder plus what was bought.
 */
public final class CertificateAccrual {

    /** The real rule: one certificate per 1,000 kWh (a demonstration may deploy a smaller size, never elsewhere). */
    public static final BigDecimal KWH_PER_CERTIFICATE = BigDecimal.valueOf(1000);

    /** A part of a trade's energy not yet in a certificate. */
    public record Slice(long intervalId, long tradeSeq, BigDecimal energyKwh) {
        public Slice {
            Objects.requireNonNull(energyKwh, "energyKwh");
            if (energyKwh.signum() <= 0) {
                throw new IllegalArgumentException("interval " + intervalId + " trade " + tradeSeq + ": energy must be positive, got " + energyKwh);
            }
        }
    }

    /** One certificate: exactly one certificate's energy (1,000 kWh), from these slices of trades. */
    public record Certificate(String buyerId, List<Slice> sources) {
        public Certificate {
            sources = List.copyOf(sources);
        }
    }

    /** What accrual produced for one buyer: the certificates and the energy carried forward. */
    public record Result(List<Certificate> certificates, List<Slice> carried) {
        public Result {
            certificates = List.copyOf(certificates);
            carried = List.copyOf(carried);
        }

        public BigDecimal carriedKwh() {
            return carried.stream().map(Slice::energyKwh).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }

    private CertificateAccrual() {
    }

    /**
     * @param carried  the buyer's energy not yet certified, oldest first (from the last accrual)
     * @param bought   the buyer's new trades, in order
     */
    public static Result accrue(String buyerId, List<Slice> carried, List<Slice> bought) {
        return accrue(buyerId, carried, bought, KWH_PER_CERTIFICATE);
    }

    /** As {@link #accrue(String, List, List)} with certificates of {@code kwhPerCertificate} each. */
    public static Result accrue(String buyerId, List<Slice> carried, List<Slice> bought, BigDecimal kwhPerCertificate) {
        if (kwhPerCertificate.signum() <= 0) {
            throw new IllegalArgumentException("a certificate's energy must be positive, got " + kwhPerCertificate + " kWh");
        }
        Deque<Slice> pending = new ArrayDeque<>(carried);
        pending.addAll(bought);
        List<Certificate> certificates = new ArrayList<>();
        BigDecimal total = pending.stream().map(Slice::energyKwh).reduce(BigDecimal.ZERO, BigDecimal::add);
        while (total.compareTo(kwhPerCertificate) >= 0) {
            List<Slice> sources = new ArrayList<>();
            BigDecimal needed = kwhPerCertificate;
            while (needed.signum() > 0) {
                Slice head = pending.removeFirst();
                if (head.energyKwh().compareTo(needed) <= 0) {
                    sources.add(head);
                    needed = needed.subtract(head.energyKwh());
                } else {
                    sources.add(new Slice(head.intervalId(), head.tradeSeq(), needed));
                    pending.addFirst(new Slice(head.intervalId(), head.tradeSeq(), head.energyKwh().subtract(needed)));
                    needed = BigDecimal.ZERO;
                }
            }
            certificates.add(new Certificate(buyerId, sources));
            total = total.subtract(kwhPerCertificate);
        }
        return new Result(certificates, new ArrayList<>(pending));
    }
}
