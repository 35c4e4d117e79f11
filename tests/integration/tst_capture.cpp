// SPDX-License-Identifier: MIT
// Captures a network team opens (issue 20, DESIGN.md §4 CAPTURE), read by tshark, Wireshark's own
// reader, never by msim: `msim-cli fetch --pcap` of the KB Q194998 reproduction against
// `msim-cli serve --profile exchange55-presp2 --pcap`, the key log of SSLKEYLOGFILE decrypting a
// capture of the TLS octets as they crossed the wire, and no password in any of it.
#include "ProcessRun.h"
#include "RawClient.h"
#include "ServeListeners.h"
#include "TestIdentity.h"
#include "emulator/EmulatedServer.h"
#include "net/Capture.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <chrono>
#include <memory>

using namespace msim;

namespace {

const QString kCli = QStringLiteral(MSIM_BINARY_DIR "/app/cli/msim-cli");
// Not "secret": a password no message of the corpus holds, so finding it anywhere is a leak.
const QByteArray kPassword = "Zq81-capture-pw";

using Run = testsupport::ProcessRun;

// Runs `program` while the event loop turns (the relay below lives in it); 120 s at most.
Run run(const QString &program, const QStringList &args, const QProcessEnvironment &env = {})
{
    return testsupport::runProcess(program, args, env);
}

QString tshark()
{
    return QStandardPaths::findExecutable(QStringLiteral("tshark"));
}

// tshark's answer (stdout) for `args`; fails the test when tshark fails.
QByteArray tsharkOut(const QStringList &args)
{
    const Run r = run(tshark(), args);
    if (r.exit != 0)
        qWarning("tshark %s: exit %d: %s", qPrintable(args.join(u' ')), r.exit, r.err.constData());
    return r.exit == 0 ? r.out : QByteArray("tshark failed");
}

// The two directions of TCP stream `stream` as tshark reassembles them ("follow,tcp,raw"):
// first what the side that opened it sent, then what the other side sent.
std::pair<QByteArray, QByteArray> follow(const QString &file, int stream,
                                         const QStringList &extra = {})
{
    const QByteArray text = tsharkOut(QStringList{QStringLiteral("-r"), file, QStringLiteral("-q"),
                                                  QStringLiteral("-z"),
                                                  QStringLiteral("follow,tcp,raw,%1").arg(stream)} +
                                      extra);
    QByteArray client;
    QByteArray server;
    bool inData = false;
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith("Node 1:")) {
            inData = true;
            continue;
        }
        if (!inData || line.startsWith("====="))
            continue;
        if (line.startsWith('\t'))
            server += QByteArray::fromHex(line.trimmed());
        else
            client += QByteArray::fromHex(line.trimmed());
    }
    return {client, server};
}

// Each SYN's stream number and comment: "0\tconnection 1: emulated client …".
QList<QByteArray> synComments(const QString &file)
{
    return tsharkOut({QStringLiteral("-r"), file, QStringLiteral("-Y"),
                      QStringLiteral("tcp.flags.syn == 1 && tcp.flags.ack == 0"),
                      QStringLiteral("-T"), QStringLiteral("fields"), QStringLiteral("-e"),
                      QStringLiteral("tcp.stream"), QStringLiteral("-e"),
                      QStringLiteral("frame.comment")})
        .trimmed()
        .split('\n');
}

