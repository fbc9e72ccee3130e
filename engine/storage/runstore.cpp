// SPDX-License-Identifier: MIT
#include "storage/runstore.h"

#include "storage/database.h"
#include "storage/sqlutil.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
const QString kColumns
    = u"id, task_id, COALESCE(group_id, id), attempt, state, reason, scheduled_at, queued_at, started_at, "
      "finished_at, exit_code, signal, pid, pid_start_ticks, log_path, log_bytes, "
      "log_truncated, error, fires, cpu_peak_percent, rss_peak_bytes, cpu_seconds, env_freeze_hash"_s;

QVariant nullableText(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}
} // namespace

RunStore::RunStore(Database &database)
    : m_database(database)
{ }

bool RunStore::insert(Run &run)
{
    QSqlQuery &query = m_database.prepared(
        u"INSERT INTO runs (task_id, group_id, attempt, state, reason, scheduled_at, queued_at, "
        "started_at, finished_at, exit_code, signal, log_path, error, fires) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    query.addBindValue(run.taskId);
    query.addBindValue(run.groupId > 0 ? QVariant(run.groupId) : QVariant(QMetaType::fromType<qint64>()));
    query.addBindValue(run.attempt);
    query.addBindValue(runStateName(run.state));
    query.addBindValue(Sql::text(run.reason));
    query.addBindValue(run.scheduledAt);
    query.addBindValue(Sql::optional(run.queuedAt));
    query.addBindValue(Sql::optional(run.startedAt));
    query.addBindValue(Sql::optional(run.finishedAt));
    query.addBindValue(Sql::optional(run.exitCode));
    query.addBindValue(Sql::optional(run.signal));
    query.addBindValue(nullableText(run.logPath));
    query.addBindValue(nullableText(run.error));
    query.addBindValue(run.fires);
    if (!query.exec() || !query.next()) {
        query.finish();
        m_error = u"cannot record run: %1"_s.arg(query.lastError().text());
        return false;
    }
    run.id = query.value(0).toLongLong();
    query.finish();
    // A first attempt leaves group_id NULL and reads back as its own id: one write, not two.
    if (run.groupId <= 0)
        run.groupId = run.id;
    return true;
}

bool RunStore::markRunning(const Run &run)
{
    QSqlQuery &query = m_database.prepared(
        u"UPDATE runs SET state = ?, started_at = ?, pid = ?, pid_start_ticks = ?, log_path = ?, "
        "env_freeze_hash = ? WHERE id = ?"_s);
    query.addBindValue(runStateName(RunState::Running));
    query.addBindValue(Sql::optional(run.startedAt));
    query.addBindValue(run.pid);
    query.addBindValue(run.pidStartTicks);
    query.addBindValue(nullableText(run.logPath));
    query.addBindValue(nullableText(run.environmentFreeze));
    query.addBindValue(run.id);
    if (!query.exec()) {
        m_error = u"cannot mark run running: %1"_s.arg(query.lastError().text());
        return false;
    }
    return true;
}

bool RunStore::finish(const Run &run)
{
    QSqlQuery &query = m_database.prepared(
        u"UPDATE runs SET state = ?, started_at = ?, finished_at = ?, exit_code = ?, signal = ?, "
        "log_path = ?, log_bytes = ?, log_truncated = ?, error = ?, cpu_peak_percent = ?, "
        "rss_peak_bytes = ?, cpu_seconds = ? WHERE id = ?"_s);
    query.addBindValue(runStateName(run.state));
    query.addBindValue(Sql::optional(run.startedAt));
    query.addBindValue(Sql::optional(run.finishedAt));
    query.addBindValue(Sql::optional(run.exitCode));
    query.addBindValue(Sql::optional(run.signal));
    query.addBindValue(nullableText(run.logPath));
    query.addBindValue(run.logBytes);
    query.addBindValue(run.logTruncated ? 1 : 0);
    query.addBindValue(nullableText(run.error));
    query.addBindValue(Sql::optional(run.cpuPeakPercent));
    query.addBindValue(Sql::optional(run.rssPeakBytes));
    query.addBindValue(Sql::optional(run.cpuSeconds));
    query.addBindValue(run.id);
    if (!query.exec()) {
        m_error = u"cannot record run result: %1"_s.arg(query.lastError().text());
        return false;
    }
    return true;
}

std::optional<Run> RunStore::get(qint64 id) const
{
    const QList<Run> runs = select(u"WHERE id = ?"_s, { id });
    if (runs.isEmpty())
        return std::nullopt;
    return runs.constFirst();
}

QList<Run> RunStore::listByStates(const QList<RunState> &states) const
{
    QStringList marks;
    QVariantList binds;
    for (RunState state : states) {
        marks.append(u"?"_s);
        binds.append(runStateName(state));
    }
    return select(u"WHERE state IN ("_s + marks.join(u", "_s) + u") ORDER BY scheduled_at, id"_s, binds);
}

QList<Run> RunStore::listByTask(qint64 taskId, int limit) const
{
    return select(u"WHERE task_id = ? ORDER BY id DESC LIMIT ?"_s, { taskId, limit });
}

std::optional<RunPage> RunStore::page(const RunQuery &query) const
{
    QStringList conditions;
    QVariantList binds;
    if (query.taskId) {
        conditions.append(u"task_id = ?"_s);
        binds << *query.taskId;
    }
    if (!query.states.isEmpty()) {
        QStringList marks;
        for (RunState state : query.states) {
            marks.append(u"?"_s);
            binds << runStateName(state);
        }
        conditions.append(u"state IN ("_s + marks.join(u','));
        conditions.last() += u')';
    }
    if (query.from) {
        conditions.append(u"scheduled_at >= ?"_s);
        binds << *query.from;
    }
    if (query.to) {
        conditions.append(u"scheduled_at < ?"_s);
        binds << *query.to;
    }
    const QString where = conditions.isEmpty() ? QString() : u"WHERE "_s + conditions.join(u" AND "_s);

    RunPage page;
    QSqlQuery &count = m_database.prepared(u"SELECT COUNT(*) FROM runs "_s + where);
    for (const QVariant &bind : std::as_const(binds))
        count.addBindValue(bind);
    if (!count.exec() || !count.next()) {
        m_error = u"cannot count runs: %1"_s.arg(count.lastError().text());
        return std::nullopt;
    }
    page.total = count.value(0).toLongLong();
    count.finish();

    m_error.clear();
    page.items = select(
        where + u" ORDER BY id DESC LIMIT ? OFFSET ?"_s, binds + QVariantList { query.limit, query.offset });
    if (!m_error.isEmpty())
        return std::nullopt;
    return page;
}

bool RunStore::remove(qint64 runId)
{
    QSqlDatabase db = m_database.connection();
    if (!db.transaction()) {
        m_error = u"cannot delete run %1: %2"_s.arg(runId).arg(db.lastError().text());
        return false;
    }
    for (const QString &sql :
        { u"DELETE FROM run_samples WHERE run_id = ?"_s, u"DELETE FROM runs WHERE id = ?"_s }) {
        QSqlQuery &query = m_database.prepared(sql);
        query.addBindValue(runId);
        if (!query.exec()) {
            m_error = u"cannot delete run %1: %2"_s.arg(runId).arg(query.lastError().text());
            db.rollback();
            return false;
        }
    }
    if (!db.commit()) {
        m_error = u"cannot delete run %1: %2"_s.arg(runId).arg(db.lastError().text());
        return false;
    }
    return true;
}

QHash<QString, qint64> RunStore::countByState() const
{
    QHash<QString, qint64> counts;
    QSqlQuery query(m_database.connection());
    if (!query.exec(u"SELECT state, COUNT(*) FROM runs GROUP BY state"_s))
        return counts;
    while (query.next())
        counts.insert(query.value(0).toString(), query.value(1).toLongLong());
    return counts;
}

bool RunStore::insertSamples(const QList<ResourceSample> &samples)
{
    if (samples.isEmpty())
        return true;
    QSqlDatabase db = m_database.connection();
    db.transaction();
    QSqlQuery query(db);
    query.prepare(u"INSERT INTO run_samples (run_id, at, cpu_percent, rss_bytes) VALUES (?, ?, ?, ?)"_s);
    for (const ResourceSample &sample : samples) {
        query.addBindValue(sample.runId);
        query.addBindValue(sample.atMs);
        query.addBindValue(sample.cpuPercent);
        query.addBindValue(sample.rssBytes);
        if (!query.exec()) {
            m_error = u"cannot record samples: %1"_s.arg(query.lastError().text());
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

QList<ResourceSample> RunStore::samples(qint64 runId) const
{
    QList<ResourceSample> result;
    QSqlQuery query(m_database.connection());
    query.prepare(u"SELECT at, cpu_percent, rss_bytes FROM run_samples WHERE run_id = ? ORDER BY at"_s);
    query.addBindValue(runId);
    if (!query.exec())
        return result;
    while (query.next())
        result.append(
            { runId, query.value(0).toLongLong(), query.value(1).toDouble(), query.value(2).toLongLong() });
    return result;
}

QList<Run> RunStore::logsBeyondRetention(qint64 olderThanMs, int keepPerTask) const
{
    // A run's rank within its task, newest first, without window functions' portability worries.
    return select(u"WHERE log_path IS NOT NULL AND state NOT IN ('queued', 'running') AND "
                  "(finished_at < ? OR (SELECT COUNT(*) FROM runs newer WHERE newer.task_id = runs.task_id "
                  "AND newer.id > runs.id AND newer.log_path IS NOT NULL) >= ?) ORDER BY id"_s,
        { olderThanMs, keepPerTask });
}

bool RunStore::purgeDetails(qint64 runId)
{
    QSqlDatabase db = m_database.connection();
    if (!db.transaction()) {
        m_error = u"cannot begin a transaction: %1"_s.arg(db.lastError().text());
        return false;
    }
    QSqlQuery query(db);
    for (const QString &sql : { u"UPDATE runs SET log_path = NULL WHERE id = ?"_s,
             u"DELETE FROM run_samples WHERE run_id = ?"_s }) {
        query.prepare(sql);
        query.addBindValue(runId);
        if (!query.exec()) {
            m_error = u"cannot purge run %1: %2"_s.arg(runId).arg(query.lastError().text());
            db.rollback();
            return false;
        }
    }
    return db.commit();
}

QList<Run> RunStore::select(const QString &tail, const QVariantList &binds) const
{
    QList<Run> runs;
    QSqlQuery &query = m_database.prepared(u"SELECT "_s + kColumns + u" FROM runs "_s + tail);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec()) {
        m_error = u"cannot read runs: %1"_s.arg(query.lastError().text());
        return runs;
    }
    while (query.next()) {
        Run run;
        run.id = query.value(0).toLongLong();
        run.taskId = query.value(1).toLongLong();
        run.groupId = query.value(2).toLongLong();
        run.attempt = query.value(3).toInt();
        run.state = runStateFromName(query.value(4).toString()).value_or(RunState::Lost);
        run.reason = query.value(5).toString();
        run.scheduledAt = query.value(6).toLongLong();
        run.queuedAt = Sql::column<qint64>(query, 7);
        run.startedAt = Sql::column<qint64>(query, 8);
        run.finishedAt = Sql::column<qint64>(query, 9);
        run.exitCode = Sql::column<int>(query, 10);
        run.signal = Sql::column<int>(query, 11);
        run.pid = query.value(12).toLongLong();
        run.pidStartTicks = query.value(13).toLongLong();
        run.logPath = query.value(14).toString();
        run.logBytes = query.value(15).toLongLong();
        run.logTruncated = query.value(16).toInt() != 0;
        run.error = query.value(17).toString();
        run.fires = query.value(18).toInt();
        run.cpuPeakPercent = Sql::column<double>(query, 19);
        run.rssPeakBytes = Sql::column<qint64>(query, 20);
        run.cpuSeconds = Sql::column<double>(query, 21);
        run.environmentFreeze = query.value(22).toString();
        runs.append(std::move(run));
    }
    query.finish();
    return runs;
}

} // namespace Kumo
