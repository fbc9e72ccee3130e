// SPDX-License-Identifier: MIT
#include "audit/auditlog.h"
#include "core/clock.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace Kumo;

Q_DECLARE_METATYPE(Kumo::AuditQuery)

namespace {
// 2026-11-28T15:04:05.123Z
constexpr qint64 kStart = 1'795'878'245'123;
} // namespace

class TestAuditLog final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void recordSetsIdAndTime();
    void toJson();
    void roundTrip();
    void filters_data();
    void filters();
    void paging_data();
    void paging();
    void newestFirstWithTiesById();
    void failureIsReportedAndLogged();

private:
    static AuditEvent event(const QString &actor, const QString &action,
        const QString &targetType = QString(), const QString &targetId = QString(),
        const QString &outcome = u"success"_s, const QString &ip = u"10.0.0.1"_s)
    {
        AuditEvent event;
        event.actor = actor;
        event.action = action;
        event.targetType = targetType;
        event.targetId = targetId;
        event.outcome = outcome;
        event.ip = ip;
        return event;
    }
    /// The actions of @p page, in order; the seeded actions are unique.
    static QStringList actions(const AuditPage &page)
    {
        QStringList names;
        for (const AuditEvent &event : page.items)
            names.append(event.action);
        return names;
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Database> m_db;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<AuditLog> m_log;
};

void TestAuditLog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_db = std::make_unique<Database>();
    QVERIFY2(m_db->open(m_dir->filePath(u"kumo.db"_s)), qPrintable(m_db->errorString()));
    QVERIFY2(m_db->migrate(), qPrintable(m_db->errorString()));
    m_clock = std::make_unique<ManualClock>(kStart);
    m_log = std::make_unique<AuditLog>(*m_db, *m_clock);
}

void TestAuditLog::cleanup()
{
    m_log.reset();
    m_db.reset();
    m_dir.reset();
}

void TestAuditLog::recordSetsIdAndTime()
{
    QSignalSpy spy(m_log.get(), &AuditLog::recorded);
    QVERIFY(m_log->record(event(u"alice"_s, u"task.create"_s, u"task"_s, u"7"_s)));
    AuditEvent explicitTime = event(u"system"_s, u"run.start"_s);
    explicitTime.at = 1000;
    QVERIFY(m_log->record(explicitTime));

    QCOMPARE(spy.size(), 2);
    const AuditEvent first = spy.at(0).at(0).value<AuditEvent>();
    const AuditEvent second = spy.at(1).at(0).value<AuditEvent>();
    QVERIFY(first.id > 0);
    QVERIFY(second.id > first.id);
    QCOMPARE(first.at, kStart);
    QCOMPARE(first.action, u"task.create"_s);
    QCOMPARE(second.at, 1000);
}

void TestAuditLog::toJson()
{
    AuditEvent event = TestAuditLog::event(u"alice"_s, u"user.update"_s, u"user"_s, u"3"_s);
    event.id = 12;
    event.at = kStart;
    event.actorId = 5;
    event.details = { { u"changed"_s, QJsonArray { u"role"_s } } };
    QJsonObject json = event.toJson();
    QCOMPARE(json.value(u"id"_s).toInteger(), 12);
    QCOMPARE(json.value(u"at"_s).toString(), u"2026-11-28T15:04:05.123Z"_s);
    QCOMPARE(json.value(u"actor"_s).toString(), u"alice"_s);
    QCOMPARE(json.value(u"actorId"_s).toInteger(), 5);
    QCOMPARE(json.value(u"ip"_s).toString(), u"10.0.0.1"_s);
    QCOMPARE(json.value(u"action"_s).toString(), u"user.update"_s);
    QCOMPARE(json.value(u"targetType"_s).toString(), u"user"_s);
    QCOMPARE(json.value(u"targetId"_s).toString(), u"3"_s);
    QCOMPARE(json.value(u"outcome"_s).toString(), u"success"_s);
    QCOMPARE(json.value(u"details"_s).toObject(), event.details);

    event.actorId.reset();
    event.at = kStart - 123; // whole second: the milliseconds are still written
    json = event.toJson();
    QVERIFY(json.contains(u"actorId"_s));
    QVERIFY(json.value(u"actorId"_s).isNull());
    QCOMPARE(json.value(u"at"_s).toString(), u"2026-11-28T15:04:05.000Z"_s);
}

