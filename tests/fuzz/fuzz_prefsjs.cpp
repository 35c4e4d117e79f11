// SPDX-License-Identifier: MIT
// libFuzzer target: prefs.js bytes through PrefsJs::parse, Prefs::apply and PrefsJs::write.
// Invariants checked: the read result stays within the limits and its issues are well formed;
// the apply report's counts agree; and the file written from Prefs (every statement kept, in its
// own form) reads back with no error (a leading-zero warning may repeat), the same number of
// statements, the same values,
// and writes the same bytes again (DESIGN.md §4 prefs: --write keeps every pref).
#include "prefs/Prefs.h"
#include "prefs/PrefsJs.h"

#include <cstdlib>

using namespace msim::prefs;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
    const QByteArrayView text(reinterpret_cast<const char *>(bytes), qsizetype(size));
    const PrefsJsReadResult read = PrefsJs::parse(text);
    if (read.statements.size() > PrefsJs::kMaxPrefs || read.issues.size() > PrefsJs::kMaxIssues + 1)
        std::abort();
    for (const PrefsJsIssue &issue : read.issues) {
        if (issue.line < 0 || issue.message.isEmpty())
            std::abort();
    }
    for (const PrefsJsStatement &s : read.statements) {
        if (s.line < 1 || s.nameBytes.isEmpty() || !s.value.isValid() ||
            s.nameBytes.size() > PrefsJs::kMaxStringOctets ||
            s.bytes.size() > PrefsJs::kMaxStringOctets)
            std::abort();
    }

    Prefs prefs;
    const Prefs::ApplyReport report = prefs.apply(read);
    if (report.used + report.kept != report.read || report.read > read.statements.size() ||
        report.problems < report.issues.size())
        std::abort();

    const QByteArray written = PrefsJs::write(prefs);
    const PrefsJsReadResult again = PrefsJs::parse(written);
    if (again.statements.size() != report.read)
        std::abort();
    for (const PrefsJsIssue &issue : again.issues) {
        // Only a warning may come back: a leading zero is written as the file wrote it.
        if (!issue.isWarning())
            std::abort();
    }
    Prefs fresh;
    const Prefs::ApplyReport freshReport = fresh.apply(again);
    if (freshReport.used != report.used || freshReport.kept != report.kept)
        std::abort();
    if (!(fresh == prefs))
        std::abort();
    // The same bytes again, except that a Latin-1 file written as pure ASCII (\uNNNN, see
    // PrefsJs::write) reads back as UTF-8 and is then written in UTF-8: one more round is stable.
    const QByteArray second = PrefsJs::write(fresh);
    if (second != written) {
        Prefs third;
        third.apply(PrefsJs::parse(second));
        if (!read.latin1 || !(third == prefs) || PrefsJs::write(third) != second)
            std::abort();
    }
    return 0;
}
