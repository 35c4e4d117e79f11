// SPDX-License-Identifier: MIT
// Benchmark driver (not a test): msim's own engine (ImapSession) on one TLS or plain session,
// issuing Messenger-style chunk requests one after another, or NOOP round trips (the floor).
// scripts/bench runs it against Dovecot and the built-in server, interleaved.
//   bench_chunks --port N [--security ssl|starttls|none] [--pin sha256:HEX | --ca-file PEM]
//                [--user test] [--password-file F] [--uid 10] [--chunk 6144]
//                [--mode chunks|noop] [--repeat 1]
// Prints one line per repetition: "<mode> requests=<n> octets=<n> seconds=<s> per_s=<n>".
#include "imap/ImapSession.h"
#include "net/TlsPolicy.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTimer>

#include <cstdio>

using namespace msim;

namespace {

bool waitOpened(imap::ImapSession &s)
{
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&s, &imap::ImapSession::opened, &loop, [&] { ok = true; loop.quit(); });
    QObject::connect(&s, &imap::ImapSession::errorOccurred, &loop, &QEventLoop::quit);
    s.open();
    loop.exec();
    return ok;
}

bool runCommand(imap::ImapSession &s, const imap::Command &c, qint64 *octets = nullptr,
                std::optional<qint64> *size = nullptr)
{
    QEventLoop loop;
    bool ok = false;
    auto *cmd = s.execute(c);
    cmd->setCollect(false);
    QObject::connect(cmd, &imap::PendingCommand::untagged, &loop, [&](const imap::Response &r) {
        if (const auto *f = r.as<imap::FetchResponse>()) {
            if (size && f->rfc822Size)
                *size = f->rfc822Size;
            for (const auto &b : f->bodies)
                if (octets)
                    *octets += b.data.size();
        }
    });
    QObject::connect(cmd, &imap::PendingCommand::finished, &loop, [&] {
        ok = cmd->isOk();
        loop.quit();
    });
    loop.exec();
    return ok;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    p.addOptions({{QStringLiteral("host"), QStringLiteral("host"), QStringLiteral("H"), QStringLiteral("127.0.0.1")},
                  {QStringLiteral("port"), QStringLiteral("port"), QStringLiteral("N")},
                  {QStringLiteral("security"), QStringLiteral("security"), QStringLiteral("S"), QStringLiteral("ssl")},
                  {QStringLiteral("pin"), QStringLiteral("pin"), QStringLiteral("P")},
                  {QStringLiteral("ca-file"), QStringLiteral("CA file"), QStringLiteral("F")},
                  {QStringLiteral("user"), QStringLiteral("user"), QStringLiteral("U"), QStringLiteral("test")},
                  {QStringLiteral("password-file"), QStringLiteral("password file"), QStringLiteral("F")},
                  {QStringLiteral("uid"), QStringLiteral("uid"), QStringLiteral("N"), QStringLiteral("10")},
                  {QStringLiteral("chunk"), QStringLiteral("chunk size"), QStringLiteral("N"), QStringLiteral("6144")},
                  {QStringLiteral("mode"), QStringLiteral("chunks or noop"), QStringLiteral("M"), QStringLiteral("chunks")},
                  {QStringLiteral("repeat"), QStringLiteral("repetitions"), QStringLiteral("N"), QStringLiteral("1")}});
    p.process(app);
    imap::SessionOptions o;
    o.endpoint.host = p.value(QStringLiteral("host"));
    o.endpoint.port = quint16(p.value(QStringLiteral("port")).toUInt());
    o.endpoint.security = net::parseSecurity(p.value(QStringLiteral("security"))).value_or(net::Security::Ssl);
    if (p.isSet(QStringLiteral("pin")))
        o.tls.pins = {*net::TlsPolicy::parsePin(p.value(QStringLiteral("pin")))};
    o.tls.caFile = p.value(QStringLiteral("ca-file"));
    o.credentials.user = p.value(QStringLiteral("user")).toUtf8();
    o.credentials.password = "secret";
    if (p.isSet(QStringLiteral("password-file"))) {
        QFile f(p.value(QStringLiteral("password-file")));
        if (f.open(QIODevice::ReadOnly))
            o.credentials.password = f.readAll().trimmed();
    }
    const quint32 uid = p.value(QStringLiteral("uid")).toUInt();
    const qint64 chunk = p.value(QStringLiteral("chunk")).toLongLong();
    const bool noop = p.value(QStringLiteral("mode")) == QLatin1String("noop");
    const int repeat = std::max(1, p.value(QStringLiteral("repeat")).toInt());

    imap::ImapSession s(o);
    if (!waitOpened(s)) {
        std::fprintf(stderr, "bench_chunks: %s\n", qPrintable(s.errorString()));
        return 1;
    }
    if (!runCommand(s, imap::CommandBuilder::examine("INBOX"))) {
        std::fprintf(stderr, "bench_chunks: EXAMINE failed\n");
        return 1;
    }
    std::optional<qint64> size;
    runCommand(s, imap::CommandBuilder::uidFetchHeaders(QByteArray::number(uid)), nullptr, &size);
    if (!size) {
        std::fprintf(stderr, "bench_chunks: UID %u not found\n", uid);
        return 1;
    }
    const qint64 requests = (*size + chunk - 1) / chunk;
    for (int r = 0; r < repeat; ++r) {
        QElapsedTimer t;
        t.start();
        qint64 octets = 0;
        if (noop) {
            // The floor: as many round trips as chunks, carrying nothing, plus one whole fetch.
            for (qint64 i = 0; i < requests; ++i)
                runCommand(s, imap::CommandBuilder::noop());
            runCommand(s, imap::CommandBuilder::uidFetchPeek(QByteArray::number(uid)), &octets);
        } else {
            for (qint64 start = 0; start < *size; start += chunk)
                if (!runCommand(s, imap::CommandBuilder::uidFetchChunk(uid, start, std::min(chunk, *size - start), false),
                                &octets)) {
                    std::fprintf(stderr, "bench_chunks: a chunk failed\n");
                    return 1;
                }
        }
        const double secs = t.nsecsElapsed() / 1e9;
        std::printf("%s requests=%lld octets=%lld seconds=%.4f per_s=%.0f\n", noop ? "noop" : "chunks",
                    (long long)requests, (long long)octets, secs, requests / secs);
        std::fflush(stdout);
    }
    return 0;
}
