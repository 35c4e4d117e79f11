// SPDX-License-Identifier: MIT
#include "CaseOptions.h"

#include "CliCommon.h"

#include "net/TlsPolicy.h"
#include "prefs/Presets.h"

#include <QFile>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

namespace msim::cli {

namespace {

bool port(const Invocation &in, const char *option, quint16 &out, QString *error)
{
    if (!in.isSet(option))
        return true;
    bool ok = false;
    const uint v = in.value(option).toUInt(&ok);
    if (!ok || v == 0 || v > 65535) {
        *error = QStringLiteral("--%1 must be a number from 1 to 65535, not '%2'")
                     .arg(QString::fromLatin1(option), in.value(option));
        return false;
    }
    out = quint16(v);
    return true;
}

QByteArray promptPassword(const QString &user, const QString &host)
{
    if (!::isatty(STDIN_FILENO))
        return {};
    err() << "Password for " << user << '@' << host << ": ";
    err().flush();
    termios old{};
    const bool tty = ::tcgetattr(STDIN_FILENO, &old) == 0;
    if (tty) {
        termios quiet = old;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QByteArray line;
    for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar())
        line += char(c);
    if (tty)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
    err() << '\n';
    err().flush();
    if (line.endsWith('\r'))
        line.chop(1);
    return line.isEmpty() ? QByteArray(1, '\0') : line; // "\0": asked, and empty
}

bool connection(const Invocation &in, scenario::Scenario::Server &s, double &timeoutSeconds,
                QString *error)
{
    s.builtIn = false;
    s.host = in.value("host");
    const auto security = net::parseSecurity(in.value("security"));
    if (!security) {
        *error = QStringLiteral("--security must be none, starttls or ssl, not '%1'")
                     .arg(in.value("security"));
        return false;
    }
    s.security = *security;
    if (!port(in, "port", s.port, error) || !port(in, "tls-port", s.tlsPort, error))
        return false;
    bool ok = false;
    const double timeout = in.value("timeout").toDouble(&ok);
    if (!ok || timeout <= 0 || timeout > 86400) {
        *error = QStringLiteral("--timeout must be a number of seconds, not '%1'")
                     .arg(in.value("timeout"));
        return false;
    }
    timeoutSeconds = timeout;
    s.tlsName = in.value("tls-name");
    s.caFile = in.value("ca-file");
    s.tlsLegacy = in.isSet("tls-legacy");
    for (const QString &pin : in.values("pin")) {
        QString why;
        if (!net::TlsPolicy::parsePin(pin, &why)) {
            *error = QStringLiteral("--pin: ") + why;
            return false;
        }
        s.pins << pin;
    }
    if (!in.isSet("user")) {
        *error = QStringLiteral("--user is required (the login name on the server)");
        return false;
    }
    s.user = in.value("user");
    return true;
}

} // namespace

bool scenarioFromOptions(const Invocation &in, scenario::Scenario &s, QString *error)
{
    s.client.preset = in.takes("preset") ? in.value("preset") : s.client.preset;
    s.client.prefsJs = in.value("prefs");
    for (const QString &set : in.values("set")) {
        const qsizetype eq = set.indexOf(u'=');
        QString why;
        if (eq < 0 && !prefs::Prefs().setFromText(set, &why)) { // says what NAME=VALUE is
            *error = QStringLiteral("--set %1: %2").arg(set, why);
            return false;
        }
        s.client.set.append({set.left(eq).trimmed(), set.mid(eq + 1)});
    }
    QString why;
    if (!prefs::Presets::make(s.client.preset, &why)) { // before the connection, as users expect
        *error = QStringLiteral("--preset: ") + why;
        return false;
    }
    if (!in.takes("host"))
        return true; // a client only (prefs)
    s.matrix = QLatin1String(in.command.name) == QLatin1String("matrix");
    if (!connection(in, s.server, s.timeoutSeconds, error))
        return false;
    for (const QString &u : in.values("uid")) {
        bool ok = false;
        const uint uid = u.toUInt(&ok);
        if (!ok || uid == 0) {
            *error = QStringLiteral("--uid must be a positive number, not '%1'").arg(u);
            return false;
        }
        s.uids.append(uid);
    }
    s.all = in.isSet("all");
    s.mailbox = in.value("mailbox");
    s.verify = !in.isSet("no-verify");
    s.keepSeen = in.isSet("keep-seen");
    s.referenceEml = in.value("reference-eml");
    if (QLatin1String(in.command.name) == QLatin1String("diagnose")) {
        if (s.uids.size() > 1) {
            *error = QStringLiteral("--uid names the one message to probe; give it once");
            return false;
        }
        return true;
    }
    if (s.matrix) {
        // --port is the plain/STARTTLS port of a matrix, whatever --security says (each cell
        // sets its own).
        s.server.plainPort = s.server.port ? s.server.port : 143;
        s.server.port = 0;
        if (s.uids.size() != 1) {
            *error = QStringLiteral("--uid N is required (one message)");
            return false;
        }
        if (in.isSet("chunk-sizes")) {
            for (const QString &text : in.value("chunk-sizes").split(u',')) {
                bool ok = false;
                const qint64 v = text.trimmed().toLongLong(&ok);
                if (!ok || v <= 0 || v > 2147483647) {
                    *error =
                        QStringLiteral("--chunk-sizes takes positive numbers, not '%1'").arg(text);
                    return false;
                }
                s.chunkSizes << v;
            }
        }
        return true;
    }
    if (s.all == !s.uids.isEmpty()) {
        *error = QStringLiteral("give either --uid N (repeatable) or --all");
        return false;
    }
    if (!s.referenceEml.isEmpty()) {
        if (!s.verify) {
            *error = QStringLiteral("--no-verify and --reference-eml exclude each other");
            return false;
        }
        if (s.all || s.uids.size() != 1) {
            *error = QStringLiteral("--reference-eml compares one message: give exactly one --uid");
            return false;
        }
    }
    return true;
}

bool passwordFromOptions(const Invocation &in, const QString &user, const QString &host,
                         QByteArray &password, QString *error)
{
    if (in.isSet("password-file")) {
        QFile f(in.value("password-file"));
        if (!f.open(QIODevice::ReadOnly)) {
            *error = QStringLiteral("cannot read the password file %1: %2")
                         .arg(f.fileName(), f.errorString());
            return false;
        }
        QByteArray pw = f.readAll();
        while (pw.endsWith('\n') || pw.endsWith('\r'))
            pw.chop(1);
        password = pw;
        return true;
    }
    if (qEnvironmentVariableIsSet("MSIM_PASSWORD")) {
        password = qgetenv("MSIM_PASSWORD");
        return true;
    }
    QByteArray pw = promptPassword(user, host);
    if (pw.isEmpty()) {
        *error = QStringLiteral("no password: set $MSIM_PASSWORD or use --password-file F "
                                "(there is no terminal to ask on)");
        return false;
    }
    if (pw == QByteArray(1, '\0'))
        pw.clear();
    password = pw;
    return true;
}

} // namespace msim::cli
