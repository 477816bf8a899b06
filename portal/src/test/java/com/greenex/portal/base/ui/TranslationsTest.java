package com.greenex.portal.base.ui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Both languages hold every text, each key once (a key written again further down silently replaces the first). */
class TranslationsTest {

    private static List<String> keys(String file) throws IOException {
        try (InputStream in = TranslationsTest.class.getResourceAsStream("/vaadin-i18n/" + file)) {
            assertThat(in).as(file).isNotNull();
            List<String> keys = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
                    keys.add(l.substring(0, l.indexOf('=')).strip());
                }
            }
            return keys;
        }
    }

    private static Set<String> duplicates(List<String> keys) {
        Set<String> seen = new TreeSet<>();
        Set<String> twice = new TreeSet<>();
        for (String k : keys) {
            if (!seen.add(k)) {
                twice.add(k);
            }
        }
        return twice;
    }

    @Test
    void everyKeyOnceInEachLanguageAndTheSameKeysInBoth() throws IOException {
        List<String> english = keys("translations.properties");
        List<String> chinese = keys("translations_zh_CN.properties");
        assertThat(duplicates(english)).as("keys defined twice in English").isEmpty();
        assertThat(duplicates(chinese)).as("keys defined twice in Chinese").isEmpty();
        assertThat(new TreeSet<>(chinese)).isEqualTo(new TreeSet<>(english));
    }
}
