// SPDX-License-Identifier: MIT
#include "scheduling/cronexpression.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

#include <vector>

using namespace Qt::StringLiterals;
using Kumo::CronExpression;

namespace {

QDateTime utc(const QString &iso)
{
    const QDateTime parsed = QDateTime::fromString(iso, Qt::ISODateWithMs);
    Q_ASSERT(parsed.isValid());
    return parsed.toUTC();
}

QString iso(const QDateTime &instant)
{
    return instant.isValid() ? instant.toUTC().toString(Qt::ISODate) : u"(none)"_s;
}

CronExpression parsed(const QString &text)
{
    const auto result = CronExpression::parse(text);
    if (!result.ok())
        qFatal("cannot parse \"%s\": %s", qPrintable(text), qPrintable(result.error));
    return *result.expression;
}

// The next fire times, chained: each one strictly after the previous.
QStringList nextFires(const QString &expression, const QString &after, const QTimeZone &zone, qsizetype count)
{
    const CronExpression cron = parsed(expression);
    QStringList fires;
    QDateTime cursor = utc(after);
    for (qsizetype i = 0; i < count; ++i) {
        cursor = cron.nextFireAfter(cursor, zone);
        fires << iso(cursor);
        if (!cursor.isValid())
            break;
    }
    return fires;
}

} // namespace

class TestCronExpression final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseErrors_data();
    void parseErrors();
    void parseAccepts_data();
    void parseAccepts();
    void nextFireUtc_data();
    void nextFireUtc();
    void neverMatches_data();
    void neverMatches();
    void strictlyAfter();
    void invalidInput();
    void dst_data();
    void dst();
    void dstAgainstBruteForce();
    void performance();
};

void TestCronExpression::parseErrors_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("error");

    const auto row = [](const QString &expression, const QString &error) {
        QTest::addRow("%s", qPrintable(expression.isEmpty() ? u"(empty)"_s : expression))
            << expression << error;
    };
    row(u""_s, u"expression is empty"_s);
    row(u"   "_s, u"expression is empty"_s);
    row(u"* * *"_s, u"expected 5 or 6 fields, got 3"_s);
    row(u"* * * * * * *"_s, u"expected 5 or 6 fields, got 7"_s);
    row(u"75 * * * *"_s, u"minute: value 75 out of range 0-59"_s);
    row(u"60 * * * * *"_s, u"second: value 60 out of range 0-59"_s);
    row(u"* 24 * * *"_s, u"hour: value 24 out of range 0-23"_s);
    row(u"0 0 0 * *"_s, u"day-of-month: value 0 out of range 1-31"_s);
    row(u"0 0 32 * *"_s, u"day-of-month: value 32 out of range 1-31"_s);
    row(u"0 0 * 13 *"_s, u"month: value 13 out of range 1-12"_s);
    row(u"0 0 * 0 *"_s, u"month: value 0 out of range 1-12"_s);
    row(u"0 0 * * 8"_s, u"day-of-week: value 8 out of range 0-7"_s);
    row(u"0 0 * * 0-8"_s, u"day-of-week: value 8 out of range 0-7"_s);
    row(u"99999999999 * * * *"_s, u"minute: value 99999999999 out of range 0-59"_s);
    row(u"0 0 * * FRX"_s, u"day-of-week: unknown name \"FRX\""_s);
    row(u"0 0 * * MONDAY"_s, u"day-of-week: unknown name \"MONDAY\""_s);
    row(u"0 0 * FOO *"_s, u"month: unknown name \"FOO\""_s);
    row(u"0 0 * JAN-FRI *"_s, u"month: unknown name \"FRI\""_s);
    row(u"0 0 * * JAN"_s, u"day-of-week: unknown name \"JAN\""_s);
    row(u"MON * * * *"_s, u"minute: invalid value \"MON\""_s);
    row(u"1.5 * * * *"_s, u"minute: invalid value \"1.5\""_s);
    row(u"+5 * * * *"_s, u"minute: invalid value \"+5\""_s);
    row(u"L * * * *"_s, u"minute: invalid value \"L\""_s);
    row(u"0 0 */0 * *"_s, u"day-of-month: step must be positive"_s);
    row(u"1-5/0 * * * *"_s, u"minute: step must be positive"_s);
    row(u"*/ * * * *"_s, u"minute: missing step after \"/\""_s);
    row(u"*/x * * * *"_s, u"minute: invalid step \"x\""_s);
    row(u"*/-2 * * * *"_s, u"minute: invalid step \"-2\""_s);
    row(u"*/61 * * * *"_s, u"minute: step 61 out of range 1-60"_s);
    row(u"/5 * * * *"_s, u"minute: missing start before \"/\""_s);
    row(u"1/2/3 * * * *"_s, u"minute: invalid step \"2/3\""_s);
    row(u"1,,2 * * * *"_s, u"minute: empty list item"_s);
    row(u"1, * * * *"_s, u"minute: empty list item"_s);
    row(u",1 * * * *"_s, u"minute: empty list item"_s);
    row(u"20-10 * * * *"_s, u"minute: range \"20-10\" is reversed"_s);
    row(u"0 0 * * FRI-MON"_s, u"day-of-week: range \"FRI-MON\" is reversed"_s);
    row(u"0 0 * DEC-JAN *"_s, u"month: range \"DEC-JAN\" is reversed"_s);
    row(u"-5 * * * *"_s, u"minute: invalid range \"-5\""_s);
    row(u"5- * * * *"_s, u"minute: invalid range \"5-\""_s);
    row(u"1-5-9 * * * *"_s, u"minute: invalid range \"1-5-9\""_s);
    row(u"0 0 1-5W * *"_s, u"day-of-month: W needs a single day before it"_s);
    row(u"0 0 */2W * *"_s, u"day-of-month: W needs a single day before it"_s);
    row(u"0 0 W * *"_s, u"day-of-month: W needs a single day before it"_s);
    row(u"0 0 32W * *"_s, u"day-of-month: value 32 out of range 1-31"_s);
    row(u"0 0 L-31 * *"_s, u"day-of-month: offset 31 in \"L-31\" out of range 0-30"_s);
    row(u"0 0 L-x * *"_s, u"day-of-month: invalid offset in \"L-x\""_s);
    row(u"0 0 L/2 * *"_s, u"day-of-month: invalid use of L or W in \"L/2\""_s);
    row(u"0 0 5L * *"_s, u"day-of-month: invalid use of L or W in \"5L\""_s);
    row(u"0 0 * * 5#6"_s, u"day-of-week: occurrence \"6\" in \"5#6\" out of range 1-5"_s);
    row(u"0 0 * * 5#0"_s, u"day-of-week: occurrence \"0\" in \"5#0\" out of range 1-5"_s);
    row(u"0 0 * * 5#"_s, u"day-of-week: occurrence \"\" in \"5#\" out of range 1-5"_s);
    row(u"0 0 * * 1-5#2"_s, u"day-of-week: # needs a single day before it"_s);
    row(u"0 0 * * 9#2"_s, u"day-of-week: value 9 out of range 0-7"_s);
    row(u"0 0 * * L"_s, u"day-of-week: L needs a day before it"_s);
    row(u"0 0 * * 1-5L"_s, u"day-of-week: L needs a single day before it"_s);
    row(u"0 0 * * 8L"_s, u"day-of-week: value 8 out of range 0-7"_s);
    row(u"0 ? * * *"_s, u"hour: \"?\" is only allowed in day-of-month and day-of-week"_s);
    row(u"0 0 ?/2 * *"_s, u"day-of-month: \"?\" cannot take a step"_s);
    // Six fields are seconds first, not a trailing year.
    row(u"0 0 1 1 * 2026"_s, u"day-of-week: value 2026 out of range 0-7"_s);
    row(u"@reboot"_s, u"@reboot is not supported"_s);
    row(u"@fortnightly"_s, u"unknown macro \"@fortnightly\""_s);
    row(u"@daily 5"_s, u"a macro stands alone"_s);
}

