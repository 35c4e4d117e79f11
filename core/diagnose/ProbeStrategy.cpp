// SPDX-License-Identifier: MIT
#include "diagnose/ProbeStrategy.h"

namespace msim::diagnose {

namespace {

fetch::MessageJob jobOf(const ProbeSpec &spec, qint64 rfc822Size)
{
    fetch::MessageJob job;
    job.uid = spec.uid;
    job.rfc822Size = rfc822Size;
    job.adaptAfterWholeFetch = false;
    job.messenger45Reading = false; // msim's own reading: every item, NULs included
    return job;
}

} // namespace

ProbeStrategy::ProbeStrategy(imap::ImapSession *session, const ProbeSpec &spec, qint64 rfc822Size,
                             QObject *parent)
    : fetch::FetchStrategy(session, &m_sizer, &m_clock, jobOf(spec, rfc822Size), parent)
    , m_spec(spec)
{}

void ProbeStrategy::start()
{
    issue(imap::Command{m_spec.text, {}, imap::CommandKind::Other}, m_spec.start, m_spec.length);
}

void ProbeStrategy::chunkDone(const fetch::ChunkRecord &, const Reply &reply)
{
    if (reply.haveBody) {
        m_octets = reply.data;
        m_originText = reply.originText;
        m_replySize = reply.rfc822Size;
    }
    done();
}

} // namespace msim::diagnose
