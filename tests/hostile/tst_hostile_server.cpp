// SPDX-License-Identifier: MIT
// msim's client against a seeded mutating server (issue 22, tests/hostile): the built-in
// server's real conversation, damaged per seed by a proxy (bits flipped, digits changed,
// junk and extra octets inserted, octets deleted, the connection closed, the password quoted
// back). For every seed the fetch ends (no hang, no crash: the sanitizer tree runs this too),
// the transcripts keep no more than the proxy delivered, and neither the transcripts nor any
// file of the report holds the password in any form. A failure names its seed; the seed alone
// replays it (HostileRun.h).
#include "FetchRun.h"
#include "HostileRun.h"
#include "MutatingProxy.h"
#include "TestIdentity.h"
#include "emulator/EmulatedServer.h"
#include "scenario/JsonOutput.h"
#include "scenario/Report.h"

#include <QDirIterator>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace msim;

namespace {

const QByteArray kPassword = "Hunter2-Secret9";

QList<QByteArray> secretForms()
{
    return {kPassword, kPassword.toBase64(),
            QByteArray("\0test\0", 6).append(kPassword).toBase64()};
}

} // namespace

class tst_HostileServer : public QObject
{
    Q_OBJECT
    // A fresh server per seed: nothing one seed did (flags, failed logins) reaches the next,
    // so a seed replays alone exactly as it ran in the campaign.
    static std::unique_ptr<emulator::EmulatedServer> freshServer()
    {
        emulator::ServerOptions o;
        o.identity = testsupport::testIdentity();
        o.password = kPassword;
        auto s = std::make_unique<emulator::EmulatedServer>(o, emulator::Mailbox::sample());
        QString e;
        return s->start(&e) ? std::move(s) : nullptr;
    }

    QString oneSeed(quint64 seed)
    {
        const auto server = freshServer();
        if (!server)
            return QStringLiteral("the built-in server did not start");
        hostile::MutatingProxy proxy(server->port(), seed, secretForms());
        if (!proxy.listenLoopback())
            return QStringLiteral("the proxy cannot listen");
        QRandomGenerator rng{quint32(seed)};
        const QList<quint32> uids = {1, 3, 6, 9, 11, 13, 14, 17};
        const QStringList presets = {QStringLiteral("messenger45"), QStringLiteral("kb-q194998"),
                                     QStringLiteral("thunderbird")};
        fetch::FetchRequest req = testsupport::loopbackRequest(
            proxy.serverPort(), presets[rng.bounded(int(presets.size()))],
            {uids[rng.bounded(int(uids.size()))]});
        req.session.credentials.password = kPassword;
        req.session.commandTimeoutMs = 1000;
        req.session.drainTimeoutMs = 300;
        const auto outcome = testsupport::runFetch(req, nullptr, 60000);
        const QString plan = proxy.plans().join(QStringLiteral("; "));
        if (!outcome)
            return QStringLiteral("the fetch did not end within 60 s (%1)").arg(plan);
        qint64 kept = 0;
        QList<std::pair<QString, QByteArray>> outputs;
        for (const net::TranscriptPtr &t : outcome->transcripts) {
            kept += t->receivedTotal();
            outputs.append({QStringLiteral("transcript"), t->renderText(64).toUtf8()});
        }
        if (kept > proxy.octetsDown())
            return QStringLiteral("the transcripts hold %1 octets, the proxy sent %2 (%3)")
                .arg(kept)
                .arg(proxy.octetsDown())
                .arg(plan);
        QTemporaryDir dir;
        QString error;
        if (!scenario::Report::writeFetch(dir.path(), *outcome, {},
                                          scenario::JsonOutput::fetch(*outcome), &error))
            return QStringLiteral("the report was not written: %1 (%2)").arg(error, plan);
        QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            if (f.fileName().endsWith(QLatin1String(".eml")))
                continue; // the message itself (README: message octets are kept as they are)
            if (!f.open(QIODevice::ReadOnly))
                return QStringLiteral("cannot read %1").arg(f.fileName());
            outputs.append({QFileInfo(f).fileName(), f.readAll()});
        }
        for (const auto &[name, bytes] : std::as_const(outputs))
            for (const QByteArray &form : secretForms())
                if (bytes.contains(form))
                    return QStringLiteral("%1 holds the secret form %2 (%3)")
                        .arg(name, QString::fromLatin1(form), plan);
        return {};
    }

private Q_SLOTS:
    void seededMutatingServer()
    {
        quint64 seeds = 0;
        const QString failure = hostile::Campaign::run(
            QStringLiteral("tests/hostile/tst_hostile_server"),
            [this](quint64 seed) { return oneSeed(seed); }, &seeds);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY(seeds > 0);
    }
};

QTEST_GUILESS_MAIN(tst_HostileServer)
#include "tst_hostile_server.moc"
