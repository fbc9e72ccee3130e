// SPDX-License-Identifier: MIT
#include "scheduling/trigger.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {
qint64 at(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
}
QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(text).object();
}
} // namespace

class TestTrigger final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void intervalFires_data();
    void intervalFires();
    void intervalJitterStaysInRangeAndOrder();
    void dateFiresOnce();
    void cronThroughTrigger();
    void invalidSpecsNameTheField_data();
    void invalidSpecsNameTheField();
    void instantWithoutOffsetIsWallTimeInTheZone();
};

void TestTrigger::intervalFires_data()
{
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<qint64>("after");
    QTest::addColumn<qint64>("expected"); // -1: none
    const QByteArray every5m = R"({"type":"interval","seconds":300,"start":"2026-01-01T00:00:00Z"})";
    QTest::addRow("before start") << every5m << at("2025-12-31T23:00:00Z") << at("2026-01-01T00:00:00Z");
    QTest::addRow("at start is exclusive")
        << every5m << at("2026-01-01T00:00:00Z") << at("2026-01-01T00:05:00Z");
    QTest::addRow("between") << every5m << at("2026-01-01T00:07:30Z") << at("2026-01-01T00:10:00Z");
    QTest::addRow("far later") << every5m << at("2026-03-01T10:02:00Z") << at("2026-03-01T10:05:00Z");
    const QByteArray bounded
        = R"({"type":"interval","seconds":60,"start":"2026-01-01T00:00:00Z","end":"2026-01-01T00:02:00Z"})";
    QTest::addRow("last before end") << bounded << at("2026-01-01T00:01:00Z") << at("2026-01-01T00:02:00Z");
    QTest::addRow("after end") << bounded << at("2026-01-01T00:02:00Z") << qint64(-1);
}

void TestTrigger::intervalFires()
{
    QFETCH(QByteArray, spec);
    QFETCH(qint64, after);
    QFETCH(qint64, expected);
    FieldErrors errors;
    const auto parsed = TriggerSpec::fromJson(json(spec.constData()), &errors);
    QVERIFY(parsed);
    const auto trigger = Trigger::create(*parsed);
    QVERIFY(trigger);
    QCOMPARE(trigger->nextFireAfter(after).value_or(-1), expected);
}

void TestTrigger::intervalJitterStaysInRangeAndOrder()
{
    const auto spec = TriggerSpec::fromJson(
        json(R"({"type":"interval","seconds":10,"jitterSeconds":10,"start":"2026-01-01T00:00:00Z"})"),
        nullptr);
    QVERIFY(spec);
    const auto trigger = Trigger::create(*spec);
    const qint64 start = at("2026-01-01T00:00:00Z");
    qint64 previous = start - 1;
    bool sawJitter = false;
    for (int k = 0; k < 1000; ++k) {
        const qint64 next = *trigger->nextFireAfter(previous);
        const qint64 nominal = start + qint64(k) * 10000;
        QVERIFY(next >= nominal && next < nominal + 10000);
        QVERIFY(next > previous);
        sawJitter |= next != nominal;
        QCOMPARE(*trigger->nextFireAfter(previous), next); // deterministic
        previous = next;
    }
    QVERIFY(sawJitter);
}

void TestTrigger::dateFiresOnce()
{
    const auto spec
        = TriggerSpec::fromJson(json(R"({"type":"date","at":"2026-12-01T09:00:00+08:00"})"), nullptr);
    QVERIFY(spec);
    const auto trigger = Trigger::create(*spec);
    QCOMPARE(trigger->nextFireAfter(at("2026-01-01T00:00:00Z")), at("2026-12-01T01:00:00Z"));
    QCOMPARE(trigger->nextFireAfter(at("2026-12-01T01:00:00Z")), std::nullopt);
}

void TestTrigger::cronThroughTrigger()
{
    const auto spec = TriggerSpec::fromJson(
        json(R"({"type":"cron","expression":"0 9 * * MON-FRI","timezone":"Asia/Shanghai"})"), nullptr);
    QVERIFY(spec);
    const auto trigger = Trigger::create(*spec);
    // Saturday 2026-11-28 → Monday 2026-11-30 09:00 Shanghai = 01:00 UTC.
    QCOMPARE(trigger->nextFireAfter(at("2026-11-28T12:00:00Z")), at("2026-11-30T01:00:00Z"));
}

void TestTrigger::invalidSpecsNameTheField_data()
{
    QTest::addColumn<QByteArray>("spec");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("message");
    QTest::addRow("unknown type") << QByteArray(R"({"type":"weekly"})") << u"trigger.type"_s << u"one of"_s;
    QTest::addRow("bad cron") << QByteArray(R"({"type":"cron","expression":"61 * * * *"})")
                              << u"trigger.expression"_s << u"minute"_s;
    QTest::addRow("missing cron") << QByteArray(R"({"type":"cron"})") << u"trigger.expression"_s
                                  << u"required"_s;
    QTest::addRow("unknown zone") << QByteArray(
        R"({"type":"cron","expression":"* * * * *","timezone":"Mars/Base"})")
                                  << u"trigger.timezone"_s << u"Mars/Base"_s;
    QTest::addRow("zero interval") << QByteArray(R"({"type":"interval","seconds":0})") << u"trigger.seconds"_s
                                   << u"whole number"_s;
    QTest::addRow("fractional interval")
        << QByteArray(R"({"type":"interval","seconds":1.5})") << u"trigger.seconds"_s << u"whole number"_s;
    QTest::addRow("string interval") << QByteArray(R"({"type":"interval","seconds":"60"})")
                                     << u"trigger.seconds"_s << u"whole number"_s;
    QTest::addRow("jitter above interval")
        << QByteArray(R"({"type":"interval","seconds":10,"jitterSeconds":11})") << u"trigger.jitterSeconds"_s
        << u"exceed"_s;
    QTest::addRow("end before start") << QByteArray(
        R"({"type":"interval","seconds":10,"start":"2026-01-02T00:00:00Z","end":"2026-01-01T00:00:00Z"})")
                                      << u"trigger.end"_s << u"after start"_s;
    QTest::addRow("bad date") << QByteArray(R"({"type":"date","at":"tomorrow"})") << u"trigger.at"_s
                              << u"RFC 3339"_s;
    QTest::addRow("missing date") << QByteArray(R"({"type":"date"})") << u"trigger.at"_s << u"required"_s;
}

void TestTrigger::invalidSpecsNameTheField()
{
    QFETCH(QByteArray, spec);
    QFETCH(QString, field);
    QFETCH(QString, message);
    FieldErrors errors;
    QVERIFY(!TriggerSpec::fromJson(json(spec.constData()), &errors));
    QVERIFY(!errors.isEmpty());
    QCOMPARE(errors.constFirst().field, field);
    QVERIFY2(errors.constFirst().message.contains(message), qPrintable(errors.constFirst().message));
}

void TestTrigger::instantWithoutOffsetIsWallTimeInTheZone()
{
    const auto spec = TriggerSpec::fromJson(
        json(R"({"type":"date","at":"2026-07-01T09:00:00","timezone":"Europe/Berlin"})"), nullptr);
    QVERIFY(spec);
    QCOMPARE(spec->atMs, at("2026-07-01T07:00:00Z"));
}

QTEST_GUILESS_MAIN(TestTrigger)
#include "tst_trigger.moc"
