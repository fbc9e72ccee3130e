// SPDX-License-Identifier: MIT
#include "system/datamaintenance.h"

#include "backup/backupservice.h"
#include "core/clock.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "execution/logsink.h"
#include "execution/runlauncher.h"
#include "execution/runqueue.h"
#include "projects/projectservice.h"
#include "storage/database.h"
#include "storage/runstore.h"
#include "storage/taskstore.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

constexpr qsizetype kItemsShown = 100;

bool removePath(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir() && !info.isSymLink())
        return QDir(path).removeRecursively();
    return QFile::remove(path);
}

QSet<qint64> ids(Database &database, const QString &sql)
{
    QSet<qint64> values;
    QSqlQuery query(database.connection());
    if (query.exec(sql)) {
        while (query.next())
            values.insert(query.value(0).toLongLong());
    }
    return values;
}

} // namespace

qint64 diskUsage(const QString &path)
{
    const QFileInfo info(path);
    if (!info.isDir() || info.isSymLink())
        return info.isSymLink() ? 0 : info.size();
    qint64 total = 0;
    QDirIterator it(
        path, QDir::Files | QDir::Hidden | QDir::System | QDir::NoSymLinks, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        it.next();
        total += it.fileInfo().size();
    }
    return total;
}

QJsonObject MaintenanceFinding::toJson() const
{
    return { { u"kind"_s, kind }, { u"title"_s, title }, { u"fix"_s, fix }, { u"count"_s, items.size() },
        { u"bytes"_s, bytes }, { u"items"_s, QJsonArray::fromStringList(items.mid(0, kItemsShown)) } };
}

DataMaintenance::DataMaintenance(Engine &engine)
    : m_engine(engine)
{ }

QList<DataMaintenance::Kind> DataMaintenance::table() const
{
    return {
        { u"runsOfDeletedTasks"_s, u"Runs of deleted tasks"_s, u"delete the runs with their logs"_s,
            [this] { return runsOfDeletedTasks(); } },
        { u"logsWithoutRuns"_s, u"Log files without a run or operation"_s, u"delete the files"_s,
            [this] { return logsWithoutRuns(); } },
        { u"runsWithoutLogs"_s, u"Runs whose log file is gone"_s, u"forget the missing log"_s,
            [this] { return runsWithoutLogs(); } },
        { u"stuckRuns"_s, u"Runs stuck in a state"_s,
            u"a run recorded running that no process runs becomes lost; a queued run the queue does not "
            "hold is queued again"_s,
            [this] { return stuckRuns(); } },
        { u"environmentsWithoutFiles"_s, u"Environments whose directory is gone"_s,
            u"mark them failed (reset rebuilds them from their last freeze)"_s,
            [this] { return environmentsWithoutFiles(); } },
        { u"projectsWithoutFiles"_s, u"Projects whose files are gone"_s,
            u"mark them failed (replacing the code brings them back)"_s,
            [this] { return projectsWithoutFiles(); } },
        { u"unreferencedFiles"_s, u"Files in the data directory nothing refers to"_s, u"delete them"_s,
            [this] { return unreferencedFiles(); } },
    };
}

const QStringList &DataMaintenance::kinds()
{
    static const QStringList names { u"runsOfDeletedTasks"_s, u"logsWithoutRuns"_s, u"runsWithoutLogs"_s,
        u"stuckRuns"_s, u"environmentsWithoutFiles"_s, u"projectsWithoutFiles"_s, u"unreferencedFiles"_s };
    return names;
}

QList<MaintenanceFinding> DataMaintenance::check() const
{
    QList<MaintenanceFinding> findings;
    for (const Kind &kind : table()) {
        MaintenanceFinding finding { kind.name, kind.title, kind.fix, {}, 0 };
        for (const Item &item : kind.scan()) {
            finding.items.append(item.label);
            finding.bytes += item.bytes;
        }
        findings.append(finding);
    }
    return findings;
}

QList<MaintenanceFinding> DataMaintenance::fix(const QStringList &kinds)
{
    QList<MaintenanceFinding> fixed;
    for (const Kind &kind : table()) {
        if (!kinds.isEmpty() && !kinds.contains(kind.name))
            continue;
        MaintenanceFinding finding { kind.name, kind.title, kind.fix, {}, 0 };
        for (const Item &item : kind.scan()) {
            if (item.repair()) {
                finding.items.append(item.label);
                finding.bytes += item.bytes;
            }
        }
        fixed.append(finding);
    }
    return fixed;
}

