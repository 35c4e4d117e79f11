// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>

namespace msim::emulator::corpusmime {

// The MIME samples of the sample corpus that support cases need (issue 19), each deterministic
// and served with CRLF line ends. Used only by Corpus::sample().

// multipart/mixed: a text part, report.pdf (34 KB, base64) reaching far past the first 6144-octet
// chunk, then summary.csv.
QByteArray largeAttachment();
// multipart/related holding a multipart/alternative (text/plain and text/html, quoted-printable)
// and two inline images referred to by Content-ID.
QByteArray nestedAlternative();
// An attachment whose file name is given in RFC 2231 form: UTF-8, percent-encoded and split in
// continuations (filename*0*=, filename*1*=).
QByteArray rfc2231Name();
// A multipart/mixed whose Content-Type has no boundary parameter: not readable as MIME.
QByteArray missingBoundary();

} // namespace msim::emulator::corpusmime
