#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include "salesrep/diagnostic.hpp"

// Each test case starts with did_you_mean's whole budget (it is per process:
// without this, what one test case spent would change another's messages).
struct FreshSuggestionBudget : doctest::IReporter {
    explicit FreshSuggestionBudget(const doctest::ContextOptions&) {}
    void report_query(const doctest::QueryData&) override {}
    void test_run_start() override {}
    void test_run_end(const doctest::TestRunStats&) override {}
    void test_case_start(const doctest::TestCaseData&) override { salesrep::reset_suggestion_budget(); }
    void test_case_reenter(const doctest::TestCaseData&) override { salesrep::reset_suggestion_budget(); }
    void test_case_end(const doctest::CurrentTestCaseStats&) override {}
    void test_case_exception(const doctest::TestCaseException&) override {}
    void subcase_start(const doctest::SubcaseSignature&) override {}
    void subcase_end() override {}
    void log_assert(const doctest::AssertData&) override {}
    void log_message(const doctest::MessageData&) override {}
    void test_case_skipped(const doctest::TestCaseData&) override {}
};
REGISTER_LISTENER("fresh-suggestion-budget", 1, FreshSuggestionBudget);
