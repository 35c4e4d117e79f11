// SPDX-License-Identifier: MIT
#include "ui/PasswordStore.h"

#include <qt6keychain/keychain.h>

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QMetaObject>

namespace msim::ui {

PasswordStore::PasswordStore(const QString &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{}

void PasswordStore::read(const QString &account,
                         std::function<void(std::optional<QByteArray>)> done)
{
    const auto cached = m_session.constFind(account);
    if (cached != m_session.constEnd() || !keyringUsable()) {
        std::optional<QByteArray> found;
        if (cached != m_session.constEnd())
            found = *cached;
        QMetaObject::invokeMethod(
            this, [done = std::move(done), found] { done(found); }, Qt::QueuedConnection);
        return;
    }
    // Not parented to this: libsecret keeps a pointer to the job until its callback, so the job
    // must outlive a store destroyed meanwhile; it deletes itself after finished().
    auto *job = new QKeychain::ReadPasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this,
            [this, account, done = std::move(done)](QKeychain::Job *j) {
                auto *readJob = static_cast<QKeychain::ReadPasswordJob *>(j);
                const bool failed =
                    jobFailed(j, Error::Read, QStringLiteral("read the password of %1").arg(account));
                std::optional<QByteArray> found;
                if (const auto cached = m_session.constFind(account);
                    cached != m_session.constEnd()) {
                    found = *cached; // written in this session while the job was out: newer
                } else if (!failed && j->error() == QKeychain::NoError) {
                    found = readJob->binaryData();
                    m_session.insert(account, *found);
                }
                done(found);
            });
    job->start();
}

void PasswordStore::write(const QString &account, const QByteArray &password,
                          std::function<void(bool)> done)
{
    m_session.insert(account, password);
    if (!keyringUsable()) {
        QMetaObject::invokeMethod(
            this, [done = std::move(done)] { done(false); }, Qt::QueuedConnection);
        return;
    }
    auto *job = new QKeychain::WritePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    job->setKey(account);
    job->setBinaryData(password);
    connect(job, &QKeychain::Job::finished, this,
            [this, account, done = std::move(done)](QKeychain::Job *j) {
                const bool failed =
                    jobFailed(j, Error::Write, QStringLiteral("store the password of %1").arg(account));
                done(!failed);
            });
    job->start();
}

void PasswordStore::remove(const QString &account)
{
    m_session.remove(account);
    if (!keyringUsable())
        return;
    auto *job = new QKeychain::DeletePasswordJob(m_service);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never a plain file
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [this, account](QKeychain::Job *j) {
        jobFailed(j, Error::Delete, QStringLiteral("delete the password of %1").arg(account));
    });
    job->start();
}

bool PasswordStore::jobFailed(QKeychain::Job *job, Error error, const QString &what)
{
    switch (job->error()) {
    case QKeychain::NoError:
    case QKeychain::EntryNotFound:
        return false;
    default:
        break;
    }
    // QtKeychain's error strings name the backend's problem (D-Bus, a locked collection), never
    // the secret itself.
    const QString why = job->errorString().isEmpty() ? QStringLiteral("error %1").arg(job->error())
                                                     : job->errorString();
    m_error = error;
    m_errorString = QStringLiteral("Could not %1 in the system keyring: %2").arg(what, why);
    enterSessionOnlyMode(m_errorString);
    Q_EMIT errorOccurred(error);
    return true;
}

bool PasswordStore::secretServiceRunning()
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    QDBusConnectionInterface *names = bus.isConnected() ? bus.interface() : nullptr;
    if (!names)
        return false;
    const QDBusReply<bool> registered =
        names->isServiceRegistered(QStringLiteral("org.freedesktop.secrets"));
    return registered.isValid() && registered.value();
}

bool PasswordStore::keyringUsable()
{
    if (!m_keyringAvailable)
        return false;
    if (secretServiceRunning())
        return true;
    m_errorString = QDBusConnection::sessionBus().isConnected()
                        ? QStringLiteral("No Secret Service (org.freedesktop.secrets) is running "
                                         "on the D-Bus session bus; msim does not start one.")
                        : QStringLiteral("There is no D-Bus session bus.");
    enterSessionOnlyMode(m_errorString);
    return false;
}

void PasswordStore::enterSessionOnlyMode(const QString &reason)
{
    if (!m_keyringAvailable)
        return;
    m_keyringAvailable = false;
    Q_EMIT message(QStringLiteral("No system keyring (Secret Service): passwords are kept for "
                                  "this session only. (%1)")
                       .arg(reason));
}

} // namespace msim::ui