void TestCronExpression::parseErrors()
{
    QFETCH(QString, expression);
    QFETCH(QString, error);
    const auto result = CronExpression::parse(expression);
    QVERIFY2(!result.ok(), qPrintable(u"accepted: "_s + expression));
    QVERIFY2(result.error.contains(error), qPrintable(u"error was: "_s + result.error));
}

void TestCronExpression::parseAccepts_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("hasSeconds");

    QTest::addRow("spaces") << u"  */5\t*  * * *  "_s << u"*/5 * * * *"_s << false;
    QTest::addRow("names") << u"0 9 * jan-Mar mon-fri"_s << u"0 9 * JAN-MAR MON-FRI"_s << false;
    QTest::addRow("seconds") << u"*/10 0 9 * * *"_s << u"*/10 0 9 * * *"_s << true;
    QTest::addRow("specials") << u"0 0 l,lw,15w,L-2 * *"_s << u"0 0 L,LW,15W,L-2 * *"_s << false;
    QTest::addRow("nth") << u"0 0 ? * fri#3,1L,sunL"_s << u"0 0 ? * FRI#3,1L,SUNL"_s << false;
    QTest::addRow("sunday 7") << u"0 0 * * 5-7"_s << u"0 0 * * 5-7"_s << false;
    QTest::addRow("sunday end") << u"0 0 * * FRI-SUN"_s << u"0 0 * * FRI-SUN"_s << false;
    QTest::addRow("macro") << u" @Daily "_s << u"@Daily"_s << false;
    QTest::addRow("annually") << u"@annually"_s << u"@annually"_s << false;
}

void TestCronExpression::parseAccepts()
{
    QFETCH(QString, expression);
    QFETCH(QString, text);
    QFETCH(bool, hasSeconds);
    const auto result = CronExpression::parse(expression);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QVERIFY(result.error.isEmpty());
    QCOMPARE(result.expression->text(), text);
    QCOMPARE(result.expression->hasSeconds(), hasSeconds);
}

