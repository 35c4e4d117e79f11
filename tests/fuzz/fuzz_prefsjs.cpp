// libFuzzer target: prefs.js text through PrefsJs::parse, Prefs::apply and PrefsJs::write.
// Invariants checked: the read result's parallel lists agree and stay within the limits; what
// Prefs accepted survives write → parse → apply unchanged, with no issue and nothing unknown;
// and every value the reader accepted (known pref or not) survives write → parse, so writing
// that again gives the same bytes.
#include "prefs/Prefs.h"
#include "prefs/PrefsJs.h"

#include <cstdlib>

using namespace msim::prefs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const PrefsJsReadResult read = PrefsJs::parse(text);
    if (read.lines.size() != read.values.size() || read.texts.size() != read.values.size())
        std::abort();
    if (read.values.size() > PrefsJs::kMaxPrefs || read.issues.size() > PrefsJs::kMaxIssues + 1)
        std::abort();
    for (const PrefsJsIssue &issue : read.issues) {
        if (issue.line < 0 || issue.message.isEmpty())
            std::abort();
    }

    // Through Prefs: what it accepted is written and read back equal.
    Prefs prefs;
    const Prefs::ApplyReport report = prefs.apply(read);
    if (report.applied + report.unknownIgnored > read.values.size())
        std::abort();
    const QByteArray written = PrefsJs::write(prefs);
    const PrefsJsReadResult again = PrefsJs::parse(written);
    Prefs fresh;
    const Prefs::ApplyReport freshReport = fresh.apply(again);
    if (!again.issues.isEmpty() || !freshReport.issues.isEmpty() || freshReport.unknownIgnored != 0)
        std::abort();
    if (!(fresh == prefs) || PrefsJs::write(fresh) != written)
        std::abort();

    // Every accepted value, known or not: written, read back, the same values and bytes.
    const QByteArray all = PrefsJs::write(read.values);
    const PrefsJsReadResult allAgain = PrefsJs::parse(all);
    if (!allAgain.issues.isEmpty() || allAgain.values.size() != read.values.size())
        std::abort();
    if (PrefsJs::write(allAgain.values) != all)
        std::abort();
    return 0;
}
