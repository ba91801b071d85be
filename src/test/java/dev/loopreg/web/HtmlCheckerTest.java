package dev.loopreg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker itself: a valid page passes and an invalid one is reported at its line, so a clean result means something. */
class HtmlCheckerTest {

    @TempDir
    Path tmp;

    @Test
    void aValidPage_hasNoError_andAFormInsideASpan_isOne() throws Exception {
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("good", "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head><body><p>x</p></body></html>");
        pages.put("bad", "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>t</title></head>\n<body><span><form>"
                + "<button>x</button></form></span></body></html>");
        Map<String, List<String>> errors = HtmlChecker.errors(pages, tmp);
        assertThat(errors).containsOnlyKeys("bad");
        assertThat(errors.get("bad")).hasSize(1).first().asString().startsWith("2:").contains("“form” not allowed as child of element “span”");
    }
}