void TestCronExpression::nextFireUtc_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QStringList>("fires");

    // 2026-01-01 is a Thursday.
    const auto row
        = [](const char *name, const QString &expression, const QString &after, const QStringList &fires) {
              QTest::addRow("%s", name) << expression << after << fires;
          };
    row("every minute", u"* * * * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-01T00:01:00Z"_s, u"2026-01-01T00:02:00Z"_s });
    row("every 15 minutes", u"*/15 * * * *"_s, u"2026-01-01T00:07:00Z"_s,
        { u"2026-01-01T00:15:00Z"_s, u"2026-01-01T00:30:00Z"_s, u"2026-01-01T00:45:00Z"_s,
            u"2026-01-01T01:00:00Z"_s });
    row("range with step", u"10-40/15 * * * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-01T00:10:00Z"_s, u"2026-01-01T00:25:00Z"_s, u"2026-01-01T00:40:00Z"_s,
            u"2026-01-01T01:10:00Z"_s });
    row("start with step", u"7/20 * * * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-01T00:07:00Z"_s, u"2026-01-01T00:27:00Z"_s, u"2026-01-01T00:47:00Z"_s,
            u"2026-01-01T01:07:00Z"_s });
    row("list", u"0 0,12 * * *"_s, u"2026-01-01T06:00:00Z"_s,
        { u"2026-01-01T12:00:00Z"_s, u"2026-01-02T00:00:00Z"_s, u"2026-01-02T12:00:00Z"_s });
    row("hour range", u"0 9-11 * * *"_s, u"2026-01-01T10:30:00Z"_s,
        { u"2026-01-01T11:00:00Z"_s, u"2026-01-02T09:00:00Z"_s, u"2026-01-02T10:00:00Z"_s });
    row("mixed list", u"5,10-12,50/5 0 * * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-01T00:05:00Z"_s, u"2026-01-01T00:10:00Z"_s, u"2026-01-01T00:11:00Z"_s,
            u"2026-01-01T00:12:00Z"_s, u"2026-01-01T00:50:00Z"_s, u"2026-01-01T00:55:00Z"_s,
            u"2026-01-02T00:05:00Z"_s });
    row("weekdays by name", u"0 9 * * MON-FRI"_s, u"2026-01-01T10:00:00Z"_s,
        { u"2026-01-02T09:00:00Z"_s, u"2026-01-05T09:00:00Z"_s, u"2026-01-06T09:00:00Z"_s });
    row("weekday step", u"0 0 * * MON-FRI/2"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-02T00:00:00Z"_s, u"2026-01-05T00:00:00Z"_s, u"2026-01-07T00:00:00Z"_s,
            u"2026-01-09T00:00:00Z"_s });
    row("months by name, any case", u"0 0 1 jan,Jul *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-07-01T00:00:00Z"_s, u"2027-01-01T00:00:00Z"_s, u"2027-07-01T00:00:00Z"_s });
    row("month step", u"0 0 1 */4 *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-05-01T00:00:00Z"_s, u"2026-09-01T00:00:00Z"_s, u"2027-01-01T00:00:00Z"_s });
    row("sunday as 7", u"0 0 * * 7"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-04T00:00:00Z"_s, u"2026-01-11T00:00:00Z"_s });
    row("sunday as 0", u"0 0 * * 0"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-04T00:00:00Z"_s, u"2026-01-11T00:00:00Z"_s });
    row("range to SUN", u"0 0 * * FRI-SUN"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-02T00:00:00Z"_s, u"2026-01-03T00:00:00Z"_s, u"2026-01-04T00:00:00Z"_s,
            u"2026-01-09T00:00:00Z"_s });
    // dow ranges run to 7, so a step from Monday reaches Sunday, as in cronie and croniter.
    row("dow start with step", u"0 0 * * 1/3"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-04T00:00:00Z"_s, u"2026-01-05T00:00:00Z"_s, u"2026-01-08T00:00:00Z"_s });
    row("seconds field", u"*/20 * * * * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-01T00:00:20Z"_s, u"2026-01-01T00:00:40Z"_s, u"2026-01-01T00:01:00Z"_s });
    row("seconds fixed", u"30 0 12 * * *"_s, u"2026-01-01T12:00:30Z"_s,
        { u"2026-01-02T12:00:30Z"_s, u"2026-01-03T12:00:30Z"_s });
    row("last day", u"0 0 L * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-31T00:00:00Z"_s, u"2026-02-28T00:00:00Z"_s, u"2026-03-31T00:00:00Z"_s,
            u"2026-04-30T00:00:00Z"_s });
    row("last day of February, leap", u"0 0 L 2 *"_s, u"2027-03-01T00:00:00Z"_s,
        { u"2028-02-29T00:00:00Z"_s, u"2029-02-28T00:00:00Z"_s });
    row("L-3", u"0 0 L-3 * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-28T00:00:00Z"_s, u"2026-02-25T00:00:00Z"_s, u"2026-03-28T00:00:00Z"_s,
            u"2026-04-27T00:00:00Z"_s });
    row("L-0 and a day", u"0 0 1,L-0 * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-31T00:00:00Z"_s, u"2026-02-01T00:00:00Z"_s, u"2026-02-28T00:00:00Z"_s });
    // Jan 31 and Feb 28 2026 are Saturdays, May 31 a Sunday.
    row("last weekday", u"0 0 LW * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-30T00:00:00Z"_s, u"2026-02-27T00:00:00Z"_s, u"2026-03-31T00:00:00Z"_s,
            u"2026-04-30T00:00:00Z"_s, u"2026-05-29T00:00:00Z"_s });
    // 15 Feb and 15 Mar 2026 are Sundays, 15 Aug a Saturday.
    row("nearest weekday", u"0 0 15W * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-15T00:00:00Z"_s, u"2026-02-16T00:00:00Z"_s, u"2026-03-16T00:00:00Z"_s,
            u"2026-04-15T00:00:00Z"_s });
    row("15W on a Saturday", u"0 0 15W 8 *"_s, u"2026-01-01T00:00:00Z"_s, { u"2026-08-14T00:00:00Z"_s });
    // 1 Aug 2026 is a Saturday: the nearest weekday inside the month is Monday the 3rd.
    row("1W on a Saturday", u"0 0 1W * *"_s, u"2026-07-15T00:00:00Z"_s,
        { u"2026-08-03T00:00:00Z"_s, u"2026-09-01T00:00:00Z"_s });
    // 1 Feb and 1 Mar 2026 are Sundays.
    row("1W on a Sunday", u"0 0 1W * *"_s, u"2026-01-15T00:00:00Z"_s,
        { u"2026-02-02T00:00:00Z"_s, u"2026-03-02T00:00:00Z"_s, u"2026-04-01T00:00:00Z"_s });
    // 31 May 2026 is a Sunday: Friday the 29th; June has no 31st; 31 July is a Friday.
    row("31W on a Sunday", u"0 0 31W * *"_s, u"2026-05-01T00:00:00Z"_s,
        { u"2026-05-29T00:00:00Z"_s, u"2026-07-31T00:00:00Z"_s });
    row("last Friday", u"0 0 * * 5L"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-30T00:00:00Z"_s, u"2026-02-27T00:00:00Z"_s, u"2026-03-27T00:00:00Z"_s,
            u"2026-04-24T00:00:00Z"_s });
    row("last Sunday by name", u"0 0 * * SUNL"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-25T00:00:00Z"_s, u"2026-02-22T00:00:00Z"_s, u"2026-03-29T00:00:00Z"_s });
    row("last Sunday as 7L", u"0 0 * * 7L"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-25T00:00:00Z"_s, u"2026-02-22T00:00:00Z"_s });
    row("third Friday", u"0 0 * * 5#3"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-16T00:00:00Z"_s, u"2026-02-20T00:00:00Z"_s, u"2026-03-20T00:00:00Z"_s,
            u"2026-04-17T00:00:00Z"_s });
    row("fifth Monday", u"0 0 * * MON#5"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-03-30T00:00:00Z"_s, u"2026-06-29T00:00:00Z"_s });
    row("first Monday and last Friday", u"0 0 * * 1#1,5L"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-05T00:00:00Z"_s, u"2026-01-30T00:00:00Z"_s, u"2026-02-02T00:00:00Z"_s,
            u"2026-02-27T00:00:00Z"_s });
    // Leap years with 1 Feb on a Monday: 2044, 2072, then 2112 (2100 is not a leap year).
    row("fifth Monday of February, 40 years apart", u"0 0 * 2 MON#5"_s, u"2072-03-01T00:00:00Z"_s,
        { u"2112-02-29T00:00:00Z"_s });
    row("leap day", u"0 12 29 2 *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2028-02-29T12:00:00Z"_s, u"2032-02-29T12:00:00Z"_s });
    row("leap day across 2100", u"0 12 29 2 *"_s, u"2096-03-01T00:00:00Z"_s, { u"2104-02-29T12:00:00Z"_s });
    row("@yearly", u"@yearly"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2027-01-01T00:00:00Z"_s, u"2028-01-01T00:00:00Z"_s });
    row("@annually", u"@annually"_s, u"2026-06-01T00:00:00Z"_s, { u"2027-01-01T00:00:00Z"_s });
    row("@monthly", u"@monthly"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-02-01T00:00:00Z"_s, u"2026-03-01T00:00:00Z"_s });
    row("@weekly", u"@weekly"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-04T00:00:00Z"_s, u"2026-01-11T00:00:00Z"_s });
    row("@daily", u"@daily"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-02T00:00:00Z"_s, u"2026-01-03T00:00:00Z"_s });
    row("@midnight", u"@MIDNIGHT"_s, u"2026-01-01T23:59:59Z"_s, { u"2026-01-02T00:00:00Z"_s });
    row("@hourly", u"@hourly"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-01T01:00:00Z"_s, u"2026-01-01T02:00:00Z"_s });
    // Vixie cron: both day fields restricted, so either may match.
    row("dom or dow", u"0 0 13 * FRI"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-02T00:00:00Z"_s, u"2026-01-09T00:00:00Z"_s, u"2026-01-13T00:00:00Z"_s,
            u"2026-01-16T00:00:00Z"_s });
    row("L or last Friday", u"0 0 L * 5L"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-30T00:00:00Z"_s, u"2026-01-31T00:00:00Z"_s, u"2026-02-27T00:00:00Z"_s,
            u"2026-02-28T00:00:00Z"_s });
    // "*/2" starts with '*', so it counts as unrestricted: odd days AND Mondays.
    row("star-step dom is unrestricted", u"0 0 */2 * MON"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-05T00:00:00Z"_s, u"2026-01-19T00:00:00Z"_s, u"2026-02-09T00:00:00Z"_s,
            u"2026-02-23T00:00:00Z"_s });
    row("star-step dow is unrestricted", u"0 0 1-10 * */2"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-03T00:00:00Z"_s, u"2026-01-04T00:00:00Z"_s, u"2026-01-06T00:00:00Z"_s,
            u"2026-01-08T00:00:00Z"_s, u"2026-01-10T00:00:00Z"_s, u"2026-02-01T00:00:00Z"_s });
    // "1-31" does not start with '*': restricted, so the OR makes every day match.
    row("full range dom is restricted", u"0 0 1-31 * MON"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-02T00:00:00Z"_s, u"2026-01-03T00:00:00Z"_s });
    row("dom only", u"0 0 13 * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-13T00:00:00Z"_s, u"2026-02-13T00:00:00Z"_s });
    row("question mark", u"0 0 ? * MON"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-05T00:00:00Z"_s, u"2026-01-12T00:00:00Z"_s });
    row("year rollover", u"59 23 31 12 *"_s, u"2026-12-31T23:59:00Z"_s, { u"2027-12-31T23:59:00Z"_s });
}

void TestCronExpression::nextFireUtc()
{
    QFETCH(QString, expression);
    QFETCH(QString, after);
    QFETCH(QStringList, fires);
    QCOMPARE(nextFires(expression, after, QTimeZone::utc(), fires.size()), fires);
    // An IANA zone with no offset changes takes the table-driven path; it must agree.
    QCOMPARE(nextFires(expression, after, QTimeZone("Etc/UTC"), fires.size()), fires);
}

void TestCronExpression::neverMatches_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addRow("30 February") << u"0 0 30 2 *"_s;
    QTest::addRow("31 in 30-day months") << u"0 0 31 4,6,9,11 *"_s;
    QTest::addRow("L-30 in February") << u"0 0 L-30 2 *"_s;
    QTest::addRow("31W in February") << u"0 0 31W 2 *"_s;
    QTest::addRow("days 1 and 31 that are 5th Fridays in February") << u"0 0 */30 2 5#5"_s;
}

