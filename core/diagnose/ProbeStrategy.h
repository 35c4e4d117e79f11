// SPDX-License-Identifier: MIT
#pragma once

#include "diagnose/Probe.h"
#include "fetch/FetchStrategy.h"

namespace msim::diagnose {

// Sends one probe's FETCH on an open session and keeps its reply classified as a chunk
// (fetch::FetchStrategy's recording: the literal, the origin text, octets after the literal,
// the error kind), with msim's own reading (no 4.x misreading). Used by ProbeBattery only.
class ProbeStrategy : public fetch::FetchStrategy
{
    Q_OBJECT
public:
    // `rfc822Size`: the size learned before the probes (classification's "end of message").
    ProbeStrategy(imap::ImapSession *session, const ProbeSpec &spec, qint64 rfc822Size,
                  QObject *parent = nullptr);

    void start() override;
    fetch::Strategy strategy() const override { return fetch::Strategy::Chunked; }

    // After finished(): the record, the literal's octets as they arrived, its origin text and
    // the reply's RFC822.SIZE (if it had one).
    bool answered() const { return !chunks().isEmpty(); }
    const QByteArray &octets() const { return m_octets; }
    const QByteArray &originText() const { return m_originText; }
    std::optional<qint64> replySize() const { return m_replySize; }

protected:
    void chunkDone(const fetch::ChunkRecord &last, const Reply &reply) override;

private:
    ProbeSpec m_spec;
    fetch::ChunkSizer m_sizer;
    fetch::WallClock m_clock;
    QByteArray m_octets;
    QByteArray m_originText;
    std::optional<qint64> m_replySize;
};

} // namespace msim::diagnose
