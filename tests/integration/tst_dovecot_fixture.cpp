// SPDX-License-Identifier: MIT
// The Dovecot fixture works: a throwaway QSslSocket client (not msim's engine) logs in over
// plain text, STARTTLS and implicit TLS, and fetches a message that is byte-identical to the
// corpus, so the fixture serves exactly what the built-in server serves.
#include "DovecotFixture.h"
#include "emulator/Corpus.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTest>

using msim::testsupport::DovecotFixture;

class tst_DovecotFixture : public QObject
{
    Q_OBJECT

    DovecotFixture fx;

    static QByteArray readLine(QSslSocket &s)
    {
        while (!s.canReadLine())
            if (!s.waitForReadyRead(10000))
                return {};
        return s.readLine();
    }
    // Reads until the tagged line; returns everything, literals included.
    static QByteArray readUntilTagged(QSslSocket &s, const QByteArray &tag)
    {
        QByteArray all;
        while (true) {
            const QByteArray line = readLine(s);
            if (line.isEmpty())
                return all;
            all += line;
            if (line.startsWith(QByteArray(tag + ' ')))
                return all;
            if (line.endsWith("}\r\n")) {
                const qsizetype open = line.lastIndexOf('{');
                qint64 n = line.mid(open + 1, line.size() - open - 4).toLongLong();
                while (n > 0) {
                    if (!s.bytesAvailable() && !s.waitForReadyRead(10000))
                        return all;
                    const QByteArray chunk = s.read(n);
                    all += chunk;
                    n -= chunk.size();
                }
            }
        }
    }

private Q_SLOTS:
    void initTestCase() { MSIM_LOAD_DOVECOT(fx); }

    void loginAndFetch_data()
    {
        QTest::addColumn<QString>("security");
        QTest::newRow("none") << QStringLiteral("none");
        QTest::newRow("starttls") << QStringLiteral("starttls");
        QTest::newRow("ssl") << QStringLiteral("ssl");
    }

    void loginAndFetch()
    {
        QFETCH(QString, security);
        QSslSocket s;
        QSslConfiguration cfg = QSslConfiguration::defaultConfiguration();
        cfg.setCaCertificates(QSslCertificate::fromPath(fx.certFile));
        s.setSslConfiguration(cfg);
        if (security == QLatin1String("ssl")) {
            s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), fx.imapsPort);
            QVERIFY2(s.waitForEncrypted(10000), qPrintable(s.errorString()));
        } else {
            s.connectToHost(QStringLiteral("127.0.0.1"), fx.imapPort);
            QVERIFY(s.waitForConnected(10000));
        }
        QVERIFY(readLine(s).startsWith("* OK"));
        if (security == QLatin1String("starttls")) {
            s.write("1 starttls\r\n");
            QVERIFY(readUntilTagged(s, "1").contains("1 OK"));
            s.startClientEncryption();
            QVERIFY2(s.waitForEncrypted(10000), qPrintable(s.errorString()));
        }
        QVERIFY(s.isEncrypted() == (security != QLatin1String("none")));
        s.write("2 login \"" + fx.user.toUtf8() + "\" \"" + fx.password + "\"\r\n");
        QVERIFY(readUntilTagged(s, "2").contains("2 OK"));
        s.write("3 select \"INBOX\"\r\n");
        const QByteArray sel = readUntilTagged(s, "3");
        QVERIFY2(sel.contains("3 OK"), sel.constData());
        QVERIFY2(sel.contains("* 17 EXISTS"), sel.constData());
        QVERIFY2(sel.contains("[UIDVALIDITY 1998]"), sel.constData());

        const auto corpus = msim::emulator::Corpus::sample();
        for (const auto &m : {corpus[5], corpus[12]}) { // 20000 octets; the bare-LF message
            s.write("4 UID fetch " + QByteArray::number(m.uid) +
                    " (UID RFC822.SIZE BODY.PEEK[])\r\n");
            const QByteArray reply = readUntilTagged(s, "4");
            QVERIFY2(reply.contains("4 OK"), reply.left(300).constData());
            QVERIFY(
                reply.contains(QByteArray("RFC822.SIZE " + QByteArray::number(m.served.size()))));
            const QByteArray announce = "{" + QByteArray::number(m.served.size()) + "}\r\n";
            const qsizetype at = reply.indexOf(announce);
            QVERIFY2(at > 0, reply.left(300).constData());
            QCOMPARE(reply.mid(at + announce.size(), m.served.size()), m.served);
        }
        s.write("5 logout\r\n");
        QVERIFY(readUntilTagged(s, "5").contains("5 OK"));
    }

    void maildirHoldsTheCorpus()
    {
        const auto corpus = msim::emulator::Corpus::sample();
        QFile ul(fx.maildir + QStringLiteral("/dovecot-uidlist"));
        QVERIFY(ul.open(QIODevice::ReadOnly));
        QVERIFY(ul.readLine().startsWith("3 V1998 N18"));
    }
};

QTEST_GUILESS_MAIN(tst_DovecotFixture)
#include "tst_dovecot_fixture.moc"
