// SPDX-License-Identifier: MIT
#include "core/timeformat.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;
using namespace Kumo;

class TestTimeFormat final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void format_data();
    void format();
    void formatAgreesWithQt();
    void parse_data();
    void parse();
};

void TestTimeFormat::format_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("text");
    QTest::addRow("epoch") << qint64(0) << u"1970-01-01T00:00:00Z"_s;
    QTest::addRow("millis") << qint64(1'764'342'245'123) << u"2025-11-28T15:04:05.123Z"_s;
    QTest::addRow("leap day") << qint64(1'709'164'800'000) << u"2024-02-29T00:00:00Z"_s;
    QTest::addRow("before 1970") << qint64(-1) << u"1969-12-31T23:59:59.999Z"_s;
    QTest::addRow("2000-03-01") << qint64(951'868'800'000) << u"2000-03-01T00:00:00Z"_s;
    QTest::addRow("end of 9999") << qint64(253'402'300'799'000) << u"9999-12-31T23:59:59Z"_s;
}

void TestTimeFormat::format()
{
    QFETCH(qint64, ms);
    QFETCH(QString, text);
    QCOMPARE(toRfc3339(ms), text);
}

void TestTimeFormat::formatAgreesWithQt()
{
    QRandomGenerator random(20261128);
    for (int i = 0; i < 20000; ++i) {
        const qint64 ms
            = qint64(random.bounded(Q_INT64_C(253'402'300'799'999) + Q_INT64_C(62'135'596'800'000)))
            - Q_INT64_C(62'135'596'800'000) / 2;
        const QDateTime dt = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
        const QString expected = dt.toString(ms % 1000 ? Qt::ISODateWithMs : Qt::ISODate);
        QCOMPARE(toRfc3339(ms), expected);
    }
}

void TestTimeFormat::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("ms"); // -1: refused
    QTest::addRow("Z") << u"2026-11-28T09:00:00Z"_s << qint64(1'795'856'400'000);
    QTest::addRow("offset") << u"2026-11-28T17:00:00+08:00"_s << qint64(1'795'856'400'000);
    QTest::addRow("millis") << u"1970-01-01T00:00:00.5Z"_s << qint64(500);
    QTest::addRow("no offset") << u"2026-11-28T09:00:00"_s << qint64(-1);
    QTest::addRow("date only") << u"2026-11-28"_s << qint64(-1);
    QTest::addRow("garbage") << u"yesterday"_s << qint64(-1);
    QTest::addRow("month 13") << u"2026-13-01T00:00:00Z"_s << qint64(-1);
}

void TestTimeFormat::parse()
{
    QFETCH(QString, text);
    QFETCH(qint64, ms);
    const std::optional<qint64> parsed = parseRfc3339(text);
    if (ms < 0)
        QVERIFY(!parsed);
    else
        QCOMPARE(parsed, std::optional<qint64>(ms));
}

QTEST_GUILESS_MAIN(TestTimeFormat)
#include "tst_timeformat.moc"
