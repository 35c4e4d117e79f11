// SPDX-License-Identifier: MIT
#include "net/KeyLog.h"

#include "net/Logging.h"

#include <QFile>
#include <QMutex>

#include <openssl/crypto.h>
#include <openssl/ssl.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace msim::net {

namespace {

struct State
{
    QMutex mutex;
    int fd = -1;
    QString path;
    bool hooked = false;
    std::atomic<quint64> lines{0};
};

State &state()
{
    static State s;
    return s;
}

// OpenSSL hands every key log line without its line end.
void logLine(const SSL *, const char *line)
{
    if (!line)
        return;
    QByteArray out(line);
    out += '\n';
    State &s = state();
    QMutexLocker lock(&s.mutex);
    const int fd = s.fd;
    if (fd < 0)
        return;
    qsizetype done = 0;
    while (done < out.size()) {
        const ssize_t n = ::write(fd, out.constData() + done, size_t(out.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            qCWarning(lcNet) << "SSLKEYLOGFILE: write failed:" << std::strerror(errno);
            return;
        }
        done += n;
    }
    ++s.lines;
}

// Called by OpenSSL inside SSL_CTX_new for every context of the process, msim's and Qt's.
void onContextCreated(void *parent, void *, CRYPTO_EX_DATA *, int, long, void *)
{
    if (parent)
        SSL_CTX_set_keylog_callback(static_cast<SSL_CTX *>(parent), &logLine);
}

} // namespace

bool KeyLog::enableFromEnvironment(QString *warning, QString *error)
{
    const QString path = qEnvironmentVariable("SSLKEYLOGFILE");
    if (path.isEmpty())
        return true;
    return enable(path, warning, error);
}

bool KeyLog::enable(const QString &path, QString *warning, QString *error)
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    if (s.fd >= 0 && s.path == path) {
        if (warning)
            *warning = QStringLiteral("msim: SSLKEYLOGFILE is set: the TLS session keys of every "
                                      "connection are being written to %1")
                           .arg(path);
        return true;
    }
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (error)
            *error = QStringLiteral("SSLKEYLOGFILE: cannot open %1 for appending: %2")
                         .arg(path, QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (s.fd >= 0)
        ::close(s.fd);
    s.fd = fd;
    s.path = path;
    if (!s.hooked) {
        if (CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL_CTX, 0, nullptr, &onContextCreated, nullptr,
                                    nullptr) < 0) {
            if (error)
                *error = QStringLiteral("SSLKEYLOGFILE: OpenSSL refused the context hook");
            return false;
        }
        s.hooked = true;
    }
    if (warning)
        *warning = QStringLiteral("msim: SSLKEYLOGFILE is set: the TLS session keys of every "
                                  "connection are being written to %1")
                       .arg(path);
    return true;
}

QString KeyLog::path()
{
    State &s = state();
    QMutexLocker lock(&s.mutex);
    return s.path;
}

quint64 KeyLog::linesWritten()
{
    return state().lines.load();
}

} // namespace msim::net
