// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>

namespace msim::net {

// The one place that decides how a string that came from a server or a customer's file is shown
// (../shared/DESIGN.md §3): a hostile server must not be able to retitle, clear or rewrite the
// support engineer's terminal, and nothing it sends may hide in the GUI or a report. The text
// summary, warnings, logs, the GUI, the transcript and the HTML report all go through here; JSON
// escapes control characters itself.
namespace printable {

// Raw octets (a greeting, a server's NO text, a header line): printable ASCII is kept, a
// backslash is doubled, every other octet (controls, DEL, 8-bit) becomes `\xHH` and a tab `\t`.
// Unambiguous: the original octets can be read back from the result. Output length ≤ 4 × input.
QString octets(QByteArrayView bytes);

// Whether a line break survives in text().
enum class Breaks { Escape, Keep };

// Decoded text (a subject, a prefs.js value, a sentence that quotes a server): C0 controls, DEL,
// C1 controls (U+0080–U+009F), the bidirectional overrides and isolates (U+202A–U+202E,
// U+2066–U+2069) and lone surrogates become `\x1b` / `\u202e`; a tab is kept; LF is kept
// with Breaks::Keep (CR never is: it could overwrite a line). Backslashes are left alone, so the
// function is idempotent and safe to apply again at a sink. Everything else is kept as is.
QString text(QStringView text, Breaks breaks = Breaks::Escape);

// True if text() would change `text`.
bool needsEscaping(QStringView text, Breaks breaks = Breaks::Escape);

} // namespace printable
} // namespace msim::net