void TestAuditLog::roundTrip()
{
    AuditEvent written
        = event(u"alice"_s, u"task.update"_s, u"task"_s, u"42"_s, u"denied"_s, u"2001:db8::1"_s);
    written.actorId = 9;
    written.details = { { u"fields"_s, QJsonArray { u"command"_s, u"env"_s } }, { u"note"_s, u"ünïcödé"_s } };
    QVERIFY(m_log->record(written));
    AuditEvent anonymous = event(u"mallory"_s, u"auth.login"_s, QString(), QString(), u"failure"_s);
    QVERIFY(m_log->record(anonymous));

    const std::optional<AuditPage> page = m_log->query({});
    QVERIFY2(page, qPrintable(m_log->errorString()));
    QCOMPARE(page->total, 2);
    QCOMPARE(page->items.size(), 2);
    const AuditEvent read = page->items.at(1);
    QVERIFY(read.id > 0);
    QCOMPARE(read.at, kStart);
    QCOMPARE(read.actor, u"alice"_s);
    QCOMPARE(read.actorId, 9);
    QCOMPARE(read.ip, u"2001:db8::1"_s);
    QCOMPARE(read.action, u"task.update"_s);
    QCOMPARE(read.targetType, u"task"_s);
    QCOMPARE(read.targetId, u"42"_s);
    QCOMPARE(read.outcome, u"denied"_s);
    QCOMPARE(read.details, written.details);
    const AuditEvent readAnonymous = page->items.at(0);
    QVERIFY(!readAnonymous.actorId);
    QVERIFY(readAnonymous.targetType.isEmpty());
    QVERIFY(readAnonymous.details.isEmpty());
}

void TestAuditLog::filters_data()
{
    QTest::addColumn<AuditQuery>("query");
    QTest::addColumn<QStringList>("expected"); // actions, newest first

    const auto make = [](auto change) {
        AuditQuery query;
        change(query);
        return query;
    };
    QTest::addRow("everything") << AuditQuery()
                                << QStringList { u"user.delete"_s, u"taskgroup.create"_s, u"run.cancel"_s,
                                       u"task.delete"_s, u"auth.login"_s, u"task.create"_s };
    QTest::addRow("actor") << make([](AuditQuery &q) { q.actor = u"alice"_s; })
                           << QStringList { u"user.delete"_s, u"task.delete"_s, u"task.create"_s };
    QTest::addRow("actor is exact") << make([](AuditQuery &q) { q.actor = u"ALICE"_s; }) << QStringList();
    QTest::addRow("ip") << make([](AuditQuery &q) { q.ip = u"10.0.0.2"_s; })
                        << QStringList { u"run.cancel"_s, u"auth.login"_s };
    QTest::addRow("action, exact") << make([](AuditQuery &q) { q.action = u"task.create"_s; })
                                   << QStringList { u"task.create"_s };
    QTest::addRow("action, exact is not a prefix")
        << make([](AuditQuery &q) { q.action = u"task"_s; }) << QStringList();
    QTest::addRow("action, prefix with star") << make([](AuditQuery &q) { q.action = u"task.*"_s; })
                                              << QStringList { u"task.delete"_s, u"task.create"_s };
    QTest::addRow("action, prefix with dot") << make([](AuditQuery &q) { q.action = u"task."_s; })
                                             << QStringList { u"task.delete"_s, u"task.create"_s };
    QTest::addRow("action, bare star prefix")
        << make([](AuditQuery &q) { q.action = u"task*"_s; })
        << QStringList { u"taskgroup.create"_s, u"task.delete"_s, u"task.create"_s };
    QTest::addRow("action, prefix with LIKE wildcards")
        << make([](AuditQuery &q) { q.action = u"t_sk.*"_s; }) << QStringList();
    QTest::addRow("action, star alone")
        << make([](AuditQuery &q) { q.action = u"*"_s; })
        << QStringList { u"user.delete"_s, u"taskgroup.create"_s, u"run.cancel"_s, u"task.delete"_s,
               u"auth.login"_s, u"task.create"_s };
    QTest::addRow("target type") << make([](AuditQuery &q) { q.targetType = u"task"_s; })
                                 << QStringList { u"task.delete"_s, u"task.create"_s };
    QTest::addRow("target type and id") << make([](AuditQuery &q) {
        q.targetType = u"task"_s;
        q.targetId = u"1"_s;
    }) << QStringList { u"task.create"_s };
    QTest::addRow("target id alone") << make([](AuditQuery &q) { q.targetId = u"1"_s; })
                                     << QStringList { u"run.cancel"_s, u"task.create"_s };
    QTest::addRow("outcome") << make([](AuditQuery &q) { q.outcome = u"failure"_s; })
                             << QStringList { u"auth.login"_s };
    QTest::addRow("from, inclusive") << make([](AuditQuery &q) {
        q.from = kStart + 3000;
    }) << QStringList { u"user.delete"_s, u"taskgroup.create"_s, u"run.cancel"_s };
    QTest::addRow("to, exclusive") << make([](AuditQuery &q) { q.to = kStart + 2000; })
                                   << QStringList { u"auth.login"_s, u"task.create"_s };
    QTest::addRow("from and to") << make([](AuditQuery &q) {
        q.from = kStart + 1000;
        q.to = kStart + 4000;
    }) << QStringList { u"run.cancel"_s, u"task.delete"_s, u"auth.login"_s };
    QTest::addRow("everything combined") << make([](AuditQuery &q) {
        q.actor = u"alice"_s;
        q.ip = u"10.0.0.1"_s;
        q.action = u"task.*"_s;
        q.targetType = u"task"_s;
        q.targetId = u"2"_s;
        q.outcome = u"success"_s;
        q.from = kStart;
        q.to = kStart + 10'000;
    }) << QStringList { u"task.delete"_s };
}

