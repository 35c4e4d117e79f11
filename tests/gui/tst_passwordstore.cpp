// SPDX-License-Identifier: MIT
// PasswordStore: without a Secret Service (no D-Bus, as in CI; or, run as "tst_passwordstore
// nosecrets" inside dbus-run-session, a bus where none is running — and none may be started) it
// says so and keeps passwords for the session only; with a keyring (run as "tst_passwordstore
// keyring" by with_keyring.sh, inside dbus-run-session with an unlocked gnome-keyring) the
// keyring keeps them for a new store. AccountPasswords: the keyring only for an account whose
// "remember" is ticked, unticking deletes the keyring's copy, and a password is handed out only
// after its keyring write answered.
#include "ui/AccountPasswords.h"
#include "ui/PasswordStore.h"

#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <cstring>

using namespace msim;

namespace {

enum class Mode { NoBus, NoSecrets, Keyring };
Mode g_mode = Mode::NoBus;
bool g_keyringMode = false;

bool secretsRegistered()
{
    const QDBusConnection bus = QDBusConnection::sessionBus();
    return bus.isConnected() &&
           bus.interface()->isServiceRegistered(QStringLiteral("org.freedesktop.secrets")).value();
}

// A fresh store (empty session cache) finds `account`'s password in the keyring; polls, since
// keyring writes and deletes are asynchronous.
bool keyringHas(const QString &account, const QByteArray &password);

// Runs read() and waits for its callback.
struct ReadResult
{
    bool called = false;
    std::optional<QByteArray> password;
};

ReadResult readNow(ui::PasswordStore &store, const QString &account)
{
    auto result = std::make_shared<ReadResult>();
    store.read(account, [result](std::optional<QByteArray> p) {
        result->called = true;
        result->password = std::move(p);
    });
    if (!QTest::qWaitFor([&] { return result->called; }, 60000))
        qWarning("read() never called back");
    return *result;
}

std::optional<bool> writeNow(ui::PasswordStore &store, const QString &account,
                             const QByteArray &password)
{
    auto result = std::make_shared<std::optional<bool>>();
    store.write(account, password, [result](bool inKeyring) { *result = inKeyring; });
    if (!QTest::qWaitFor([&] { return result->has_value(); }, 60000))
        qWarning("write() never called back");
    return *result;
}

QString uniqueAccount()
{
    return QStringLiteral("test@127.0.0.1:%1")
        .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
}

bool keyringHas(const QString &account, const QByteArray &password)
{
    ui::PasswordStore store(QStringLiteral("msim"));
    const ReadResult r = readNow(store, account);
    if (!store.keyringAvailable())
        qWarning("keyring: %s", qPrintable(store.errorString()));
    return r.password && *r.password == password;
}

// Waits until the keyring's answer about `account` is `has` (deletes and writes land later).
bool keyringSettles(const QString &account, const QByteArray &password, bool has)
{
    for (int i = 0; i < 50; ++i) {
        if (keyringHas(account, password) == has)
            return true;
    }
    return false;
}

ui::Account account(bool remember)
{
    ui::Account a;
    a.id = uniqueAccount();
    a.user = QStringLiteral("test");
    a.rememberPassword = remember;
    return a;
}

} // namespace

