// SPDX-License-Identifier: MIT
// The session's silence deadline: restarting it moves the deadline without re-registering a
// timer, an earlier deadline is honoured, and a stopped deadline never expires.
#include "imap/SessionDeadline.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using msim::imap::SessionDeadline;

class tst_SessionDeadline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void expiresOnceAfterTheLastRestart()
    {
        SessionDeadline d;
        QSignalSpy spy(&d, &SessionDeadline::expired);
        QElapsedTimer clock;
        clock.start();
        d.start(40);
        qint64 restartedAt = -1;
        // Half-way, the deadline moves on (a read arrived): it must not expire at 40 ms.
        QTimer::singleShot(20, &d, [&] {
            restartedAt = clock.elapsed();
            d.start(80);
        });
        QVERIFY(spy.wait(5000));
        QVERIFY(restartedAt >= 0);
        QVERIFY2(clock.elapsed() >= restartedAt + 80, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(spy.count(), 1);
        QVERIFY(!d.isActive());
    }

    void anEarlierDeadlineIsHonoured()
    {
        SessionDeadline d;
        QSignalSpy spy(&d, &SessionDeadline::expired);
        QElapsedTimer clock;
        clock.start();
        d.start(60000);
        d.start(30); // a shorter timeout replaces the long one at once
        QVERIFY(spy.wait(5000));
        QVERIFY(clock.elapsed() < 60000);
        QVERIFY(clock.elapsed() >= 30);
    }

    void aStoppedDeadlineNeverExpires()
    {
        SessionDeadline d;
        QSignalSpy spy(&d, &SessionDeadline::expired);
        d.start(20);
        QVERIFY(d.isActive());
        d.stop();
        QVERIFY(!d.isActive());
        // A later deadline on another object shows the armed timer has fired by then.
        SessionDeadline later;
        QSignalSpy laterSpy(&later, &SessionDeadline::expired);
        later.start(60);
        QVERIFY(laterSpy.wait(5000));
        QCOMPARE(spy.count(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_SessionDeadline)
#include "tst_sessiondeadline.moc"