void TestCronExpression::neverMatches()
{
    QFETCH(QString, expression);
    const CronExpression cron = parsed(expression);
    for (const char *zone : { "UTC", "America/New_York", "Australia/Lord_Howe" }) {
        QElapsedTimer timer;
        timer.start();
        const QDateTime next = cron.nextFireAfter(utc(u"2026-01-01T00:00:00Z"_s), QTimeZone(zone));
        QVERIFY2(!next.isValid(), qPrintable(iso(next)));
        QVERIFY2(timer.elapsed() < 1000, "the search must be bounded");
    }
}

void TestCronExpression::strictlyAfter()
{
    const QTimeZone zone = QTimeZone::utc();
    const CronExpression everySecond = parsed(u"* * * * * *"_s);
    const CronExpression everyMinute = parsed(u"* * * * *"_s);
    QCOMPARE(
        iso(everySecond.nextFireAfter(utc(u"2026-01-01T00:00:00.500Z"_s), zone)), u"2026-01-01T00:00:01Z"_s);
    QCOMPARE(iso(everySecond.nextFireAfter(utc(u"2026-01-01T00:00:00Z"_s), zone)), u"2026-01-01T00:00:01Z"_s);
    QCOMPARE(
        iso(everyMinute.nextFireAfter(utc(u"2026-01-01T00:00:59.999Z"_s), zone)), u"2026-01-01T00:01:00Z"_s);
    QCOMPARE(iso(everyMinute.nextFireAfter(utc(u"2026-01-01T00:01:00Z"_s), zone)), u"2026-01-01T00:02:00Z"_s);
    // `after` may carry any time spec; the result is always UTC.
    const QDateTime withOffset = QDateTime::fromString(u"2026-01-01T09:00:00+09:00"_s, Qt::ISODate);
    const QDateTime next = everyMinute.nextFireAfter(withOffset, QTimeZone("Asia/Tokyo"));
    QCOMPARE(next.timeSpec(), Qt::UTC);
    QCOMPARE(iso(next), u"2026-01-01T00:01:00Z"_s);
    // Before 1970 too.
    QCOMPARE(iso(parsed(u"0 0 1 1 *"_s).nextFireAfter(utc(u"1960-06-01T00:00:00Z"_s), zone)),
        u"1961-01-01T00:00:00Z"_s);
}

