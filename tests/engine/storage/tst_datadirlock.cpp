// SPDX-License-Identifier: MIT
#include "storage/datadirlock.h"

#include <QCoreApplication>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestDataDirLock final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void secondHolderIsRefusedAndNamed();
    void releasedLockCanBeTakenAgain();
    void lockOfADeadProcessIsTakenOver();
};

void TestDataDirLock::secondHolderIsRefusedAndNamed()
{
    QTemporaryDir dir;
    DataDirLock first(dir.path());
    QVERIFY(first.tryLock());
    DataDirLock second(dir.path());
    QVERIFY(!second.tryLock());
    QCOMPARE(second.holderPid(), QCoreApplication::applicationPid());
    QVERIFY2(second.errorString().contains(u"pid %1"_s.arg(QCoreApplication::applicationPid())),
        qPrintable(second.errorString()));
}

void TestDataDirLock::releasedLockCanBeTakenAgain()
{
    QTemporaryDir dir;
    {
        DataDirLock first(dir.path());
        QVERIFY(first.tryLock());
    }
    DataDirLock again(dir.path());
    QVERIFY(again.tryLock());
}

void TestDataDirLock::lockOfADeadProcessIsTakenOver()
{
    QTemporaryDir dir;
    // QLockFile's format: pid, application name, host name — for a pid that cannot exist.
    QFile file(dir.filePath(u"kumo.lock"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("4194999\nkumo\n" + QSysInfo::machineHostName().toUtf8() + "\n");
    file.close();
    DataDirLock lock(dir.path());
    QVERIFY2(lock.tryLock(), qPrintable(lock.errorString()));
}

QTEST_GUILESS_MAIN(TestDataDirLock)
#include "tst_datadirlock.moc"
