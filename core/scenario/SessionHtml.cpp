// SPDX-License-Identifier: MIT
#include "scenario/SessionHtml.h"

#include "prefs/Prefs.h"

#include "fetch/Findings.h"
#include "net/TlsPolicy.h"
#include "scenario/ReportPage.h"

namespace msim::scenario {

using namespace Qt::StringLiterals;
using fetch::FetchOutcome;
using Line = net::Transcript::Line;

namespace {

// A password-bearing pref (none in the 4.x registry, but a prefs.js may carry one).
bool secretPref(const QString &name)
{
    return name.contains(QLatin1String("password"), Qt::CaseInsensitive) &&
           !name.contains(QLatin1String("remember"), Qt::CaseInsensitive) &&
           !name.contains(QLatin1String("prompt"), Qt::CaseInsensitive);
}

// A row of a key-value table: <tr><th>name</th><td>...</td></tr>, its cell written by `cell`.
template<typename Cell>
void row(MarkupWriter &w, const QString &name, Cell cell)
{
    w.start(u"tr"_s);
    w.element(u"th"_s, name);
    w.start(u"td"_s);
    cell();
    w.end();
    w.endLine();
}

void textRow(MarkupWriter &w, const QString &name, const QString &value)
{
    row(w, name, [&] { w.text(value); });
}

void monoRow(MarkupWriter &w, const QString &name, const QString &value)
{
    row(w, name, [&] { w.element(u"span"_s, value, {{u"class"_s, u"mono"_s}}); });
}

// The class and prefix of a transcript line of each kind.
std::pair<QString, QString> lineStyle(Line::Kind kind)
{
    switch (kind) {
    case Line::Kind::Client:
        return {u"t-client"_s, u"C:"_s};
    case Line::Kind::Server:
        return {u"t-server"_s, u"S:"_s};
    case Line::Kind::Literal:
        return {u"t-literal"_s, u"S:"_s};
    case Line::Kind::Overrun:
        return {u"t-overrun"_s, u"S!"_s};
    case Line::Kind::Note:
        return {u"t-note"_s, u"--"_s};
    }
    return {};
}

} // namespace

SessionHtml::Lines SessionHtml::lines(const FetchOutcome &o)
{
    Lines out;
    for (const auto &t : o.transcripts)
        out << (t ? t->lines() : QList<Line>());
    return out;
}

QString SessionHtml::overrunAnchor(const Lines &all, const fetch::ChunkRecord &c)
{
    if (c.unframedExtra <= 0 || c.connection < 1 || c.connection > all.size())
        return {};
    const qint64 after = c.literalStreamOffset >= 0 && c.literalLength >= 0
                             ? c.literalStreamOffset + c.literalLength
                             : 0;
    const QList<Line> &lines = all[c.connection - 1];
    for (qsizetype i = 0; i < lines.size() && i < Report::kMaxTranscriptLines; ++i)
        if (lines[i].kind == Line::Kind::Overrun && lines[i].offset >= after)
            return u"t%1-%2"_s.arg(c.connection).arg(i);
    return {};
}

void SessionHtml::server(ReportPage &page, const FetchOutcome &o)
{
    MarkupWriter &w = page.writer();
    w.elementLine(u"h2"_s, u"Server and TLS"_s);
    serverTable(page, o.server);

    w.elementLine(u"h2"_s, u"Client"_s);
    w.startLine(u"table"_s, {{u"class"_s, u"kv"_s}});
    textRow(w, u"emulated client"_s, o.client);
    if (!o.preset.isEmpty())
        textRow(w, u"preset"_s, o.preset);
    textRow(w, u"run time"_s, u"%1 ms"_s.arg(o.elapsedMs));
    w.endLine();
    if (o.prefs.isEmpty())
        return;
    w.elementLine(u"h3"_s, u"Effective prefs"_s);
    w.startLine(u"table"_s, {{u"class"_s, u"prefs"_s}});
    w.start(u"tr"_s);
    w.element(u"th"_s, u"pref"_s);
    w.element(u"th"_s, u"value"_s);
    w.endLine();
    // As read; the ones the connection overrode are marked (DESIGN.md §4).
    const QMap<QString, QString> overridden = o.overriddenPrefs();
    for (const auto &[name, value] : o.prefs) {
        if (overridden.contains(name))
            w.start(u"tr"_s, {{u"class"_s, u"overridden"_s}});
        else
            w.start(u"tr"_s);
        w.element(u"td"_s, name, {{u"class"_s, u"mono"_s}});
        w.start(u"td"_s, {{u"class"_s, u"mono"_s}});
        w.text(secretPref(name) && !value.toString().isEmpty() ? u"<redacted>"_s
                                                               : prefs::Prefs::displayText(value));
        if (overridden.contains(name))
            w.element(u"span"_s, u" — overridden: %1"_s.arg(overridden.value(name)),
                      {{u"class"_s, u"overridden"_s}});
        w.end();
        w.endLine();
    }
    w.endLine();
}

void SessionHtml::serverTable(ReportPage &page, const fetch::ServerInfo &srv)
{
    MarkupWriter &w = page.writer();
    if (srv.tlsLegacy || (srv.tls && srv.tls->legacy)) {
        w.elementLine(
            u"div"_s,
            u"--tls-legacy was on: TLS 1.0/1.1 and weak ciphers were allowed for this run, "
            "as for a 1990s server. Do not use these settings for anything but the "
            "reproduction."_s,
            {{u"class"_s, u"legacy"_s}});
    }
    w.startLine(u"table"_s, {{u"class"_s, u"kv"_s}});
    textRow(w, u"host"_s, srv.host);
    textRow(w, u"port"_s, QString::number(srv.port));
    textRow(w, u"security"_s,
            u"%1 (%2)"_s.arg(net::securityName(srv.security),
                             fetch::Findings::transport(srv.security)));
    monoRow(w, u"greeting"_s, net::Transcript::escape(srv.greeting));
    QStringList caps;
    for (const QByteArray &c : srv.capabilities)
        caps << net::Transcript::escape(c);
    monoRow(w, u"capabilities"_s, caps.join(QLatin1Char(' ')));
    if (srv.tls) {
        textRow(w, u"TLS protocol"_s, srv.tls->protocol);
        textRow(w, u"cipher"_s, srv.tls->cipher);
        monoRow(w, u"peer certificate"_s, net::TlsPolicy::formatPin(srv.tls->peerSha256));
        if (!srv.tls->overridden.isEmpty())
            row(w, u"overridden by the pin"_s, [&] { page.list(srv.tls->overridden); });
    } else {
        textRow(w, u"TLS"_s,
                srv.security == net::Security::None ? u"none: the session was not encrypted"_s
                                                    : u"no TLS session was established"_s);
    }
    if (!srv.rejectionReasons.isEmpty()) {
        row(w, u"certificate refused"_s, [&] {
            page.list(srv.rejectionReasons);
            if (!srv.rejectedCertificate.isNull())
                w.element(
                    u"span"_s,
                    net::TlsPolicy::formatPin(net::TlsPolicy::fingerprint(srv.rejectedCertificate)),
                    {{u"class"_s, u"mono"_s}});
        });
    }
    w.endLine();
}

void SessionHtml::transcript(ReportPage &page, const FetchOutcome &o, const Lines &all, bool files)
{
    MarkupWriter &w = page.writer();
    w.elementLine(u"h2"_s, u"Transcript"_s);
    w.start(u"p"_s, {{u"class"_s, u"howto"_s}});
    w.text(u"Every octet on the wire, time-stamped (seconds) with its offset in the stream. "_s);
    w.element(u"span"_s, u"C:"_s, {{u"class"_s, u"t-client"_s}});
    w.text(u" the client, S: the server, "_s);
    w.element(u"span"_s, u"literal bodies summarised"_s, {{u"class"_s, u"t-literal"_s}});
    w.text(u", "_s);
    w.element(u"span"_s, u"S! octets beyond an announced literal"_s,
              {{u"class"_s, u"t-overrun"_s}});
    w.text(u". The password is redacted."_s);
    if (files) {
        w.text(u" The full text is in "_s);
        w.element(u"a"_s, u"transcript.txt"_s, {{u"href"_s, u"transcript.txt"_s}});
        w.text(u"; the same octets as a Wireshark capture in "_s);
        w.element(u"a"_s, u"capture.pcapng"_s, {{u"href"_s, u"capture.pcapng"_s}});
        w.text(u"."_s);
    }
    w.endLine();
    for (qsizetype t = 0; t < o.transcripts.size(); ++t) {
        const auto &tr = o.transcripts[t];
        if (!tr)
            continue;
        w.elementLine(u"h3"_s, tr->label().isEmpty() ? u"connection %1"_s.arg(t + 1) : tr->label());
        w.start(u"pre"_s, {{u"class"_s, u"transcript"_s}});
        const QList<Line> &lines = all[t];
        for (qsizetype i = 0; i < lines.size() && i < Report::kMaxTranscriptLines; ++i) {
            const Line &l = lines[i];
            const auto [cls, prefix] = lineStyle(l.kind);
            const QString where = l.kind == Line::Kind::Note ? QString(9, QLatin1Char(' '))
                                                             : u"@%1"_s.arg(l.offset, -8);
            const QString seconds = u"%1"_s.arg(double(l.msecs) / 1000.0, 8, 'f', 3);
            w.elementLine(u"span"_s, QStringList{seconds, prefix, where, l.text}.join(u' '),
                          {{u"class"_s, cls}, {u"id"_s, u"t%1-%2"_s.arg(t + 1).arg(i)}});
        }
        if (lines.size() > Report::kMaxTranscriptLines) {
            w.elementLine(u"span"_s,
                          u"… %1 more lines: transcript.txt has them all."_s.arg(
                              lines.size() - Report::kMaxTranscriptLines),
                          {{u"class"_s, u"t-note"_s}});
        }
        w.endLine();
    }
    if (o.transcripts.isEmpty()) {
        w.elementLine(u"p"_s, u"No connection was made."_s);
    }
}

} // namespace msim::scenario