void TestCronExpression::invalidInput()
{
    const CronExpression cron = parsed(u"* * * * *"_s);
    QVERIFY(!cron.nextFireAfter(QDateTime(), QTimeZone::utc()).isValid());
    QVERIFY(!cron.nextFireAfter(utc(u"2026-01-01T00:00:00Z"_s), QTimeZone("No/Such_Zone")).isValid());
    QVERIFY(!CronExpression().nextFireAfter(utc(u"2026-01-01T00:00:00Z"_s), QTimeZone::utc()).isValid());
}

void TestCronExpression::dst_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QStringList>("fires");

    const auto row = [](const char *name, const QByteArray &zone, const QString &expression,
                         const QString &after, const QStringList &fires) {
        QTest::addRow("%s", name) << zone << expression << after << fires;
    };

    // New York, 2026-03-08: 02:00 EST (07:00Z) jumps to 03:00 EDT.
    const QByteArray ny = "America/New_York";
    row("NY gap: daily 02:30 fires when the gap ends", ny, u"30 2 * * *"_s, u"2026-03-07T00:00:00Z"_s,
        { u"2026-03-07T07:30:00Z"_s, u"2026-03-08T07:00:00Z"_s, u"2026-03-09T06:30:00Z"_s });
    row("NY gap: every 15 minutes, gap collapses onto 03:00", ny, u"*/15 * * * *"_s,
        u"2026-03-08T06:40:00Z"_s,
        { u"2026-03-08T06:45:00Z"_s, u"2026-03-08T07:00:00Z"_s, u"2026-03-08T07:15:00Z"_s });
    row("NY gap: 02:00 and 03:00 fire once", ny, u"0 2,3 * * *"_s, u"2026-03-08T00:00:00Z"_s,
        { u"2026-03-08T07:00:00Z"_s, u"2026-03-09T06:00:00Z"_s, u"2026-03-09T07:00:00Z"_s });
    row("NY gap: two matches inside fire once", ny, u"15,45 2 * * *"_s, u"2026-03-08T00:00:00Z"_s,
        { u"2026-03-08T07:00:00Z"_s, u"2026-03-09T06:15:00Z"_s, u"2026-03-09T06:45:00Z"_s });
    row("NY gap: 03:00 itself", ny, u"0 3 * * *"_s, u"2026-03-08T06:00:00Z"_s,
        { u"2026-03-08T07:00:00Z"_s, u"2026-03-09T07:00:00Z"_s });
    row("NY gap: seconds field", ny, u"30 30 2 * * *"_s, u"2026-03-08T00:00:00Z"_s,
        { u"2026-03-08T07:00:00Z"_s, u"2026-03-09T06:30:30Z"_s });
    row("NY gap: starting inside the gap's day after it", ny, u"30 2 * * *"_s, u"2026-03-08T07:00:00Z"_s,
        { u"2026-03-09T06:30:00Z"_s });
    row("NY gap: hourly", ny, u"0 * * * *"_s, u"2026-03-08T05:30:00Z"_s,
        { u"2026-03-08T06:00:00Z"_s, u"2026-03-08T07:00:00Z"_s, u"2026-03-08T08:00:00Z"_s });

    // New York, 2026-11-01: 02:00 EDT (06:00Z) falls back to 01:00 EST; 01:00-02:00 happens twice.
    row("NY overlap: fixed hour fires at the first 01:30", ny, u"30 1 * * *"_s, u"2026-10-31T12:00:00Z"_s,
        { u"2026-11-01T05:30:00Z"_s, u"2026-11-02T06:30:00Z"_s });
    row("NY overlap: hour * keeps its pace", ny, u"*/30 * * * *"_s, u"2026-11-01T04:40:00Z"_s,
        { u"2026-11-01T05:00:00Z"_s, u"2026-11-01T05:30:00Z"_s, u"2026-11-01T06:00:00Z"_s,
            u"2026-11-01T06:30:00Z"_s, u"2026-11-01T07:00:00Z"_s });
    row("NY overlap: fixed hour list fires once", ny, u"0,30 1 * * *"_s, u"2026-11-01T04:40:00Z"_s,
        { u"2026-11-01T05:00:00Z"_s, u"2026-11-01T05:30:00Z"_s, u"2026-11-02T06:00:00Z"_s,
            u"2026-11-02T06:30:00Z"_s });
    row("NY overlap: hour step is not *", ny, u"0 */1 * * *"_s, u"2026-11-01T04:30:00Z"_s,
        { u"2026-11-01T05:00:00Z"_s, u"2026-11-01T07:00:00Z"_s });
    row("NY overlap: hourly fires in both 01:00s", ny, u"0 * * * *"_s, u"2026-11-01T04:30:00Z"_s,
        { u"2026-11-01T05:00:00Z"_s, u"2026-11-01T06:00:00Z"_s, u"2026-11-01T07:00:00Z"_s });
    row("NY overlap: starting in the repeat, fixed hour", ny, u"45 1 * * *"_s, u"2026-11-01T06:10:00Z"_s,
        { u"2026-11-02T06:45:00Z"_s });
    row("NY overlap: starting in the repeat, hour *", ny, u"45 * * * *"_s, u"2026-11-01T06:10:00Z"_s,
        { u"2026-11-01T06:45:00Z"_s, u"2026-11-01T07:45:00Z"_s });
    row("NY overlap: seconds field", ny, u"0 30 1 * * *"_s, u"2026-11-01T00:00:00Z"_s,
        { u"2026-11-01T05:30:00Z"_s, u"2026-11-02T06:30:00Z"_s });
    row("NY overlap: daily at midnight unaffected", ny, u"@daily"_s, u"2026-10-31T12:00:00Z"_s,
        { u"2026-11-01T04:00:00Z"_s, u"2026-11-02T05:00:00Z"_s });

    // London, 2026-03-29: 01:00 GMT (01:00Z) jumps to 02:00 BST; 2026-10-25: 02:00 BST (01:00Z)
    // falls back to 01:00 GMT.
    const QByteArray london = "Europe/London";
    row("London gap", london, u"30 1 * * *"_s, u"2026-03-28T12:00:00Z"_s,
        { u"2026-03-29T01:00:00Z"_s, u"2026-03-30T00:30:00Z"_s });
    row("London overlap, fixed hour", london, u"30 1 * * *"_s, u"2026-10-24T12:00:00Z"_s,
        { u"2026-10-25T00:30:00Z"_s, u"2026-10-26T01:30:00Z"_s });
    row("London overlap, every 20 minutes", london, u"*/20 * * * *"_s, u"2026-10-25T00:30:00Z"_s,
        { u"2026-10-25T00:40:00Z"_s, u"2026-10-25T01:00:00Z"_s, u"2026-10-25T01:20:00Z"_s,
            u"2026-10-25T01:40:00Z"_s, u"2026-10-25T02:00:00Z"_s });

    // Sydney (southern hemisphere), 2026-04-05: 03:00 AEDT (2026-04-04T16:00Z) falls back to
    // 02:00 AEST; 2026-10-04: 02:00 AEST (2026-10-03T16:00Z) jumps to 03:00 AEDT.
    const QByteArray sydney = "Australia/Sydney";
    row("Sydney overlap, fixed hour", sydney, u"30 2 * * *"_s, u"2026-04-04T00:00:00Z"_s,
        { u"2026-04-04T15:30:00Z"_s, u"2026-04-05T16:30:00Z"_s });
    row("Sydney overlap, hourly", sydney, u"0 * * * *"_s, u"2026-04-04T14:30:00Z"_s,
        { u"2026-04-04T15:00:00Z"_s, u"2026-04-04T16:00:00Z"_s, u"2026-04-04T17:00:00Z"_s });
    row("Sydney gap", sydney, u"30 2 * * *"_s, u"2026-10-03T00:00:00Z"_s,
        { u"2026-10-03T16:00:00Z"_s, u"2026-10-04T15:30:00Z"_s });

    // Lord Howe moves by 30 minutes. 2026-04-05: 02:00 +11 (2026-04-04T15:00Z) falls back to 01:30
    // +10:30; 2026-10-04: 02:00 +10:30 (2026-10-03T15:30Z) jumps to 02:30 +11.
    const QByteArray lordHowe = "Australia/Lord_Howe";
    row("Lord Howe overlap, fixed hour", lordHowe, u"45 1 * * *"_s, u"2026-04-04T00:00:00Z"_s,
        { u"2026-04-04T14:45:00Z"_s, u"2026-04-05T15:15:00Z"_s });
    row("Lord Howe overlap, every 15 minutes", lordHowe, u"*/15 * * * *"_s, u"2026-04-04T14:20:00Z"_s,
        { u"2026-04-04T14:30:00Z"_s, u"2026-04-04T14:45:00Z"_s, u"2026-04-04T15:00:00Z"_s,
            u"2026-04-04T15:15:00Z"_s, u"2026-04-04T15:30:00Z"_s });
    row("Lord Howe overlap, every 15 minutes of hour 1", lordHowe, u"*/15 1 * * *"_s,
        u"2026-04-04T14:20:00Z"_s,
        { u"2026-04-04T14:30:00Z"_s, u"2026-04-04T14:45:00Z"_s, u"2026-04-05T14:30:00Z"_s });
    row("Lord Howe gap", lordHowe, u"15 2 * * *"_s, u"2026-10-03T00:00:00Z"_s,
        { u"2026-10-03T15:30:00Z"_s, u"2026-10-04T15:15:00Z"_s });
    row("Lord Howe gap, 02:00 and 02:30 fire once", lordHowe, u"0,30 2 * * *"_s, u"2026-10-03T00:00:00Z"_s,
        { u"2026-10-03T15:30:00Z"_s, u"2026-10-04T15:00:00Z"_s, u"2026-10-04T15:30:00Z"_s });

    // Santiago changes at midnight. 2026-09-06: 00:00 -04 (04:00Z) jumps to 01:00 -03, so that
    // day starts at 01:00; 2026-04-05: 00:00 -03 (03:00Z) falls back to 23:00 -04 on the 4th.
    const QByteArray santiago = "America/Santiago";
    row("Santiago: midnight that does not exist", santiago, u"0 0 * * *"_s, u"2026-09-05T00:00:00Z"_s,
        { u"2026-09-05T04:00:00Z"_s, u"2026-09-06T04:00:00Z"_s, u"2026-09-07T03:00:00Z"_s });
    row("Santiago: 00:30 in the gap", santiago, u"30 0 * * *"_s, u"2026-09-05T00:00:00Z"_s,
        { u"2026-09-05T04:30:00Z"_s, u"2026-09-06T04:00:00Z"_s, u"2026-09-07T03:30:00Z"_s });
    row("Santiago: day 6 at midnight, in the gap in September", santiago, u"0 0 6 * *"_s,
        u"2026-08-01T00:00:00Z"_s,
        { u"2026-08-06T04:00:00Z"_s, u"2026-09-06T04:00:00Z"_s, u"2026-10-06T03:00:00Z"_s });
    row("Santiago: 23:00 twice, fixed hour", santiago, u"0 23 * * *"_s, u"2026-04-04T00:00:00Z"_s,
        { u"2026-04-04T02:00:00Z"_s, u"2026-04-05T02:00:00Z"_s, u"2026-04-06T03:00:00Z"_s });
    row("Santiago: hourly through the repeat", santiago, u"0 * * * *"_s, u"2026-04-05T01:30:00Z"_s,
        { u"2026-04-05T02:00:00Z"_s, u"2026-04-05T03:00:00Z"_s, u"2026-04-05T04:00:00Z"_s });

    // No DST: constant offsets.
    row("Kolkata +05:30", "Asia/Kolkata", u"0 9 * * *"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-01T03:30:00Z"_s, u"2026-01-02T03:30:00Z"_s });
    row("Shanghai +08", "Asia/Shanghai", u"0 9 * * MON-FRI"_s, u"2026-01-01T00:00:00Z"_s,
        { u"2026-01-01T01:00:00Z"_s, u"2026-01-02T01:00:00Z"_s, u"2026-01-05T01:00:00Z"_s });
}

