// SPDX-License-Identifier: MIT
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

// Runs the real `kumo cron` and checks what it prints and how it exits.
class TestCronVerb final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void run_data();
    void run();
};

void TestCronVerb::run_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("timeZone"); // TZ of the process: the default --tz
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out"); // exact stdout
    QTest::addColumn<QString>("err"); // a substring of stderr; empty means stderr must be empty

    const QString from = u"--from"_s;
    QTest::addRow("weekdays in Shanghai")
        << QStringList { u"next"_s, u"0 9 * * MON-FRI"_s, u"--tz"_s, u"Asia/Shanghai"_s, from,
               u"2026-11-27T00:00:00Z"_s, u"-n"_s, u"3"_s }
        << QByteArray("UTC") << 0 << u"2026-11-27T01:00:00Z\n2026-11-30T01:00:00Z\n2026-12-01T01:00:00Z\n"_s
        << QString();
    QTest::addRow("spring forward in New York, --from with an offset")
        << QStringList { u"next"_s, u"30 2 * * *"_s, u"--tz"_s, u"America/New_York"_s, from,
               u"2026-03-07T00:00:00-05:00"_s, u"-n"_s, u"3"_s }
        << QByteArray("UTC") << 0 << u"2026-03-07T07:30:00Z\n2026-03-08T07:00:00Z\n2026-03-09T06:30:00Z\n"_s
        << QString();
    QTest::addRow("default count is 5")
        << QStringList { u"next"_s, u"@hourly"_s, u"--tz"_s, u"UTC"_s, from, u"2026-01-01T00:00:00Z"_s }
        << QByteArray("UTC") << 0
        << u"2026-01-01T01:00:00Z\n2026-01-01T02:00:00Z\n2026-01-01T03:00:00Z\n2026-01-01T04:00:00Z\n"
           "2026-01-01T05:00:00Z\n"_s
        << QString();
    QTest::addRow("default zone is the system zone")
        << QStringList { u"next"_s, u"0 9 * * *"_s, from, u"2026-01-01T00:00:00Z"_s, u"-n"_s, u"1"_s }
        << QByteArray("Asia/Kolkata") << 0 << u"2026-01-01T03:30:00Z\n"_s << QString();
    QTest::addRow("unquoted fields") << QStringList { u"next"_s, u"0"_s, u"9"_s, u"*"_s, u"*"_s, u"MON-FRI"_s,
        u"--tz"_s, u"UTC"_s, from, u"2026-01-01T00:00:00Z"_s, u"-n"_s, u"1"_s }
                                     << QByteArray("UTC") << 0 << u"2026-01-01T09:00:00Z\n"_s << QString();
    QTest::addRow("fractional --from") << QStringList { u"next"_s, u"* * * * * *"_s, u"--tz"_s, u"UTC"_s,
        from, u"2026-01-01T00:00:00.999999Z"_s, u"-n"_s, u"1"_s }
                                       << QByteArray("UTC") << 0 << u"2026-01-01T00:00:01Z\n"_s << QString();
    QTest::addRow("never fires again")
        << QStringList { u"next"_s, u"0 0 30 2 *"_s, u"--tz"_s, u"UTC"_s, from, u"2026-01-01T00:00:00Z"_s }
        << QByteArray("UTC") << 1 << QString() << u"does not fire again"_s;
    QTest::addRow("invalid expression")
        << QStringList { u"next"_s, u"75 * * * *"_s, u"--tz"_s, u"UTC"_s } << QByteArray("UTC") << 2
        << QString() << u"minute: value 75 out of range 0-59"_s;
    QTest::addRow("wrong field count") << QStringList { u"next"_s, u"* * *"_s } << QByteArray("UTC") << 2
                                       << QString() << u"expected 5 or 6 fields, got 3"_s;
    QTest::addRow("missing expression")
        << QStringList { u"next"_s } << QByteArray("UTC") << 2 << QString() << u"missing cron expression"_s;
    QTest::addRow("unknown zone") << QStringList { u"next"_s, u"@daily"_s, u"--tz"_s, u"Mars/Olympus_Mons"_s }
                                  << QByteArray("UTC") << 2 << QString()
                                  << u"unknown time zone \"Mars/Olympus_Mons\""_s;
    QTest::addRow("count zero") << QStringList { u"next"_s, u"@daily"_s, u"-n"_s, u"0"_s }
                                << QByteArray("UTC") << 2 << QString()
                                << u"-n must be a whole number from 1 to 1000"_s;
    QTest::addRow("count too large") << QStringList { u"next"_s, u"@daily"_s, u"-n"_s, u"1001"_s }
                                     << QByteArray("UTC") << 2 << QString()
                                     << u"-n must be a whole number from 1 to 1000"_s;
    QTest::addRow("count not a number")
        << QStringList { u"next"_s, u"@daily"_s, u"-n"_s, u"five"_s } << QByteArray("UTC") << 2 << QString()
        << u"-n must be a whole number"_s;
    QTest::addRow("--from without offset")
        << QStringList { u"next"_s, u"@daily"_s, from, u"2026-01-01T00:00:00"_s } << QByteArray("UTC") << 2
        << QString() << u"--from needs an RFC 3339 instant with an offset"_s;
    QTest::addRow("--from not a date")
        << QStringList { u"next"_s, u"@daily"_s, from, u"2026-13-01T00:00:00Z"_s } << QByteArray("UTC") << 2
        << QString() << u"--from needs an RFC 3339 instant"_s;
    QTest::addRow("unknown option") << QStringList { u"next"_s, u"@daily"_s, u"--bogus"_s }
                                    << QByteArray("UTC") << 2 << QString() << u"Usage: kumo cron next"_s;
    QTest::addRow("help") << QStringList { u"--help"_s } << QByteArray("UTC") << 2 << QString()
                          << u"Usage: kumo cron next"_s;
    QTest::addRow("no sub-verb") << QStringList {} << QByteArray("UTC") << 2 << QString()
                                 << u"Usage: kumo cron next"_s;
    QTest::addRow("unknown sub-verb") << QStringList { u"prev"_s, u"@daily"_s } << QByteArray("UTC") << 2
                                      << QString() << u"unknown sub-verb \"prev\""_s;
}

void TestCronVerb::run()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, timeZone);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);

    QProcess kumo;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"TZ"_s, QString::fromLatin1(timeZone));
    kumo.setProcessEnvironment(environment);
    kumo.start(QStringLiteral(KUMO_BINARY), QStringList { u"cron"_s } + args);
    QVERIFY2(kumo.waitForFinished(30'000), qPrintable(kumo.errorString()));
    const QString stdoutText = QString::fromUtf8(kumo.readAllStandardOutput());
    const QString stderrText = QString::fromUtf8(kumo.readAllStandardError());

    QCOMPARE(kumo.exitStatus(), QProcess::NormalExit);
    QVERIFY2(kumo.exitCode() == exitCode,
        qPrintable(u"exit code %1, stderr: %2"_s.arg(kumo.exitCode()).arg(stderrText)));
    QCOMPARE(stdoutText, out);
    if (err.isEmpty())
        QCOMPARE(stderrText, QString());
    else
        QVERIFY2(stderrText.contains(err), qPrintable(u"stderr: "_s + stderrText));
}

QTEST_GUILESS_MAIN(TestCronVerb)
#include "tst_cronverb.moc"