void TestAuditLog::filters()
{
    QFETCH(AuditQuery, query);
    QFETCH(QStringList, expected);
    // One event a second, oldest first.
    const QList<AuditEvent> seed = {
        event(u"alice"_s, u"task.create"_s, u"task"_s, u"1"_s),
        event(u"mallory"_s, u"auth.login"_s, QString(), QString(), u"failure"_s, u"10.0.0.2"_s),
        event(u"alice"_s, u"task.delete"_s, u"task"_s, u"2"_s),
        event(u"bob"_s, u"run.cancel"_s, u"run"_s, u"1"_s, u"success"_s, u"10.0.0.2"_s),
        event(u"bob"_s, u"taskgroup.create"_s, u"taskgroup"_s, u"3"_s),
        event(u"alice"_s, u"user.delete"_s, u"user"_s, u"4"_s, u"success"_s, u"10.0.0.3"_s),
    };
    for (const AuditEvent &event : seed) {
        QVERIFY(m_log->record(event));
        m_clock->advanceMs(1000);
    }
    const std::optional<AuditPage> page = m_log->query(query);
    QVERIFY2(page, qPrintable(m_log->errorString()));
    QCOMPARE(actions(*page), expected);
    QCOMPARE(page->total, expected.size());
}

void TestAuditLog::paging_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("offset");
    QTest::addColumn<QList<int>>("expected"); // event numbers, newest first
    QTest::addRow("first page") << 10 << 0 << QList<int> { 25, 24, 23, 22, 21, 20, 19, 18, 17, 16 };
    QTest::addRow("second page") << 10 << 10 << QList<int> { 15, 14, 13, 12, 11, 10, 9, 8, 7, 6 };
    QTest::addRow("last, short page") << 10 << 20 << QList<int> { 5, 4, 3, 2, 1 };
    QTest::addRow("past the end") << 10 << 25 << QList<int>();
    QTest::addRow("limit 0 means 1") << 0 << 0 << QList<int> { 25 };
    QTest::addRow("negative limit means 1") << -5 << 3 << QList<int> { 22 };
    QTest::addRow("negative offset means 0") << 2 << -7 << QList<int> { 25, 24 };
    QList<int> all;
    for (int i = 25; i >= 1; --i)
        all.append(i);
    QTest::addRow("huge limit is clamped") << 1'000'000 << 0 << all;
}

void TestAuditLog::paging()
{
    QFETCH(int, limit);
    QFETCH(int, offset);
    QFETCH(QList<int>, expected);
    for (int i = 1; i <= 25; ++i) {
        QVERIFY(m_log->record(event(u"alice"_s, u"run.start"_s, u"run"_s, QString::number(i))));
        m_clock->advanceMs(10);
    }
    AuditQuery query;
    query.limit = limit;
    query.offset = offset;
    const std::optional<AuditPage> page = m_log->query(query);
    QVERIFY(page);
    QCOMPARE(page->total, 25);
    QList<int> numbers;
    for (const AuditEvent &event : page->items)
        numbers.append(event.targetId.toInt());
    QCOMPARE(numbers, expected);
}

void TestAuditLog::newestFirstWithTiesById()
{
    // The clock does not move: order falls back to insertion order, newest first.
    for (int i = 1; i <= 3; ++i)
        QVERIFY(m_log->record(event(u"alice"_s, u"run.start"_s, u"run"_s, QString::number(i))));
    AuditEvent older = event(u"alice"_s, u"run.start"_s, u"run"_s, u"0"_s);
    older.at = kStart - 1;
    QVERIFY(m_log->record(older)); // recorded late, e.g. replayed: still sorted by time
    const std::optional<AuditPage> page = m_log->query({});
    QVERIFY(page);
    QStringList ids;
    for (const AuditEvent &event : page->items)
        ids.append(event.targetId);
    QCOMPARE(ids, (QStringList { u"3"_s, u"2"_s, u"1"_s, u"0"_s }));
}

void TestAuditLog::failureIsReportedAndLogged()
{
    QSignalSpy spy(m_log.get(), &AuditLog::recorded);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"audit event not recorded.*needs an action"_s));
    QVERIFY(!m_log->record(event(u"alice"_s, QString())));
    QVERIFY(m_log->errorString().contains(u"action"_s));

    QSqlQuery drop(m_db->connection());
    QVERIFY(drop.exec(u"DROP TABLE audit_events"_s));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"audit event not recorded.*task\\.create"_s));
    QVERIFY(!m_log->record(event(u"alice"_s, u"task.create"_s)));
    QVERIFY2(
        m_log->errorString().startsWith(u"cannot record audit event"_s), qPrintable(m_log->errorString()));
    QCOMPARE(spy.size(), 0);
    QVERIFY(!m_log->query({}));
    QVERIFY(!m_log->errorString().isEmpty());
}

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