void TestCronExpression::dst()
{
    QFETCH(QByteArray, zone);
    QFETCH(QString, expression);
    QFETCH(QString, after);
    QFETCH(QStringList, fires);
    const QTimeZone tz(zone);
    QVERIFY(tz.isValid());
    QCOMPARE(nextFires(expression, after, tz, fires.size()), fires);
}

// Random expressions around every real offset change of some awkward zones, against a direct
// reading of the DST rules, instant by instant. Which wall times match is taken from the same
// expression evaluated in UTC (checked by the tables above and by the croniter differential test),
// so this checks only how wall times become instants.
void TestCronExpression::dstAgainstBruteForce()
{
    QRandomGenerator rng(20260308);
    const auto pick
        = [&rng](const QStringList &options) { return options[qsizetype(rng.bounded(int(options.size())))]; };

    struct Change
    {
        QTimeZone zone;
        qint64 at;
        int before;
        int after;
    };
    std::vector<Change> changes;
    const QByteArrayList zones = { "America/New_York", "Europe/London", "Australia/Sydney",
        "Australia/Lord_Howe", "America/Santiago", "America/Havana", "Pacific/Chatham", "Africa/Casablanca",
        "Asia/Tehran", "Europe/Berlin" };
    for (const QByteArray &id : zones) {
        const QTimeZone zone(id);
        QVERIFY(zone.isValid());
        const auto transitions
            = zone.transitions(utc(u"2019-01-01T00:00:00Z"_s), utc(u"2028-01-01T00:00:00Z"_s));
        for (const auto &transition : transitions) {
            const qint64 at = transition.atUtc.toSecsSinceEpoch();
            const int before = zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(at - 1, Qt::UTC));
            if (before != transition.offsetFromUtc)
                changes.push_back({ zone, at, before, transition.offsetFromUtc });
        }
    }
    QVERIFY(changes.size() > 100);

    qsizetype cases = 0;
    qsizetype fires = 0;
    for (const Change &change : changes) {
        for (int n = 0; n < 24; ++n) {
            const bool seconds = n % 6 == 5;
            const qint64 step = seconds ? 1 : 60;
            const qint64 halfWidth = seconds ? 3 * 3600 : 30 * 3600;
            const QString hour = rng.bounded(3) == 0
                ? u"*"_s
                : pick({ u"0"_s, u"1"_s, u"2"_s, u"3"_s, u"23"_s, u"1,2"_s, u"0-3"_s, u"*/2"_s, u"2-4"_s,
                    u"22-23"_s });
            QString text = pick({ u"*"_s, u"*/5"_s, u"*/15"_s, u"0"_s, u"30"_s, u"0,30"_s, u"15,45"_s,
                               u"59"_s, u"10-20/5"_s })
                + u' ' + hour + u' ' + pick({ u"*"_s, u"*"_s, u"*"_s, u"L"_s, u"1-15"_s, u"*/2"_s })
                + u" * "_s + pick({ u"*"_s, u"*"_s, u"*"_s, u"0"_s, u"MON-FRI"_s, u"SAT,SUN"_s });
            if (seconds)
                text = pick({ u"0"_s, u"*/20"_s, u"30"_s, u"*/7"_s }) + u' ' + text;
            const CronExpression cron = parsed(text);
            const bool hourStar = hour == "*"_L1;

            const qint64 first = change.at - halfWidth;
            const qint64 last = change.at + halfWidth;
            // Matching wall times (in wall seconds), from the expression read in UTC.
            const qint64 wallFirst = first + std::min(change.before, change.after);
            const qint64 wallLast = last + std::max(change.before, change.after);
            std::vector<bool> matches(std::size_t(wallLast - wallFirst + 1));
            for (QDateTime t = cron.nextFireAfter(
                     QDateTime::fromSecsSinceEpoch(wallFirst - 1, Qt::UTC), QTimeZone::utc());
                 t.isValid() && t.toSecsSinceEpoch() <= wallLast;
                 t = cron.nextFireAfter(t, QTimeZone::utc())) {
                matches[std::size_t(t.toSecsSinceEpoch() - wallFirst)] = true;
            }
            const auto matchesWall
                = [&](qint64 wall) { return bool(matches[std::size_t(wall - wallFirst)]); };

            QStringList expected;
            for (qint64 t = first; t <= last; t += step) {
                const int offset = t < change.at ? change.before : change.after;
                const qint64 wall = t + offset;
                const bool repeat
                    = t >= change.at && change.after < change.before && wall < change.at + change.before;
                bool fire = matchesWall(wall) && (hourStar || !repeat);
                if (t == change.at && change.after > change.before) {
                    for (qint64 skipped = change.at + change.before; skipped < change.at + change.after;
                         ++skipped)
                        fire = fire || matchesWall(skipped);
                }
                if (fire)
                    expected << iso(QDateTime::fromSecsSinceEpoch(t, Qt::UTC));
            }

            QStringList actual;
            for (QDateTime t
                 = cron.nextFireAfter(QDateTime::fromSecsSinceEpoch(first - 1, Qt::UTC), change.zone);
                 t.isValid() && t.toSecsSinceEpoch() <= last; t = cron.nextFireAfter(t, change.zone)) {
                actual << iso(t);
            }
            if (actual != expected) {
                qWarning().noquote() << "zone" << change.zone.id() << "change at"
                                     << iso(QDateTime::fromSecsSinceEpoch(change.at, Qt::UTC))
                                     << change.before << "->" << change.after << "expression" << text;
                QCOMPARE(actual, expected);
            }
            ++cases;
            fires += expected.size();
        }
    }
    qInfo("%lld expressions around %zu offset changes, %lld fires compared", qlonglong(cases), changes.size(),
        qlonglong(fires));
}