// The IMAP requests tshark decodes on `port`, one per line.
QList<QByteArray> imapRequests(const QString &file, quint16 port, const QStringList &extra = {})
{
    return tsharkOut(QStringList{QStringLiteral("-r"), file, QStringLiteral("-d"),
                                 QStringLiteral("tcp.port==%1,imap").arg(port),
                                 QStringLiteral("-Y"), QStringLiteral("imap.request"),
                                 QStringLiteral("-T"), QStringLiteral("fields"),
                                 QStringLiteral("-e"), QStringLiteral("imap.request")} +
                     extra)
        .trimmed()
        .split('\n');
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

qint64 nowUsecs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// What tcpdump would have seen between a client and a server: a relay on loopback that passes
// every octet through unchanged and keeps it, with its time, as a pcapng of the wire (the TLS
// records, not the IMAP inside them).
class WireRelay : public QObject
{
public:
    WireRelay(quint16 target, QObject *parent = nullptr)
        : QObject(parent)
        , m_target(target)
    {
        m_listener.listen(QHostAddress::LocalHost);
        connect(&m_listener, &QTcpServer::newConnection, this, &WireRelay::accept);
    }
    quint16 port() const { return m_listener.serverPort(); }

    bool write(const QString &path, QString *error)
    {
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) {
            *error = f.errorString();
            return false;
        }
        net::PcapngWriter w(&f);
        w.begin({QStringLiteral("tst_capture: the wire as a relay saw it")}, QStringLiteral("tst"));
        for (const Flow &flow : std::as_const(m_flows)) {
            const int id =
                w.open({QHostAddress::LocalHost, flow.clientPort, QHostAddress::LocalHost, port()},
                       flow.opened);
            for (const Piece &p : flow.pieces)
                w.send(id, p.fromClient, p.usecs, p.octets);
        }
        *error = w.errorString();
        return w.ok();
    }

private:
    struct Piece
    {
        bool fromClient = true;
        qint64 usecs = 0;
        QByteArray octets;
    };
    struct Flow
    {
        quint16 clientPort = 0;
        qint64 opened = 0;
        QList<Piece> pieces;
    };

    void accept()
    {
        while (QTcpSocket *client = m_listener.nextPendingConnection()) {
            auto *server = new QTcpSocket(client);
            const qsizetype index = m_flows.size();
            m_flows.append({client->peerPort(), nowUsecs(), {}});
            auto pass = [this, index](QTcpSocket *from, QTcpSocket *to, bool fromClient) {
                const QByteArray octets = from->readAll();
                if (octets.isEmpty())
                    return;
                m_flows[index].pieces.append({fromClient, nowUsecs(), octets});
                to->write(octets);
            };
            connect(client, &QTcpSocket::readyRead, this, [=] {
                if (server->state() == QAbstractSocket::ConnectedState)
                    pass(client, server, true);
            });
            connect(server, &QTcpSocket::connected, this, [=] { pass(client, server, true); });
            connect(server, &QTcpSocket::readyRead, this, [=] { pass(server, client, false); });
            connect(server, &QTcpSocket::disconnected, client, &QTcpSocket::disconnectFromHost);
            connect(client, &QTcpSocket::disconnected, server, &QTcpSocket::disconnectFromHost);
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            server->connectToHost(QHostAddress::LocalHost, m_target);
        }
    }

    QTcpServer m_listener;
    quint16 m_target;
    QList<Flow> m_flows;
};

} // namespace

