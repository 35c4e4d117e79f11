// SPDX-License-Identifier: MIT
// The built-in server and the real Dovecot serve the same mbox files with the same octets
// (DESIGN.md §5, issue 14): for every file of tests/data/mbox, every message's BODY.PEEK[],
// RFC822.SIZE and FLAGS (less \Recent, which msim does not serve) from the Dovecot fixture's
// mbox user and from an in-process EmulatedServer loaded with Mailbox::fromSpec("mbox:FILE")
// are equal, and a file Dovecot refuses to open msim refuses to load.
#include "DovecotFixture.h"
#include "RawClient.h"
#include "TestIdentity.h"
#include "emulator/CertificateMint.h"
#include "emulator/EmulatedServer.h"
#include "emulator/Mailbox.h"

#include <QDir>
#include <QRegularExpression>
#include <QTest>

using namespace msim;
using msim::testsupport::DovecotFixture;
using msim::testsupport::RawClient;
using msim::testsupport::testIdentity;

namespace {

const QString kData = QStringLiteral(MSIM_SOURCE_DIR "/tests/data/mbox");

struct Served
{
    QByteArray refusal;       // the EXAMINE's tagged NO, when the mailbox cannot be opened
    QList<qint64> sizes;      // RFC822.SIZE per message, in sequence order
    QList<QByteArray> bodies; // BODY[] per message
    QList<QByteArray> flags;  // FLAGS per message, without \Recent, as served ("\Seen \Draft")
};

// Logs in over plain text, examines `mailbox` and fetches every message; nullopt on a protocol
// failure.
std::optional<Served> fetchAll(quint16 port, const QByteArray &user, const QByteArray &password,
                               const QByteArray &mailbox)
{
    RawClient c;
    if (!c.connectPlain(port) || !c.response())
        return std::nullopt;
    if (!c.command("a1", "login \"" + user + "\" \"" + password + "\"").contains("a1 OK"))
        return std::nullopt;
    Served s;
    c.send("a2 examine \"" + mailbox + "\"\r\n");
    const auto examine = c.untilTagged("a2");
    if (examine.isEmpty())
        return std::nullopt;
    if (!examine.last().firstLine().startsWith("a2 OK")) {
        s.refusal = examine.last().firstLine();
        return s;
    }
    qint64 exists = -1;
    for (const auto &r : examine)
        if (r.firstLine().endsWith(" EXISTS"))
            exists = r.firstLine().split(' ').value(1).toLongLong();
    if (exists < 0)
        return std::nullopt;
    if (exists == 0)
        return s;
    c.send("a3 fetch 1:* (FLAGS RFC822.SIZE BODY.PEEK[])\r\n");
    static const QRegularExpression size(QStringLiteral("RFC822\\.SIZE (\\d+)"));
    static const QRegularExpression flags(QStringLiteral("FLAGS \\(([^)]*)\\)"));
    for (const auto &r : c.untilTagged("a3")) {
        if (!r.firstLine().startsWith("* ") || !r.firstLine().contains(" FETCH ")) {
            if (!r.firstLine().startsWith("a3 OK"))
                return std::nullopt;
            continue;
        }
        const QString text = QString::fromLatin1(r.lines.join(' '));
        const auto m = size.match(text);
        const auto f = flags.match(text);
        if (!m.hasMatch() || !f.hasMatch() || r.literals.size() != 1)
            return std::nullopt;
        s.sizes << m.captured(1).toLongLong();
        QStringList kept = f.captured(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        kept.removeAll(QStringLiteral("\\Recent"));
        s.flags << kept.join(QLatin1Char(' ')).toLatin1();
        s.bodies << r.literals.first();
    }
    if (s.sizes.size() != exists)
        return std::nullopt;
    return s;
}

} // namespace

class tst_DovecotMbox : public QObject
{
    Q_OBJECT

    DovecotFixture fx;

private Q_SLOTS:
    void initTestCase()
    {
        MSIM_LOAD_DOVECOT(fx);
        QVERIFY2(!fx.mboxUser.isEmpty(), "the fixture has no mbox user");
    }

    void sameOctetsAsDovecot_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList files =
            QDir(kData).entryList({QStringLiteral("*.mbox")}, QDir::Files, QDir::Name);
        QVERIFY(files.contains(QStringLiteral("russia.mbox")));
        for (const QString &f : files)
            QTest::newRow(qPrintable(f)) << f;
    }

    void sameOctetsAsDovecot()
    {
        QFETCH(QString, file);
        const auto dovecot =
            fetchAll(fx.imapPort, fx.mboxUser.toUtf8(), fx.password, file.toUtf8());
        QVERIFY2(dovecot, "the Dovecot fixture did not answer as expected");

        QString error;
        auto mailbox = emulator::Mailbox::fromSpec(
            QStringLiteral("mbox:") + kData + QLatin1Char('/') + file, &error);
        if (!dovecot->refusal.isEmpty()) {
            // Dovecot: "NO [CANNOT] Mailbox isn't a valid mbox file"; msim refuses to load it.
            QVERIFY2(dovecot->refusal.contains("isn't a valid mbox file"),
                     dovecot->refusal.constData());
            QVERIFY2(!mailbox, "msim loads an mbox Dovecot refuses");
            QVERIFY2(error.contains(QLatin1String("offset 0")), qPrintable(error));
            return;
        }
        QVERIFY2(mailbox, qPrintable(error));
        emulator::ServerOptions o;
        o.profile = QStringLiteral("rfc3501");
        o.identity = testIdentity();
        emulator::EmulatedServer server(o, std::move(*mailbox));
        QVERIFY2(server.start(&error), qPrintable(error));
        const auto builtin = fetchAll(server.port(), "test", "secret", "INBOX");
        QVERIFY2(builtin, "the built-in server did not answer as expected");

        QCOMPARE(builtin->sizes, dovecot->sizes);
        QCOMPARE(builtin->bodies, dovecot->bodies);
        QCOMPARE(builtin->flags, dovecot->flags);
        for (qsizetype i = 0; i < dovecot->sizes.size(); ++i)
            QCOMPARE(dovecot->sizes[i], qint64(dovecot->bodies[i].size()));
    }
};

QTEST_GUILESS_MAIN(tst_DovecotMbox)
#include "tst_dovecot_mbox.moc"
