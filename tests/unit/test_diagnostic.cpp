// Diagnostics of an untrusted book (issue 20): bounded suggestions, clean texts.
#include "salesrep/diagnostic.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace salesrep;

TEST_SUITE("diagnostic") {

TEST_CASE("did_you_mean: the closest candidate within a third of the word") {
    std::vector<std::string_view> ids{"alice", "bruno", "carol", "acme-renewal"};
    CHECK(did_you_mean("alcie", ids) == "alice");      // a transposition is one step
    CHECK(did_you_mean("brunoo", ids) == "bruno");     // an insertion
    CHECK(did_you_mean("acme-renewl", ids) == "acme-renewal");
    CHECK(did_you_mean("zzzzz", ids) == "");
    CHECK(did_you_mean("carl", ids) == "carol");
    CHECK(did_you_mean("xarolx", {"carol"}) == "carol");  // 2 steps for 6 letters: close enough
    CHECK(did_you_mean("xxrolx", {"carol"}) == "");       // 3 steps: not
}

TEST_CASE("did_you_mean: bounded for long words and many candidates") {
    std::vector<std::string> store;
    for (int i = 0; i < 100000; ++i) store.push_back("deal-" + std::to_string(i));
    std::vector<std::string_view> ids(store.begin(), store.end());
    const std::string huge(100000, 'q');
    auto start = std::chrono::steady_clock::now();
    CHECK(did_you_mean(huge, ids) == "");  // over 256 bytes: no suggestion, no work
    CHECK(did_you_mean("deal-4242x", ids) == "deal-4242");
    for (int i = 0; i < 400; ++i) did_you_mean("nosuch-" + std::to_string(i), ids);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(secs < 10);  // the per-run budget stops the comparisons long before
}

TEST_CASE("shown_text replaces what would drive a terminal") {
    CHECK(shown_text("plain ascii") == "plain ascii");
    CHECK(shown_text("caf\u00e9") == "caf\u00e9");
    CHECK(shown_text("a\x1b]52;c;x\x07z") == "a\uFFFD]52;c;x\uFFFDz");
    CHECK(shown_text("x\u202Ey") == "x\uFFFDy");        // right-to-left override
    CHECK(shown_text("x\u2066y") == "x\uFFFDy");        // isolate
    CHECK(shown_text("x\u009by") == "x\uFFFDy");        // C1 CSI
    CHECK(shown_text("x\xffy") == "x\uFFFDy");          // not UTF-8
    CHECK(shown_text("a\tb") == "a\tb");
    CHECK(shown_text("a\nb") == "a\uFFFDb");
    CHECK(shown_text("a\nb", true) == "a\nb");
}

TEST_CASE("render cleans the message, not only the line") {
    SourceSet s;
    s.add("f.yaml", std::string("key: x\n"));
    Diagnostic d{Severity::error, {0, 1, 1}, "unknown key '\x1b]52;c;eA==\x07'", DiagCode::none};
    const std::string out = render(d, s);
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find('\x07') == std::string::npos);
    CHECK(out.rfind("f.yaml:1:1: error: unknown key '\uFFFD]52;c;eA==\uFFFD'\n", 0) == 0);
}

}  // TEST_SUITE

TEST_CASE("SourceFile::line gives what line_of gives, for every line") {
    for (std::string text : {std::string(""), std::string("a"), std::string("a\n"), std::string("a\r\nb\n\nc"),
                             std::string("\n\n"), std::string("x\ny\r\n")}) {
        salesrep::SourceSet set;
        const std::uint32_t f = set.add("f", text);
        for (std::uint32_t n = 0; n < 8; ++n) {
            INFO("text: " << text << " line " << n);
            CHECK(set.files[f].line(n) == salesrep::line_of(text, n));
        }
    }
}