class tst_PasswordStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (g_mode != Mode::NoBus)
            QVERIFY2(QDBusConnection::sessionBus().isConnected(),
                     "keyring and nosecrets modes run inside dbus-run-session");
        QCOMPARE(secretsRegistered(), g_mode == Mode::Keyring);
    }

    // The sentence the user sees without a running Secret Service, and that nothing started one.
    void noSecretServiceMeansSessionOnly()
    {
        if (g_keyringMode)
            QSKIP("a keyring is running");
        ui::PasswordStore store(QStringLiteral("msim-tests"));
        QSignalSpy messages(&store, &ui::PasswordStore::message);
        QVERIFY(!ui::PasswordStore::secretServiceRunning());
        const QString account = uniqueAccount();
        QVERIFY(writeNow(store, account, "pw") == std::optional<bool>(false));
        QCOMPARE(messages.size(), 1);
        const QString noBus = QStringLiteral("There is no D-Bus session bus.");
        const QString noService =
            QStringLiteral("No Secret Service (org.freedesktop.secrets) is running on the D-Bus "
                           "session bus; msim does not start one.");
        const QString said = QStringLiteral("No system keyring (Secret Service): passwords are "
                                            "kept for this session only. (%1)")
                                 .arg(g_mode == Mode::NoBus ? noBus : noService);
        QCOMPARE(messages.first().first().toString(), said);
        QCOMPARE(store.errorString(), g_mode == Mode::NoBus ? noBus : noService);
        QCOMPARE(store.error(), ui::PasswordStore::Error::None); // nothing failed: none was tried
        // Never activated: a Secret Service is still not running on this bus.
        store.remove(account);
        QVERIFY(!readNow(store, account).password);
        QCOMPARE(secretsRegistered(), false);
    }

    // A password is handed out only after its keyring write answered, so no connection (and no
    // certificate dialog) starts while the keyring may be asking the user something.
    void getWaitsForTheKeyringWrite()
    {
        ui::AccountPasswords passwords(nullptr, nullptr);
        const ui::Account a = account(true);
        QStringList order;
        passwords.set(a.id, "pw", true, [&](bool) { order << QStringLiteral("stored"); });
        passwords.get(a, [&](std::optional<QByteArray> pw) {
            order << QStringLiteral("got ") + QString::fromUtf8(pw.value_or("none"));
        });
        QTRY_COMPARE_WITH_TIMEOUT(order.size(), 2, 60000);
        QCOMPARE(order, (QStringList{QStringLiteral("stored"), QStringLiteral("got pw")}));
        passwords.forget(a);
    }

    // The keyring only when "remember" is ticked; unticking deletes its copy.
    void keyringOnlyWhenRemembered()
    {
        if (!g_keyringMode)
            QSKIP("run as 'tst_passwordstore keyring' under with_keyring.sh");
        ui::AccountPasswords passwords(nullptr, nullptr);
        QSignalSpy said(&passwords, &ui::AccountPasswords::message);

        // Not ticked: kept for the session, never written to the keyring.
        ui::Account a = account(false);
        bool stored = false;
        passwords.set(a.id, "not-kept", false, [&](bool) { stored = true; });
        QVERIFY(!keyringHas(a.id, "not-kept"));
        QVERIFY(!stored); // not even tried
        std::optional<QByteArray> got;
        passwords.get(a, [&](std::optional<QByteArray> pw) { got = pw; });
        QCOMPARE(got.value_or("none"), QByteArray("not-kept")); // the session's, no dialog

        // Ticked later (Edit account, no password typed): this session's goes to the keyring.
        a.rememberPassword = true;
        passwords.update(a, false, {});
        QTRY_COMPARE_WITH_TIMEOUT(said.size(), 1, 60000);
        QCOMPARE(said.first().first().toString(),
                 QStringLiteral("The password is kept in the system keyring"));
        QVERIFY(keyringHas(a.id, "not-kept"));

        // Unticked: the keyring's copy goes; the session keeps it.
        a.rememberPassword = false;
        passwords.update(a, true, {});
        QVERIFY(keyringSettles(a.id, "not-kept", false));
        got.reset();
        passwords.get(a, [&](std::optional<QByteArray> pw) { got = pw; });
        QCOMPARE(got.value_or("none"), QByteArray("not-kept"));

        // Ticked in the Add account dialog: written at once.
        const ui::Account b = account(true);
        bool inKeyring = false;
        passwords.set(b.id, "kept", true, [&](bool ok) { inKeyring = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(inKeyring, 60000);
        QVERIFY(keyringHas(b.id, "kept"));
        passwords.forget(b);
        QVERIFY(keyringSettles(b.id, "kept", false));
    }

    void callbacksAreAsynchronous()
    {
        ui::PasswordStore store(QStringLiteral("msim-tests"));
        const QString account = uniqueAccount();
        bool called = false;
        store.write(account, "pw", [&](bool) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY_WITH_TIMEOUT(called, 60000);
        called = false;
        store.read(account, [&](std::optional<QByteArray>) { called = true; });
        QVERIFY(!called); // even from the session cache
        QTRY_VERIFY(called);
        store.remove(account);
    }

    void sessionOnlyWithoutKeyring()
    {
        if (g_keyringMode)
            QSKIP("a keyring is running");
        ui::PasswordStore store(QStringLiteral("msim-tests"));
        QSignalSpy messages(&store, &ui::PasswordStore::message);
        QVERIFY(store.keyringAvailable()); // until it has tried
        const QString account = uniqueAccount();
        const QByteArray password = "s3cret-\xc3\xa9\x01";

        // Nothing anywhere yet: the keyring fails at once, the store says so.
        const ReadResult missing = readNow(store, account);
        QVERIFY(missing.called);
        QVERIFY(!missing.password);
        QVERIFY(!store.keyringAvailable());
        QVERIFY(!store.errorString().isEmpty());
        QCOMPARE(messages.size(), 1);
        const QString text = messages.first().first().toString();
        QVERIFY2(text.contains(QStringLiteral("this session only")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("keyring")), qPrintable(text));

        // Kept for the session.
        const std::optional<bool> stored = writeNow(store, account, password);
        QVERIFY(stored.has_value());
        QCOMPARE(*stored, false);
        const ReadResult back = readNow(store, account);
        QVERIFY(back.password);
        QCOMPARE(*back.password, password);
        QCOMPARE(messages.size(), 1); // said once

        // No password in anything the store says.
        for (const QList<QVariant> &m : std::as_const(messages))
            QVERIFY(!m.first().toString().contains(QString::fromUtf8(password)));
        QVERIFY(!store.errorString().contains(QString::fromUtf8(password)));

        store.remove(account);
        QVERIFY(!readNow(store, account).password);

        // Session only means this store: a new one knows nothing of it.
        ui::PasswordStore other(QStringLiteral("msim-tests"));
        store.write(account, password, [](bool) {});
        QVERIFY(!readNow(other, account).password);
    }

    void writeFailureFallsBack()
    {
        if (g_keyringMode)
            QSKIP("a keyring is running");
        // A write is the first thing the store tries: it still reports false and keeps it.
        ui::PasswordStore store(QStringLiteral("msim-tests"));
        QSignalSpy messages(&store, &ui::PasswordStore::message);
        const QString account = uniqueAccount();
        const std::optional<bool> stored = writeNow(store, account, "pw");
        QVERIFY(stored.has_value());
        QCOMPARE(*stored, false);
        QVERIFY(!store.keyringAvailable());
        QCOMPARE(messages.size(), 1);
        QCOMPARE(readNow(store, account).password.value_or(QByteArray()), QByteArray("pw"));
    }

    void keyringRoundTrip()
    {
        if (!g_keyringMode)
            QSKIP("run as 'tst_passwordstore keyring' under with_keyring.sh");
        const QString account = uniqueAccount();
        const QByteArray password = "k3yring-\xc3\xa9\x01 secret";
        {
            ui::PasswordStore store(QStringLiteral("msim-tests"));
            QSignalSpy messages(&store, &ui::PasswordStore::message);
            QVERIFY(!readNow(store, account).password); // EntryNotFound is no failure
            QVERIFY2(store.keyringAvailable(), qPrintable(store.errorString()));
            const std::optional<bool> stored = writeNow(store, account, password);
            QVERIFY(stored.has_value());
            QVERIFY2(*stored, qPrintable(store.errorString()));
            QVERIFY(store.keyringAvailable());
            QCOMPARE(messages.size(), 0);
        }
        {
            // A new store has an empty session cache: this comes from the keyring.
            ui::PasswordStore store(QStringLiteral("msim-tests"));
            const ReadResult back = readNow(store, account);
            QVERIFY2(store.keyringAvailable(), qPrintable(store.errorString()));
            QVERIFY(back.password);
            QCOMPARE(*back.password, password);
            // Another service does not see it.
            ui::PasswordStore otherService(QStringLiteral("msim-tests-other"));
            QVERIFY(!readNow(otherService, account).password);
            QVERIFY(otherService.keyringAvailable());
            store.remove(account);
        }
        // remove() is asynchronous: new stores (empty caches) ask the keyring until it is gone.
        bool gone = false;
        for (int i = 0; i < 50 && !gone; ++i) {
            ui::PasswordStore store(QStringLiteral("msim-tests"));
            gone = !readNow(store, account).password;
            QVERIFY2(store.keyringAvailable(), qPrintable(store.errorString()));
        }
        QVERIFY(gone);
    }
};

int main(int argc, char **argv)
{
    // "keyring" and "nosecrets" select those modes and are not passed on to QTest.
    QList<char *> args;
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && std::strcmp(argv[i], "keyring") == 0)
            g_mode = Mode::Keyring;
        else if (i > 0 && std::strcmp(argv[i], "nosecrets") == 0)
            g_mode = Mode::NoSecrets;
        else
            args << argv[i];
    }
    g_keyringMode = g_mode == Mode::Keyring;
    int count = int(args.size());
    args << nullptr;
    // Without a mode: no session bus at all, however the test is started (ctest sets the
    // same), so a developer's own keyring is never touched and the fallback is what runs.
    if (g_mode == Mode::NoBus)
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/msim-no-session-bus");
    QCoreApplication app(count, args.data());
    tst_PasswordStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, count, args.data());
}

#include "tst_passwordstore.moc"
