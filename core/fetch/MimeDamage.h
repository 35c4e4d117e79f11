// SPDX-License-Identifier: MIT
#pragma once

#include "fetch/MimeStructure.h"
#include "net/NameTable.h"

#include <QStringList>

#include <optional>

namespace msim::fetch {

// What the displayed octets did to one MIME part of the true message (DESIGN.md §4 `mime`):
// intact (shown whole, once, in place), cut (its first `kept` octets shown, then nothing of it),
// missing (none of it shown), duplicated (some of it shown more than once), changed (shown with
// octets that are not the message's, with a piece of it left out, or in pieces with other
// octets between them).
enum class PartState { Intact, Cut, Missing, Duplicated, Changed };
inline constexpr auto kPartStateNames =
    net::nameTable<PartState>({{PartState::Intact, "intact"},
                               {PartState::Cut, "cut"},
                               {PartState::Missing, "missing"},
                               {PartState::Duplicated, "duplicated"},
                               {PartState::Changed, "changed"}});

struct PartDamage
{
    MimePart part;
    PartState state = PartState::Intact;
    qint64 kept = 0; // octets of the part (its MIME header and content) displayed, each once
    // Changed: the message offset inside the part from which the display holds octets that
    // are not the message's (-1: none), or else the first range of the part left out,
    // [firstLost, firstLostEnd) (-1: none).
    qint64 foreignAt = -1;
    qint64 firstLost = -1;
    qint64 firstLostEnd = -1;
    // A cut base64 or quoted-printable part: the bytes its kept content decodes to.
    std::optional<qint64> decodedKept;
    // The bytes the whole content decodes to (every leaf; its size as the customer knows it).
    qint64 decodedLength = 0;
    // A cut text/* part in a charset msim can count: characters kept and in all.
    std::optional<qint64> charactersKept;
    std::optional<qint64> characters;
    // Percent of the part's octets kept, rounded down (so a cut part never says 100).
    int percentKept() const;
    bool operator==(const PartDamage &) const = default;
};

// Which MIME parts the octets Messenger 4.5 displayed kept, cut, lost, repeated or changed,
// against the reference copy, and the same in the customer's words ("the attachment
// report.pdf (application/pdf, 34 kB) is missing entirely"). The displayed octets are matched
// to the reference by Alignment (Verdict.h), so a repeat or a gap is placed where it happened.
struct MimeDamage
{
    QList<PartDamage> parts; // MimeStructure::parts' order
    QString note;            // MimeStructure::note ("not parseable as MIME: …"), or empty
    bool headerCut = false;  // the top-level header itself was not shown whole
    qint64 headerKept = 0;
    qint64 headerLength = 0;

    // nullopt without a reference or for a message that is not MIME (MimeStructure::isMime).
    static std::optional<MimeDamage> assess(const QByteArray &displayed,
                                            const std::optional<QByteArray> &reference);
    // The same for a reference already parsed (the GUI parses once and assesses per run).
    static MimeDamage assess(const QByteArray &displayed, const QByteArray &reference,
                             const MimeStructure &structure);

    static constexpr int kMaxSentences = 12;
    bool damaged() const; // any leaf part not intact, or the header cut
    // One sentence per damaged leaf part (at most kMaxSentences, then one saying how many
    // more) and one naming the intact ones (when there are at most kMaxSentences), in the
    // customer's words; empty when nothing was damaged (or there are no parts).
    QStringList sentences() const;
    // "the attachment report.pdf (application/pdf, 34 kB, part 2)", "the text part
    // (text/plain, 3.3 kB, part 1)", "part 2.1 (image/png, 2.0 kB)"; the decoded size left out
    // when !withSize. File names are made printable (net::printable::text).
    static QString describe(const PartDamage &p, bool withSize = true);
    // "34 kB", "900 bytes", "1.2 MB": QLocale::formattedDataSize's traditional (1024-based)
    // form, one decimal under 10 units; "1 byte" and "N bytes" below 1024.
    static QString size(qint64 bytes);
    bool operator==(const MimeDamage &) const = default;
};

} // namespace msim::fetch
