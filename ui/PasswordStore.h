// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

namespace QKeychain {
class Job;
}

namespace msim::ui {

// Where the desktop app keeps the IMAP password of each account (DESIGN.md §1): in the system
// keyring through QtKeychain (Secret Service, KWallet, ...), or, when there is no keyring (no
// D-Bus, no Secret Service, a refused unlock), for this session only: in memory, never in a
// file. The keyring is used only while a Secret Service (org.freedesktop.secrets) is already
// registered on the session bus: msim never has D-Bus start one (an activated keyring daemon
// asks for a new keyring's password over whatever window is up). Every operation is
// asynchronous (the keyring may prompt the user), and every callback runs later from the event
// loop, never inside the call. Passwords never appear in a message, an error or a log line;
// accounts may.
class PasswordStore : public QObject
{
    Q_OBJECT
public:
    // What the last failed keyring operation was (a missing entry is no failure).
    enum class Error { None, Read, Write, Delete };
    Q_ENUM(Error)

    explicit PasswordStore(const QString &service = QStringLiteral("msim"),
                           QObject *parent = nullptr);

    // The session cache first, then the keyring. `done` gets nullopt when neither has one.
    void read(const QString &account, std::function<void(std::optional<QByteArray> password)> done);
    // Kept for the session at once; `done` tells whether the keyring has it too.
    void write(const QString &account, const QByteArray &password,
               std::function<void(bool storedInKeyring)> done);
    // Forgets it for the session and deletes it from the keyring.
    void remove(const QString &account);

    bool keyringAvailable() const { return m_keyringAvailable; } // false: session-only mode
    // Whether a Secret Service is registered on the session bus now (false without a bus).
    // Asks the bus (NameHasOwner, synchronous, the bus's timeout) and never activates a service.
    static bool secretServiceRunning();
    Error error() const { return m_error; }
    // One sentence naming the operation, the account and the keyring's reason; never a password.
    QString errorString() const { return m_errorString; }
    QString service() const { return m_service; }

Q_SIGNALS:
    // One sentence for the status bar, e.g. that passwords are kept for this session only.
    void message(const QString &text);
    // A keyring operation failed (error(), errorString()); the store is session-only from now.
    void errorOccurred(msim::ui::PasswordStore::Error error);

private:
    // True when a finished job failed (a missing entry is no failure): then session-only mode.
    bool jobFailed(QKeychain::Job *job, Error error, const QString &what);
    void enterSessionOnlyMode(const QString &reason);
    // True while the keyring may be used: not session-only and a Secret Service running
    // (otherwise the store becomes session-only and says why).
    bool keyringUsable();

    QString m_service;
    QHash<QString, QByteArray> m_session; // memory only
    bool m_keyringAvailable = true;
    Error m_error = Error::None;
    QString m_errorString;
};

} // namespace msim::ui