QList<DataMaintenance::Item> DataMaintenance::runsOfDeletedTasks() const
{
    QList<Item> items;
    QSqlQuery query(m_engine.database().connection());
    if (!query.exec(
            u"SELECT id, task_id, log_path, state FROM runs WHERE task_id NOT IN (SELECT id FROM tasks) "
            "ORDER BY id"_s))
        return items;
    while (query.next()) {
        const qint64 runId = query.value(0).toLongLong();
        const QString logPath = query.value(2).toString();
        const std::optional<RunState> state = runStateFromName(query.value(3).toString());
        if (!state || isActive(*state))
            continue; // still running or queued: the queue finishes it first
        Engine &engine = m_engine;
        items.append({ u"run %1 of deleted task %2"_s.arg(runId).arg(query.value(1).toLongLong()),
            logPath.isEmpty() ? 0 : diskUsage(logPath) + diskUsage(logPath + u".idx"_s),
            [&engine, runId, logPath] {
                if (!engine.runs().remove(runId))
                    return false;
                if (!logPath.isEmpty())
                    LogSink::remove(logPath);
                Q_EMIT engine.runRemoved(runId);
                return true;
            } });
    }
    return items;
}

QList<DataMaintenance::Item> DataMaintenance::logsWithoutRuns() const
{
    QList<Item> items;
    const QDir data(m_engine.config().dataDir);
    Database &database = m_engine.database();
    QSet<QString> runLogs;
    {
        QSqlQuery query(database.connection());
        if (!query.exec(u"SELECT log_path FROM runs WHERE log_path IS NOT NULL"_s))
            return items;
        while (query.next())
            runLogs.insert(QFileInfo(query.value(0).toString()).fileName());
    }
    const QSet<qint64> operations = ids(database, u"SELECT id FROM env_operations"_s);
    static const QRegularExpression numbered(QRegularExpression::anchoredPattern(u"(\\d+)\\.log(\\.idx)?"_s));
    const auto scan = [&](const QString &folder, const std::function<bool(const QString &, qint64)> &known) {
        QDirIterator it(data.filePath(folder), QDir::Files | QDir::Hidden);
        while (it.hasNext()) {
            it.next();
            const QRegularExpressionMatch match = numbered.match(it.fileName());
            if (!match.hasMatch() || known(it.fileName(), match.captured(1).toLongLong()))
                continue;
            const QString path = it.filePath();
            items.append({ folder + u'/' + it.fileName(), it.fileInfo().size(),
                [path] { return QFile::remove(path); } });
        }
    };
    scan(u"logs/tasks"_s, [&](const QString &name, qint64) {
        return runLogs.contains(name.endsWith(u".idx"_s) ? name.chopped(4) : name);
    });
    scan(u"logs/install"_s, [&](const QString &, qint64 id) { return operations.contains(id); });
    return items;
}

QList<DataMaintenance::Item> DataMaintenance::runsWithoutLogs() const
{
    QList<Item> items;
    QSqlQuery query(m_engine.database().connection());
    if (!query.exec(u"SELECT id, log_path, state FROM runs WHERE log_path IS NOT NULL ORDER BY id"_s))
        return items;
    Database &database = m_engine.database();
    while (query.next()) {
        const qint64 runId = query.value(0).toLongLong();
        const std::optional<RunState> state = runStateFromName(query.value(2).toString());
        if (!state || isActive(*state) || QFileInfo::exists(query.value(1).toString()))
            continue;
        items.append({ u"run %1: %2"_s.arg(runId).arg(query.value(1).toString()), 0, [&database, runId] {
                          QSqlQuery update(database.connection());
                          update.prepare(u"UPDATE runs SET log_path = NULL WHERE id = ?"_s);
                          update.addBindValue(runId);
                          return update.exec();
                      } });
    }
    return items;
}

