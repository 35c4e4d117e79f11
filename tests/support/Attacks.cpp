// SPDX-License-Identifier: MIT
#include "Attacks.h"

#include <QElapsedTimer>
#include <QSslSocket>
#include <QTimer>

namespace msim::testsupport {

GoodResult goodClient(quint16 port, QByteArray expected, std::atomic<bool> &stop)
{
    GoodResult r;
    QTcpSocket s;
    s.connectToHost(QHostAddress::LocalHost, port);
    if (!s.waitForConnected(5000)) {
        r.error = QStringLiteral("cannot connect");
        return r;
    }
    QByteArray in;
    const auto until = [&](const QByteArray &tagged) {
        QElapsedTimer t;
        t.start();
        while (!in.contains(tagged) && t.elapsed() < 30000 &&
               s.state() == QAbstractSocket::ConnectedState)
            if (s.waitForReadyRead(1000))
                in += s.readAll();
        in += s.readAll();
        return in.contains(tagged);
    };
    s.write("a LOGIN test secret\r\nb SELECT INBOX\r\n");
    if (!until("\r\nb OK")) {
        r.error = QStringLiteral("no login: ") + QString::fromLatin1(in.right(200));
        return r;
    }
    const QByteArray head = "* 6 FETCH (UID 6 BODY[]<0> {6144}\r\n";
    for (int n = 0; !stop; ++n) {
        in.clear();
        const QByteArray tag = "f" + QByteArray::number(n);
        QElapsedTimer t;
        t.start();
        s.write(tag + " UID FETCH 6 (BODY.PEEK[]<0.6144>)\r\n");
        if (!until("\r\n" + tag + " OK")) {
            r.error = QStringLiteral("no answer to ") + QString::fromLatin1(tag);
            return r;
        }
        r.ms.push_back(t.nsecsElapsed() / 1e6);
        const qsizetype at = in.indexOf(head);
        if (at < 0 || in.mid(at + head.size(), 6144) != expected)
            ++r.wrong;
    }
    return r;
}

GoodResult goodGreetings(quint16 tlsPort, std::atomic<bool> &stop)
{
    GoodResult r;
    while (!stop) {
        QSslSocket s;
        s.setPeerVerifyMode(QSslSocket::VerifyNone);
        QElapsedTimer t;
        t.start();
        s.connectToHostEncrypted(QStringLiteral("127.0.0.1"), tlsPort);
        QByteArray in;
        // Up to 30 s (a slow machine, a sanitizer build, handshakes flooding in), a second at a
        // time; a connection that ends or fails ends the wait.
        while (!in.contains("\r\n") && t.elapsed() < 30000 &&
               s.state() != QAbstractSocket::UnconnectedState)
            if (s.waitForReadyRead(1000))
                in += s.readAll();
        in += s.readAll();
        if (!in.startsWith("* OK")) {
            r.error = QStringLiteral("no greeting over TLS after %1 ms (%2): %3")
                          .arg(t.elapsed())
                          .arg(s.errorString(), QString::fromLatin1(in.left(200)));
            return r;
        }
        r.ms.push_back(t.nsecsElapsed() / 1e6);
        s.abort();
    }
    return r;
}

QTcpSocket *attacker(QObject *owner, int address, quint16 port, QByteArray first, QByteArray again,
                     bool reads, bool tls)
{
    QTcpSocket *s = tls ? new QSslSocket(owner) : new QTcpSocket(owner);
    s->bind(QHostAddress(QStringLiteral("127.0.0.%1").arg(address)));
    if (!reads)
        s->setReadBufferSize(1024);
    else
        QObject::connect(s, &QTcpSocket::readyRead, s, [s, again] {
            s->readAll();
            if (!again.isEmpty())
                s->write(again);
        });
    QObject::connect(s, &QTcpSocket::connected, s, [s, first] {
        if (!first.isEmpty())
            s->write(first);
    });
    if (tls) {
        auto *ssl = static_cast<QSslSocket *>(s);
        ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        QObject::connect(ssl, &QSslSocket::encrypted, ssl, [ssl] { ssl->abort(); });
        ssl->connectToHostEncrypted(QStringLiteral("127.0.0.1"), port);
    } else {
        s->connectToHost(QHostAddress::LocalHost, port);
    }
    return s;
}

namespace {

QByteArray keywords(int from, int n)
{
    QByteArray out;
    for (int i = 0; i < n; ++i)
        out += (i ? " kw" : "kw") + QByteArray::number(from + i);
    return out;
}

} // namespace

QList<Attack> issue22Attacks()
{
    return {
        {QStringLiteral("none"), QStringLiteral("no attack: the baseline"), [](auto...) {}},
        {QStringLiteral("keywords"),
         QStringLiteral("UID STORE 1:* +FLAGS.SILENT (1000 new keywords), again on every reply"),
         [](QObject *o, quint16 plain, quint16) {
             auto *counter = new int(0);
             QObject::connect(o, &QObject::destroyed, [counter] { delete counter; });
             QTcpSocket *s =
                 attacker(o, 2, plain, "a LOGIN test secret\r\nb SELECT INBOX\r\n", {}, false);
             QObject::connect(s, &QTcpSocket::readyRead, s, [s, counter] {
                 s->readAll();
                 s->write("s UID STORE 1:* +FLAGS.SILENT (" + keywords(*counter, 1000) + ")\r\n");
                 *counter += 1000;
             });
         }},
        {QStringLiteral("duplicate-items"),
         QStringLiteral("5 clients: UID FETCH 10 (BODY.PEEK[] x40), never reading"),
         [](QObject *o, quint16 plain, quint16) {
             QByteArray items;
             for (int i = 0; i < 40; ++i)
                 items += " BODY.PEEK[]";
             for (int i = 0; i < 5; ++i)
                 attacker(o, 2 + i, plain,
                          "a LOGIN test secret\r\nb SELECT INBOX\r\nx UID FETCH 10 (" +
                              items.mid(1) + ")\r\n",
                          {}, false);
         }},
        {QStringLiteral("pre-auth-memory"),
         QStringLiteral("10 clients: an unfinished LOGIN with 15 x 1 MiB LITERAL+ arguments"),
         [](QObject *o, quint16 plain, quint16) {
             QByteArray cmd = "1 LOGIN";
             for (int i = 0; i < 15; ++i)
                 cmd += " {1048576+}\r\n" + QByteArray(1048576, 'p');
             for (int i = 0; i < 10; ++i)
                 attacker(o, 2 + i, plain, cmd, {}, true);
         }},
        {QStringLiteral("slow-loris"),
         QStringLiteral("200 clients: one octet ('x', a command never finished) every 100 ms"),
         [](QObject *o, quint16 plain, quint16) {
             QList<QTcpSocket *> all;
             for (int i = 0; i < 200; ++i)
                 all << attacker(o, 2 + i % 50, plain, {}, {}, true);
             auto *drip = new QTimer(o);
             QObject::connect(drip, &QTimer::timeout, o, [all] {
                 for (QTcpSocket *s : all)
                     if (s->state() == QAbstractSocket::ConnectedState)
                         s->write("x");
             });
             drip->start(100);
         }},
        {QStringLiteral("bad-passwords"),
         QStringLiteral("4 clients: LOGIN with a wrong password, again on every reply"),
         [](QObject *o, quint16 plain, quint16) {
             for (int i = 0; i < 4; ++i)
                 attacker(o, 2 + i, plain, "1 LOGIN test wrong\r\n", "1 LOGIN test wrong\r\n");
         }},
        {QStringLiteral("tls-handshakes"),
         QStringLiteral("150 TLS handshakes at once, every second"),
         [](QObject *o, quint16, quint16 tls) {
             auto *wave = new QTimer(o);
             const auto burst = [o, tls] {
                 for (int i = 0; i < 150; ++i)
                     attacker(o, 2 + i % 50, tls, {}, {}, true, true);
             };
             QObject::connect(wave, &QTimer::timeout, o, burst);
             burst();
             wave->start(1000);
         }},
        {QStringLiteral("whole-mailbox"),
         QStringLiteral("3 clients: UID FETCH 1:* (BODY.PEEK[]) never reading, and one "
                        "STORE 1:* +FLAGS/-FLAGS loop"),
         [](QObject *o, quint16 plain, quint16) {
             for (int i = 0; i < 3; ++i)
                 attacker(o, 2 + i, plain,
                          "a LOGIN test secret\r\nb SELECT INBOX\r\nx UID FETCH 1:* "
                          "(BODY.PEEK[])\r\n",
                          {}, false);
             attacker(o, 6, plain,
                      "a LOGIN test secret\r\nb SELECT INBOX\r\nc STORE 1:* +FLAGS "
                      "(\\Flagged)\r\n",
                      "c STORE 1:* -FLAGS (\\Flagged)\r\nd STORE 1:* +FLAGS (\\Flagged)\r\n");
         }},
    };
}

} // namespace msim::testsupport
