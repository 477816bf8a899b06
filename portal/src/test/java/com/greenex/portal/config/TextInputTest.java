package com.greenex.portal.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TextInputTest {

    @Test
    void aReasonIsStrippedAndKept() {
        assertThat(TextInput.require("reason", "  feeder maintenance\n", 500)).isEqualTo("feeder maintenance");
    }

    @Test
    void missingTooLongOrControlCharactersAreNamed() {
        assertThatThrownBy(() -> TextInput.require("reason", " ", 500)).hasMessage("reason: missing");
        assertThatThrownBy(() -> TextInput.require("reason", "x".repeat(501), 500)).hasMessage("reason: 501 characters, at most 500");
        assertThatThrownBy(() -> TextInput.require("comment", "a\u0000b", 500)).hasMessage("comment: contains the control character U+0000 at 1");
    }
}