QList<DataMaintenance::Item> DataMaintenance::stuckRuns() const
{
    QList<Item> items;
    Engine &engine = m_engine;
    const QList<Run> active = engine.runs().listByStates({ RunState::Running, RunState::Queued });
    for (const Run &run : active) {
        if (run.state == RunState::Running && !engine.launcher().isActive(run.id)) {
            items.append(
                { u"run %1 recorded running, but no process runs it"_s.arg(run.id), 0, [&engine, run] {
                     Run lost = run;
                     lost.state = RunState::Lost;
                     lost.finishedAt = engine.clock().nowMs();
                     lost.error = u"found stuck by data maintenance: no process ran it"_s;
                     if (!engine.runs().finish(lost))
                         return false;
                     Q_EMIT engine.runChanged(lost);
                     return true;
                 } });
        } else if (run.state == RunState::Queued && !engine.queue().isQueued(run.id)
            && !engine.launcher().isActive(run.id)) {
            items.append({ u"run %1 recorded queued, but not in the queue"_s.arg(run.id), 0, [&engine, run] {
                              engine.queue().restore({ run });
                              return true;
                          } });
        }
    }
    return items;
}

QList<DataMaintenance::Item> DataMaintenance::environmentsWithoutFiles() const
{
    QList<Item> items;
    EnvironmentService &environments = m_engine.environments();
    for (const Environment &environment : environments.list()) {
        if (!environment.isUsable() || QFileInfo(environment.pythonPath()).isExecutable())
            continue;
        const qint64 id = environment.id;
        items.append(
            { u"environment %1: %2"_s.arg(environment.name, environment.path), 0, [&environments, id] {
                 return environments.markBroken(
                     id, u"its directory is gone (found by data maintenance); reset it to rebuild it"_s);
             } });
    }
    return items;
}

QList<DataMaintenance::Item> DataMaintenance::projectsWithoutFiles() const
{
    QList<Item> items;
    ProjectService &projects = m_engine.projects();
    for (const Project &project : projects.list()) {
        const QString root = projects.rootOf(project);
        if (project.state != Project::State::Ready || QFileInfo(root).isDir())
            continue;
        const qint64 id = project.id;
        items.append({ u"project %1: %2"_s.arg(project.name, root), 0, [&projects, id] {
                          return projects.markBroken(
                              id, u"its files are gone (found by data maintenance); upload its code again"_s);
                      } });
    }
    return items;
}

QList<DataMaintenance::Item> DataMaintenance::unreferencedFiles() const
{
    QList<Item> items;
    const QDir data(m_engine.config().dataDir);
    Engine &engine = m_engine;
    const auto add = [&](const QString &relative) {
        const QString path = data.filePath(relative);
        if (engine.launcher().hasRunInside(path) || engine.backups().isPacking(path))
            return;
        items.append({ relative, diskUsage(path), [path] { return removePath(path); } });
    };
    const auto entries = [&](const QString &folder) {
        return QDir(data.filePath(folder)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
    };
    // Project trees other than each project's current one (and not being unpacked).
    QSet<QString> trees;
    bool busy = false;
    for (const Project &project : engine.projects().list()) {
        trees.insert(QFileInfo(engine.projects().rootOf(project)).fileName());
        busy = busy || project.state == Project::State::Extracting
            || project.state == Project::State::Replacing;
    }
    // Only names the project service makes (it keeps its own .incoming folder).
    static const QRegularExpression tree(
        QRegularExpression::anchoredPattern(u"\\d+(\\.\\d+)?(\\.part-\\w+)?"_s));
    if (!busy) {
        for (const QString &name : entries(u"projects"_s)) {
            if (!trees.contains(name) && tree.match(name).hasMatch())
                add(u"projects/"_s + name);
        }
    }
    // Environment directories no environment has.
    QSet<QString> environmentDirs;
    for (const Environment &environment : engine.environments().list())
        environmentDirs.insert(QFileInfo(environment.path).fileName());
    if (engine.environments().isIdle()) {
        for (const QString &name : entries(u"envs"_s)) {
            if (!environmentDirs.contains(name))
                add(u"envs/"_s + name);
        }
    }
    // Default output folders of deleted tasks.
    const QSet<qint64> tasks = ids(engine.database(), u"SELECT id FROM tasks"_s);
    static const QRegularExpression output(QRegularExpression::anchoredPattern(u"task-(\\d+)"_s));
    for (const QString &name : entries(u"output"_s)) {
        const QRegularExpressionMatch match = output.match(name);
        if (match.hasMatch() && !tasks.contains(match.captured(1).toLongLong()))
            add(u"output/"_s + name);
    }
    // What an interrupted restore left behind.
    if (!engine.isRestartPending()) {
        for (const QString &name : { u"restore-staging"_s, u"restore-replaced"_s }) {
            if (QFileInfo::exists(data.filePath(name)))
                add(name);
        }
    }
    return items;
}

} // namespace Kumo
