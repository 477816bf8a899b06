package com.greenex.portal.emissions;

import org.openpdf.text.Document;
import org.openpdf.text.Element;
import org.openpdf.text.Font;
import org.openpdf.text.PageSize;
import org.openpdf.text.Paragraph;
import org.openpdf.text.Phrase;
import org.openpdf.text.pdf.BaseFont;
import org.openpdf.text.pdf.PdfPCell;
import org.openpdf.text.pdf.PdfPTable;
import org.openpdf.text.pdf.PdfWriter;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The emissions report as a PDF (OpenPDF), its labels in English and Chinese, in a font that shows
 * Chinese (embedded as a subset, so that any reader shows it and its text can be extracted).
 */
public final class EmissionsPdf {

    private EmissionsPdf() {
    }

    /** The first of {@code fonts} that exists, as OpenPDF names it (a collection's first face: ",0"). */
    static String font(List<Path> fonts) {
        for (Path p : fonts) {
            if (Files.isReadable(p)) {
                String name = p.toAbsolutePath().toString();
                return name.toLowerCase(java.util.Locale.ROOT).endsWith(".ttc") ? name + ",0" : name;
            }
        }
        throw new IllegalStateException("no font that shows Chinese for the PDF report: none of " + fonts + " exists; install Debian's "
                + "fonts-wqy-zenhei (or fonts-noto-cjk) or set greenex.emissions.fonts");
    }

    public static byte[] render(EmissionsReport.Report r, List<Path> fonts, Instant generatedAt) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document doc = new Document(PageSize.A4, 48, 48, 48, 48);
        try {
            BaseFont base = BaseFont.createFont(font(fonts), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
            Font title = new Font(base, 16, Font.BOLD);
            Font body = new Font(base, 10);
            Font small = new Font(base, 8);
            PdfWriter.getInstance(doc, out);
            doc.addTitle("Scope 2 emissions report " + r.participantId() + " " + r.from() + " – " + r.to());
            doc.addCreator("Greenex");
            doc.open();
            doc.add(new Paragraph("Scope 2 emissions report · 范围二排放报告", title));
            doc.add(new Paragraph("Participant 参与者: " + r.participantId() + "    Period 期间: " + r.from() + " – " + r.to() + " (UTC)", body));
            doc.add(new Paragraph(" ", body));
            PdfPTable t = new PdfPTable(new float[] {5, 2, 2});
            t.setWidthPercentage(100);
            head(t, body, "Figure 指标", "Value 数值", "Unit 单位");
            line(t, body, "Bought in the market 市场购电", r.marketKwh(), "kWh");
            line(t, body, "From own storage 自有储能", r.storageKwh(), "kWh");
            line(t, body, "From the grid 电网购电", r.gridKwh(), "kWh");
            line(t, body, "Consumption 总用电量", r.consumptionKwh(), "kWh");
            line(t, body, "Purchased electricity (Scope 2) 外购电力", r.purchasedKwh(), "kWh");
            line(t, body, "Certificates retired 已注销绿证", BigDecimal.valueOf(r.certificatesRetired()), "");
            line(t, body, "Energy backed by retired certificates 绿证覆盖电量", r.certifiedKwh(), "kWh");
            line(t, body, "Green share bought in the market 市场绿电占比", r.marketSharePercent(), "%");
            line(t, body, "Green share backed by certificates 绿证占比", r.certifiedSharePercent(), "%");
            line(t, body, "Scope 2, location-based 基于位置的排放", r.locationBasedKg(), "kg CO2");
            line(t, body, "Scope 2, market-based 基于市场的排放", r.marketBasedKg(), "kg CO2");
            line(t, body, "Green energy sold 售出绿电", r.soldKwh(), "kWh");
            line(t, body, "Emissions avoided by selling (not netted) 售电减排（不抵扣）", r.avoidedKg(), "kg CO2");
            doc.add(t);
            doc.add(new Paragraph(" ", body));
            doc.add(new Paragraph("Emission factors 排放因子", body));
            doc.add(new Paragraph("Location-based 基于位置: " + r.locationFactor().toPlainString() + " kg CO2/kWh — " + r.locationSource(), small));
            doc.add(new Paragraph("Residual mix 剩余组合: " + r.residualFactor().toPlainString() + " kg CO2/kWh — " + r.residualSource(), small));
            doc.add(new Paragraph("Method 方法: GHG Protocol Scope 2 Guidance. Market-based = (purchased − energy of certificates retired for this "
                    + "period) × residual mix; location-based = purchased × grid average. Storage holds the participant's own PV surplus.", small));
            if (!r.retiredSerials().isEmpty()) {
                doc.add(new Paragraph("Retired certificates 已注销绿证编号: " + r.retiredSerials(), small));
            }
            doc.add(new Paragraph("Generated 生成时间: " + generatedAt + " · Greenex", small));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the PDF report could not be written: " + e.getMessage(), e);
        } finally {
            if (doc.isOpen()) {
                doc.close();
            }
        }
        return out.toByteArray();
    }

    private static void head(PdfPTable t, Font f, String... cells) {
        for (String c : cells) {
            PdfPCell cell = new PdfPCell(new Phrase(c, f));
            cell.setGrayFill(0.9f);
            t.addCell(cell);
        }
    }

    private static void line(PdfPTable t, Font f, String label, BigDecimal value, String unit) {
        t.addCell(new PdfPCell(new Phrase(label, f)));
        // Energy to the Wh (the CSV and JSON carry every digit).
        BigDecimal shown = value == null ? null : unit.equals("kWh") ? value.setScale(3, java.math.RoundingMode.HALF_UP) : value.stripTrailingZeros();
        PdfPCell v = new PdfPCell(new Phrase(shown == null ? "–" : shown.toPlainString(), f));
        v.setHorizontalAlignment(Element.ALIGN_RIGHT);
        t.addCell(v);
        t.addCell(new PdfPCell(new Phrase(unit, f)));
    }
}