class tst_Capture : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    QProcess m_server;
    quint16 m_plainPort = 0;
    quint16 m_tlsPort = 0;
    QString m_pin;

    QString path(const QString &name) const { return m_dir.filePath(name); }

    QProcessEnvironment env(const QString &keyLog = {}) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("MSIM_PASSWORD"), QString::fromLatin1(kPassword));
        if (keyLog.isEmpty())
            e.remove(QStringLiteral("SSLKEYLOGFILE"));
        else
            e.insert(QStringLiteral("SSLKEYLOGFILE"), keyLog);
        return e;
    }

    QStringList fetchArgs(quint16 port, const QString &security, const QString &pcap) const
    {
        return {QStringLiteral("fetch"),
                QStringLiteral("--port"),
                QString::number(port),
                QStringLiteral("--security"),
                security,
                QStringLiteral("--user"),
                QStringLiteral("test"),
                QStringLiteral("--pin"),
                m_pin,
                QStringLiteral("--preset"),
                QStringLiteral("kb-q194998"),
                QStringLiteral("--uid"),
                QStringLiteral("6"),
                QStringLiteral("--pcap"),
                pcap,
                QStringLiteral("--report"),
                pcap + QStringLiteral(".report")};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!tshark().isEmpty(), "tshark is not installed (scripts/test installs it)");
        QVERIFY(m_dir.isValid());
        QFile pw(path(QStringLiteral("password")));
        QVERIFY(pw.open(QIODevice::WriteOnly));
        pw.write(kPassword + '\n');
        pw.close();
        // The built-in server records its sessions and logs its own TLS keys.
        m_server.setProcessEnvironment(env(path(QStringLiteral("server-keys.log"))));
        m_server.start(kCli, {QStringLiteral("serve"), QStringLiteral("--profile"),
                              QStringLiteral("exchange55-presp2"),
                              QStringLiteral("--password-file"), path(QStringLiteral("password")),
                              QStringLiteral("--pcap"), path(QStringLiteral("server.pcapng"))});
        QVERIFY(m_server.waitForStarted());
        QString text;
        const auto listeners = testsupport::readServeListeners(m_server, &text);
        QVERIFY2(listeners, qPrintable(text));
        m_plainPort = listeners->plainPort;
        m_tlsPort = listeners->tlsPort;
        m_pin = listeners->pin;
    }

    // Issue 20's done-means: SSLKEYLOGFILE=k.log msim-cli fetch … --pcap c.pcapng against
    // exchange55-presp2 over SSL; tshark shows the 4.5 chunk request and the reply that overran.
    void kbQ194998OverSsl()
    {
        const QString keys = path(QStringLiteral("k.log"));
        const QString pcap = path(QStringLiteral("c.pcapng"));
        const Run r = run(kCli, fetchArgs(m_tlsPort, QStringLiteral("ssl"), pcap), env(keys));
        QCOMPARE(r.exit, 3);
        QVERIFY2(r.err.contains("msim: SSLKEYLOGFILE is set: the TLS session keys of every "
                                "connection are being written to " +
                                keys.toUtf8()),
                 r.err.constData());

        // The key log: owner-only, NSS lines of TLS 1.3 (what msim and the server negotiate).
        struct stat st = {};
        QCOMPARE(::stat(QFile::encodeName(keys).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0600);
        const QList<QByteArray> keyLines = readFile(keys).trimmed().split('\n');
        QVERIFY(keyLines.size() >= 5);
        for (const QByteArray &l : keyLines)
            QVERIFY2(QRegularExpression(
                         QStringLiteral("^(CLIENT_RANDOM|CLIENT_HANDSHAKE_TRAFFIC_SECRET|"
                                        "SERVER_HANDSHAKE_TRAFFIC_SECRET|CLIENT_TRAFFIC_SECRET_0|"
                                        "SERVER_TRAFFIC_SECRET_0|EXPORTER_SECRET) [0-9a-f]{64} "
                                        "[0-9a-f]+$"))
                         .match(QString::fromLatin1(l))
                         .hasMatch(),
                     l.constData());

        // tshark decodes the emulated client's chunk request, exactly as 4.5 wrote it.
        const QList<QByteArray> requests = imapRequests(pcap, m_tlsPort);
        QVERIFY2(requests.contains("5 UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)"),
                 requests.join('\n').constData());
        QVERIFY2(requests.contains("xxxx logout"), requests.join('\n').constData());

        // Stream 0 is the emulated client's connection (its SYN says so); its server side holds
        // the announced 6144 octets of the literal and, right after them, the 1500 octets the
        // server sent beyond it: the next 1500 octets of the true message.
        const QList<QByteArray> syns = synComments(pcap);
        QVERIFY2(syns.value(0).startsWith("0\tconnection 1: Messenger 4.5 emulation to 127.0.0.1:"),
                 syns.join('\n').constData());
        const auto [client, server] = follow(pcap, 0);
        const QString report = pcap + QStringLiteral(".report/");
        const QByteArray displayed = readFile(report + QStringLiteral("6.displayed.eml"));
        const QByteArray reference = readFile(report + QStringLiteral("6.reference.eml"));
        QCOMPARE(displayed.size(), 6144);
        QCOMPARE(reference.size(), 20000);
        const QByteArray literal = "BODY[]<0> {6144}\r\n" + displayed;
        const qsizetype at = server.indexOf(literal);
        QVERIFY2(at > 0, server.left(400).constData());
        QCOMPARE(server.mid(at + literal.size(), 1500), reference.mid(6144, 1500));
        QVERIFY(client.contains("5 UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)\r\n"));
        // The login arguments as the transcript holds them.
        QVERIFY2(client.contains(" login <redacted> <redacted>\r\n"), client.constData());

        // The same file in the report folder, and the section comment a reader sees first.
        QVERIFY(QFile::exists(report + QStringLiteral("capture.pcapng")));
        const Run info = run(QStandardPaths::findExecutable(QStringLiteral("capinfos")),
                             {QStringLiteral("-k"), pcap});
        QCOMPARE(info.exit, 0);
        QVERIFY2(info.out.contains("Credentials: the login arguments"), info.out.constData());
        QVERIFY2(info.out.contains(QStringLiteral("for port %1 use `tshark -d tcp.port==%1,imap`")
                                       .arg(m_tlsPort)
                                       .toUtf8()),
                 info.out.constData());
        QVERIFY(info.out.contains("implicit TLS (SSL): TLS on the wire, shown decrypted"));
        QVERIFY(!readFile(pcap).contains(kPassword));
    }

    // A TLS 1.2 server (OpenSSL's own s_server, 1.2 only): the key log holds the CLIENT_RANDOM
    // line NSS defines for TLS 1.2, the 32-octet client random and the 48-octet master secret.
    void keyLogOfTls12()
    {
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        QVERIFY(!openssl.isEmpty());
        const QString cert = path(QStringLiteral("tls12-cert.pem"));
        const QString key = path(QStringLiteral("tls12-key.pem"));
        QCOMPARE(
            run(openssl,
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                 QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-keyout"),
                 key, QStringLiteral("-out"), cert, QStringLiteral("-days"), QStringLiteral("2"),
                 QStringLiteral("-subj"), QStringLiteral("/CN=localhost")})
                .exit,
            0);
        const Run der = run(openssl, {QStringLiteral("x509"), QStringLiteral("-in"), cert,
                                      QStringLiteral("-outform"), QStringLiteral("der")});
        QCOMPARE(der.exit, 0);
        const QString pin =
            QStringLiteral("sha256:") +
            QString::fromLatin1(
                QCryptographicHash::hash(der.out, QCryptographicHash::Sha256).toHex());
        quint16 port = 0;
        {
            QTcpServer probe; // a free port, given back at once
            QVERIFY(probe.listen(QHostAddress::LocalHost));
            port = probe.serverPort();
        }
        QProcess server;
        server.start(openssl, {QStringLiteral("s_server"), QStringLiteral("-accept"),
                               QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-tls1_2"),
                               QStringLiteral("-cert"), cert, QStringLiteral("-key"), key});
        QVERIFY(server.waitForStarted());
        QByteArray said;
        while (!said.contains("ACCEPT") && server.waitForReadyRead(10000))
            said += server.readAllStandardOutput();
        QVERIFY2(said.contains("ACCEPT"), said.constData());
        const QString keys = path(QStringLiteral("tls12-keys.log"));
        // s_server speaks no IMAP: the handshake completes, no greeting comes, msim gives up.
        const Run r =
            run(kCli,
                {QStringLiteral("fetch"), QStringLiteral("--port"), QString::number(port),
                 QStringLiteral("--security"), QStringLiteral("ssl"), QStringLiteral("--user"),
                 QStringLiteral("test"), QStringLiteral("--pin"), pin, QStringLiteral("--uid"),
                 QStringLiteral("1"), QStringLiteral("--timeout"), QStringLiteral("1"),
                 QStringLiteral("--json")},
                env(keys));
        server.kill();
        server.waitForFinished();
        QCOMPARE(r.exit, 1);
        const QList<QByteArray> lines = readFile(keys).trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY2(QRegularExpression(QStringLiteral("^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$"))
                     .match(QString::fromLatin1(lines.first()))
                     .hasMatch(),
                 lines.first().constData());
    }

    // The contrast: over plain text and STARTTLS the same fetch is complete, and the capture
    // holds the STARTTLS exchange and what followed it, decrypted.
    void plainAndStartTls_data()
    {
        QTest::addColumn<QString>("security");
        QTest::addColumn<QByteArray>("lastChunk"); // MESSENGER45.md §2: the rest, 1568 octets
        QTest::addColumn<QByteArray>("words");
        QTest::newRow("presp2 over plain text")
            << QStringLiteral("none")
            << QByteArray("8 UID fetch 6 (UID RFC822.SIZE BODY[]<18432.1568>)")
            << QByteArray("plain text, as on the wire");
        QTest::newRow("presp2 over STARTTLS")
            << QStringLiteral("starttls")
            << QByteArray("10 UID fetch 6 (UID RFC822.SIZE BODY[]<18432.1568>)")
            << QByteArray("STARTTLS: TLS on the wire after the server's STARTTLS reply");
    }
    void plainAndStartTls()
    {
        QFETCH(QString, security);
        QFETCH(QByteArray, lastChunk);
        QFETCH(QByteArray, words);
        const QString pcap = path(security + QStringLiteral(".pcapng"));
        const Run r = run(kCli, fetchArgs(m_plainPort, security, pcap), env());
        QCOMPARE(r.exit, 0);
        QVERIFY(!r.err.contains("SSLKEYLOGFILE"));
        const QList<QByteArray> requests = imapRequests(pcap, m_plainPort);
        QVERIFY2(requests.contains(lastChunk), requests.join('\n').constData());
        QCOMPARE(requests.contains("2 starttls"), security == QLatin1String("starttls"));
        const auto [client, server] = follow(pcap, 0);
        QVERIFY(server.contains("BODY[]<18432> {1568}\r\n"));
        QVERIFY(!readFile(pcap).contains(kPassword));
        const Run info = run(QStandardPaths::findExecutable(QStringLiteral("capinfos")),
                             {QStringLiteral("-k"), pcap});
        QVERIFY2(info.out.contains(words), info.out.constData());
    }

    // SSLKEYLOGFILE decrypts what tcpdump would have captured: the TLS records as they crossed
    // loopback (recorded by a relay), opened by tshark with the key log of msim-cli, and with the
    // key log the built-in server wrote (Qt's TLS, hooked through OpenSSL). Without a key log
    // tshark sees no IMAP in it.
    void keyLogDecryptsTheWire()
    {
        WireRelay relay(m_tlsPort);
        const QString keys = path(QStringLiteral("relay-keys.log"));
        QStringList args = fetchArgs(relay.port(), QStringLiteral("ssl"),
                                     path(QStringLiteral("relay-decrypted.pcapng")));
        const Run r = run(kCli, args, env(keys));
        QCOMPARE(r.exit, 3);
        const QString wire = path(QStringLiteral("wire.pcapng"));
        QString error;
        QVERIFY2(relay.write(wire, &error), qPrintable(error));
        QVERIFY(!readFile(wire).contains("UID fetch")); // the wire is encrypted

        const QStringList asTls = {
            QStringLiteral("-d"), QStringLiteral("tcp.port==%1,tls").arg(relay.port()),
            QStringLiteral("-d"), QStringLiteral("tls.port==%1,imap").arg(relay.port())};
        const QByteArray chunk = "5 UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)";
        for (const QString &keyLog : {keys, path(QStringLiteral("server-keys.log"))}) {
            const QList<QByteArray> requests =
                imapRequests(wire, relay.port(),
                             asTls + QStringList{QStringLiteral("-o"),
                                                 QStringLiteral("tls.keylog_file:%1").arg(keyLog)});
            QVERIFY2(requests.contains(chunk),
                     qPrintable(keyLog + u'\n' + QString::fromUtf8(requests.join('\n'))));
        }
        const QList<QByteArray> without = imapRequests(wire, relay.port(), asTls);
        QVERIFY2(!without.contains(chunk), without.join('\n').constData());
    }

    // matrix --pcap: every cell's connections in one file, each SYN naming its cell; diagnose
    // --pcap: the probes' connections and the re-runs'.
    void matrixAndDiagnose()
    {
        const QString matrix = path(QStringLiteral("matrix.pcapng"));
        Run r =
            run(kCli,
                {QStringLiteral("matrix"), QStringLiteral("--port"), QString::number(m_plainPort),
                 QStringLiteral("--tls-port"), QString::number(m_tlsPort), QStringLiteral("--user"),
                 QStringLiteral("test"), QStringLiteral("--pin"), m_pin, QStringLiteral("--preset"),
                 QStringLiteral("kb-q194998"), QStringLiteral("--uid"), QStringLiteral("6"),
                 QStringLiteral("--no-verify"), QStringLiteral("--pcap"), matrix},
                env());
        QCOMPARE(r.exit, 3);
        QList<QByteArray> syns = synComments(matrix);
        QStringList cells;
        for (const QByteArray &syn : syns)
            cells << QString::fromUtf8(syn.split('\t').value(1).split(':').value(0));
        cells.removeDuplicates();
        cells.sort();
        QCOMPARE(cells,
                 (QStringList{QStringLiteral("none-chunks-6144"), QStringLiteral("none-whole"),
                              QStringLiteral("ssl-chunks-6144"), QStringLiteral("ssl-whole"),
                              QStringLiteral("starttls-chunks-6144"),
                              QStringLiteral("starttls-whole")}));
        QVERIFY(!readFile(matrix).contains(kPassword));

        const QString diagnose = path(QStringLiteral("diagnose.pcapng"));
        r = run(kCli,
                {QStringLiteral("diagnose"), QStringLiteral("--port"), QString::number(m_plainPort),
                 QStringLiteral("--tls-port"), QString::number(m_tlsPort), QStringLiteral("--user"),
                 QStringLiteral("test"), QStringLiteral("--pin"), m_pin, QStringLiteral("--uid"),
                 QStringLiteral("6"), QStringLiteral("--pcap"), diagnose},
                env());
        QCOMPARE(r.exit, 3);
        syns = synComments(diagnose);
        const QByteArray all = syns.join('\n');
        QVERIFY2(all.contains("re-run as kb-q194998"), all.constData());
        QVERIFY2(all.contains("with workaround 1"), all.constData());
        QVERIFY(!readFile(diagnose).contains(kPassword));
        QVERIFY(imapRequests(diagnose, m_tlsPort)
                    .contains("5 UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)"));
    }

    // The built-in server's capture of the other login forms a client may send: LOGIN with
    // literals, AUTHENTICATE PLAIN with an initial response and with a continuation. None of the
    // password's forms reaches the file; the commands stay, their arguments are "<redacted>".
    void serverRedactsEveryLoginForm()
    {
        const QString pcap = path(QStringLiteral("forms.pcapng"));
        QString error;
        auto capture = net::CaptureFile::create(pcap, {QStringLiteral("tst_capture")}, &error);
        QVERIFY2(capture, qPrintable(error));
        emulator::ServerOptions o;
        o.identity = testsupport::testIdentity();
        o.password = kPassword;
        emulator::EmulatedServer server(o, emulator::Mailbox::sample());
        QVERIFY2(server.start(&error), qPrintable(error));
        server.setCapture(capture);
        const QByteArray plain = QByteArray("\0test\0", 6) + kPassword;
        {
            testsupport::RawClient c;
            QVERIFY(c.connectPlain(server.port()));
            QVERIFY(c.response());
            c.send("a LOGIN {4+}\r\ntest {15+}\r\n" + kPassword + "\r\n");
            QVERIFY(c.untilTagged("a").last().firstLine().startsWith("a OK"));
            c.send("b LOGOUT\r\n");
            QVERIFY(c.waitClosed());
        }
        {
            testsupport::RawClient c;
            QVERIFY(c.connectTls(server.tlsPort()));
            QVERIFY(c.response());
            QVERIFY(c.command("a", "AUTHENTICATE PLAIN " + plain.toBase64()).contains("a OK"));
            c.send("b LOGOUT\r\n");
            QVERIFY(c.waitClosed());
        }
        {
            testsupport::RawClient c;
            QVERIFY(c.connectPlain(server.port()));
            QVERIFY(c.response());
            c.send("a AUTHENTICATE PLAIN\r\n");
            QVERIFY(c.response()); // "+"
            c.send(plain.toBase64() + "\r\n");
            QVERIFY(c.untilTagged("a").last().firstLine().startsWith("a OK"));
            c.send("b LOGOUT\r\n");
            QVERIFY(c.waitClosed());
        }
        server.stop();
        capture.reset();
        const QByteArray bytes = readFile(pcap);
        QVERIFY(!bytes.contains(kPassword));
        QVERIFY(!bytes.contains(plain.toBase64()));
        QVERIFY(!bytes.contains(kPassword.toBase64()));
        QCOMPARE(follow(pcap, 0).first,
                 QByteArray("a LOGIN <redacted> <redacted>\r\nb LOGOUT\r\n"));
        QCOMPARE(follow(pcap, 1).first,
                 QByteArray("a AUTHENTICATE PLAIN <redacted>\r\nb LOGOUT\r\n"));
        QCOMPARE(follow(pcap, 2).first,
                 QByteArray("a AUTHENTICATE PLAIN\r\n<redacted>\r\nb LOGOUT\r\n"));
        QVERIFY(follow(pcap, 2).second.contains("+ \r\n") ||
                follow(pcap, 2).second.contains("+\r\n"));
    }

    // serve --pcap on a server left running: past CaptureFile's limit nothing more is recorded,
    // the file stays one a reader opens, and the capture says why it stopped.
    void serverCaptureStopsAtItsLimit()
    {
        const QString pcap = path(QStringLiteral("limit.pcapng"));
        QString error;
        const qint64 limit = 4096;
        auto capture =
            net::CaptureFile::create(pcap, {QStringLiteral("tst_capture")}, &error, limit);
        QVERIFY2(capture, qPrintable(error));
        emulator::ServerOptions o;
        o.identity = testsupport::testIdentity();
        emulator::EmulatedServer server(o, emulator::Mailbox::sample());
        QVERIFY2(server.start(&error), qPrintable(error));
        server.setCapture(capture);
        testsupport::RawClient c;
        QVERIFY(c.connectPlain(server.port()));
        QVERIFY(c.response());
        QVERIFY(c.command("a", "LOGIN test secret").contains("a OK"));
        QVERIFY(c.command("b", "SELECT INBOX").contains("b OK"));
        QVERIFY(c.command("c", "UID FETCH 1 (BODY.PEEK[])").contains("c OK")); // 1024 octets
        QVERIFY(capture->errorString().isEmpty());
        QVERIFY(c.command("d", "UID FETCH 6 (BODY.PEEK[])").contains("d OK")); // 20000: past it
        QVERIFY(c.command("e", "NOOP").contains("e OK"));
        QCOMPARE(capture->errorString(),
                 QStringLiteral("the capture %1 reached its limit of 4096 octets; what came "
                                "after is not recorded")
                     .arg(pcap));
        const QByteArray bytes = readFile(pcap);
        QVERIFY(bytes.size() >= limit);
        QVERIFY(!bytes.contains("e NOOP")); // nothing after the limit
        const auto [client, serverSide] = follow(pcap, 0);
        QVERIFY(client.endsWith("d UID FETCH 6 (BODY.PEEK[])\r\n"));
        QVERIFY(serverSide.contains("BODY[] {20000}\r\n"));
    }

    // The writer's limits and shapes, read back by tshark: an IPv6 connection, a server write
    // larger than one segment (split, reassembled whole), a transcript that never connected (named
    // in the comment, no stream), and addresses of two families (refused with a reason).
    void writerShapes()
    {
        auto v6 = std::make_shared<net::Transcript>(QStringLiteral("connection 1: over IPv6"));
        v6->setWire({QHostAddress(QStringLiteral("::1")), 50000,
                     QHostAddress(QStringLiteral("::1")), 993, QStringLiteral("ssl"), 0});
        v6->recordSent("1 capability\r\n");
        QByteArray big;
        for (int i = 0; i < 100000; ++i)
            big += char('a' + i % 26);
        v6->recordReceived("* 1 FETCH (BODY[] {100000}\r\n" + big + ")\r\n");
        auto never = std::make_shared<net::Transcript>(QStringLiteral("connection 2: refused"));
        const QString pcap = path(QStringLiteral("shapes.pcapng"));
        QString error;
        QVERIFY2(net::writeCapture(pcap, net::captureSources({v6, never}), {}, &error),
                 qPrintable(error));
        const auto [client, server] = follow(pcap, 0);
        QCOMPARE(client, QByteArray("1 capability\r\n"));
        QCOMPARE(server, "* 1 FETCH (BODY[] {100000}\r\n" + big + ")\r\n");
        const QByteArray lengths =
            tsharkOut({QStringLiteral("-r"), pcap, QStringLiteral("-T"), QStringLiteral("fields"),
                       QStringLiteral("-e"), QStringLiteral("ipv6.src"), QStringLiteral("-e"),
                       QStringLiteral("tcp.len")});
        // SYN, SYN-ACK, ACK, the client's line, then the reply as 32768 + 32768 + 32768 + rest.
        QCOMPARE(lengths, QByteArray("::1\t0\n::1\t0\n::1\t0\n::1\t14\n::1\t32768\n::1\t32768\n"
                                     "::1\t32768\n::1\t") +
                              QByteArray::number(100000 + 28 + 3 - 3 * 32768) + '\n');
        const Run info = run(QStandardPaths::findExecutable(QStringLiteral("capinfos")),
                             {QStringLiteral("-k"), pcap});
        QVERIFY2(info.out.contains("connection 2: refused: never connected (or read back from a "
                                   "report), so not in this capture."),
                 info.out.constData());

        // A comment longer than a pcapng option holds (a command line with thousands of --uid):
        // cut at a whole UTF-8 character, marked, and the file still reads.
        QString longLine = QStringLiteral("Command: msim-cli fetch");
        while (longLine.size() < 70000)
            longLine += QStringLiteral(" --uid 1 ü");
        const QString cut = path(QStringLiteral("long-comment.pcapng"));
        QVERIFY2(net::writeCapture(cut, net::captureSources({v6}), {longLine}, &error),
                 qPrintable(error));
        const Run longInfo = run(QStandardPaths::findExecutable(QStringLiteral("capinfos")),
                                 {QStringLiteral("-k"), cut});
        QCOMPARE(longInfo.exit, 0);
        const QByteArray first = longInfo.out.split('\n').value(1);
        QVERIFY2(first.startsWith("Capture comment:     Command: msim-cli fetch --uid 1 ü"),
                 first.left(80).constData());
        QVERIFY(first.endsWith("…"));
        QVERIFY(first.size() <= 65535 + 21);
        QVERIFY(QString::fromUtf8(first).toUtf8() == first); // whole characters only
        QCOMPARE(follow(cut, 0).second, server);

        auto mixed = std::make_shared<net::Transcript>();
        mixed->setWire({QHostAddress(QStringLiteral("::1")), 50000, QHostAddress::LocalHost, 143,
                        QStringLiteral("none"), 0});
        QVERIFY(!net::writeCapture(path(QStringLiteral("mixed.pcapng")),
                                   net::captureSources({mixed}), {}, &error));
        QVERIFY2(error.contains(QLatin1String("not both IPv4 or both IPv6")), qPrintable(error));
    }

    // serve --pcap: the built-in server's own record of every session above, each login's
    // arguments redacted, the overrun it sent there too. Read after the server stopped.
    void serverCapture()
    {
        m_server.terminate();
        QVERIFY(m_server.waitForFinished(15000));
        QCOMPARE(m_server.exitCode(), 0);
        const QString pcap = path(QStringLiteral("server.pcapng"));
        const QByteArray bytes = readFile(pcap);
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains(kPassword));
        const QList<QByteArray> syns = synComments(pcap);
        // kbQ194998OverSsl, plain, STARTTLS, the relay: each an emulated connection and msim's
        // own reference and \Seen connections.
        QVERIFY2(syns.size() >= 8, syns.join('\n').constData());
        QVERIFY2(syns.first().contains("imaps (implicit TLS, shown decrypted) from 127.0.0.1"),
                 syns.first().constData());
        const QList<QByteArray> requests = imapRequests(pcap, m_tlsPort);
        QVERIFY2(requests.contains("5 UID fetch 6 (UID RFC822.SIZE BODY[]<0.6144>)"),
                 requests.join('\n').constData());
        const auto [client, server] = follow(pcap, 0);
        QVERIFY2(client.contains(" login <redacted> <redacted>\r\n"), client.constData());
        const qsizetype at = server.indexOf("BODY[]<0> {6144}\r\n");
        QVERIFY(at > 0);
        // 6144 octets of literal, 1500 more, then the rest of the reply and its tagged OK, which
        // the client read as protocol octets.
        const QByteArray after = server.mid(at + 18 + 6144 + 1500, 40);
        QVERIFY2(after.startsWith(" FLAGS (\\Seen))\r\n5 OK Fetch completed\r\n"),
                 after.constData());
        const Run info = run(QStandardPaths::findExecutable(QStringLiteral("capinfos")),
                             {QStringLiteral("-k"), pcap});
        QVERIFY2(info.out.contains("profile exchange55-presp2"), info.out.constData());
        QVERIFY(info.out.contains("Credentials: the login arguments"));
    }
};

QTEST_GUILESS_MAIN(tst_Capture)
#include "tst_capture.moc"