void TestCronExpression::performance()
{
    const QStringList expressions
        = { u"*/5 * * * *"_s, u"0 9 * * MON-FRI"_s, u"0 0 L * *"_s, u"30 2 * * *"_s, u"0 0 * * 5#3"_s,
              u"*/10 * * * * *"_s, u"0 12 29 2 *"_s, u"0 0 13 * FRI"_s, u"15 4 1W * *"_s, u"@hourly"_s };
    const QList<QTimeZone> zones = { QTimeZone::utc(), QTimeZone("America/New_York"),
        QTimeZone("Australia/Sydney"), QTimeZone("Asia/Kolkata") };
    const QDateTime start = utc(u"2026-01-01T00:00:00Z"_s);
    for (const QTimeZone &zone : zones) // the per-zone tables are built once per process
        (void)parsed(u"* * * * *"_s).nextFireAfter(start, zone);

    // The scheduler's typical call: the next fire after "now", for instants spread over months.
    constexpr int kCalls = 2000;
    qint64 calls = 0;
    QElapsedTimer timer;
    timer.start();
    for (const QString &text : expressions) {
        const CronExpression cron = parsed(text);
        for (const QTimeZone &zone : zones) {
            for (int i = 0; i < kCalls; ++i, ++calls)
                QVERIFY(cron.nextFireAfter(start.addSecs(qint64(i) * 7919), zone).isValid());
        }
    }
    const double nsPerCall = double(timer.nsecsElapsed()) / double(calls);

    // Start-up: 10,000 distinct tasks, each parsed and planned once.
    timer.restart();
    for (int task = 0; task < 10000; ++task) {
        const QString text = u"%1 %2 * * %3"_s.arg(task % 60).arg(task / 60 % 24).arg(task % 7);
        const QDateTime next = parsed(text).nextFireAfter(start, zones[task % zones.size()]);
        QVERIFY(next.isValid());
    }
    const double msStartup = double(timer.nsecsElapsed()) / 1e6;
    qInfo("nextFireAfter: %.0f ns per call over %lld calls; 10,000 tasks parsed and planned in %.1f ms",
        nsPerCall, qlonglong(calls), msStartup);
    // Loose bounds (sanitizer builds are slower): they catch a minute-by-minute scan, not noise.
    QVERIFY2(nsPerCall < 100'000, "nextFireAfter is far too slow");
    QVERIFY2(msStartup < 5'000, "planning 10,000 tasks is far too slow");
}

QTEST_GUILESS_MAIN(TestCronExpression)
#include "tst_cronexpression.moc"
