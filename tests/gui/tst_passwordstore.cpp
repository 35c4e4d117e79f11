// SPDX-License-Identifier: MIT
// PasswordStore: without a Secret Service (no D-Bus, as in CI) it says so and keeps passwords
// for the session only; with a keyring (run as "tst_passwordstore keyring" by with_keyring.sh,
// inside dbus-run-session with an unlocked gnome-keyring) the keyring keeps them for a new store.
#include "ui/PasswordStore.h"

#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <cstring>

using namespace msim;

namespace {

bool g_keyringMode = false;

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

} // namespace

class tst_PasswordStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (g_keyringMode)
            QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"),
                     "keyring mode runs inside dbus-run-session (with_keyring.sh)");
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
    // "keyring" selects the keyring mode and is not passed on to QTest.
    QList<char *> args;
    for (int i = 0; i < argc; ++i) {
        if (i > 0 && std::strcmp(argv[i], "keyring") == 0)
            g_keyringMode = true;
        else
            args << argv[i];
    }
    int count = int(args.size());
    args << nullptr;
    // Without "keyring": no session bus at all, however the test is started (ctest sets the
    // same), so a developer's own keyring is never touched and the fallback is what runs.
    if (!g_keyringMode)
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/msim-no-session-bus");
    QCoreApplication app(count, args.data());
    tst_PasswordStore test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, count, args.data());
}

#include "tst_passwordstore.moc"
