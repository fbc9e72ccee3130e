// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace Kumo {

class Engine;

/// One kind of inconsistency found in the database and the data directory.
struct MaintenanceFinding
{
    QString kind; // "runsOfDeletedTasks", …
    QString title;
    QString fix; // what fixing it does
    QStringList items; // what was found (or fixed), for people
    qint64 bytes = 0; // disk space the items take

    [[nodiscard]] QJsonObject toJson() const;
};

/// Finds and fixes what no longer fits together: runs of deleted tasks, log files without
/// runs, runs whose log is gone, runs stuck in a state, environments and projects whose
/// files are gone, and files in the data directory that nothing refers to. It leaves alone
/// whatever a running run or operation uses.
class DataMaintenance
{
public:
    explicit DataMaintenance(Engine &engine);

    [[nodiscard]] static const QStringList &kinds();
    /// Every kind, found or not (count 0).
    [[nodiscard]] QList<MaintenanceFinding> check() const;
    /// Fixes the findings of @p kinds (all when empty); returns what was fixed.
    [[nodiscard]] QList<MaintenanceFinding> fix(const QStringList &kinds);

private:
    /// One item of a finding: what it is called, what fixing it does.
    struct Item
    {
        QString label;
        qint64 bytes = 0;
        std::function<bool()> repair;
    };
    struct Kind
    {
        QString name;
        QString title;
        QString fix;
        std::function<QList<Item>()> scan;
    };
    [[nodiscard]] QList<Kind> table() const;
    [[nodiscard]] QList<Item> runsOfDeletedTasks() const;
    [[nodiscard]] QList<Item> logsWithoutRuns() const;
    [[nodiscard]] QList<Item> runsWithoutLogs() const;
    [[nodiscard]] QList<Item> stuckRuns() const;
    [[nodiscard]] QList<Item> environmentsWithoutFiles() const;
    [[nodiscard]] QList<Item> projectsWithoutFiles() const;
    [[nodiscard]] QList<Item> unreferencedFiles() const;

    Engine &m_engine;
};

/// Bytes of the files below @p path (or of the file itself).
[[nodiscard]] qint64 diskUsage(const QString &path);

} // namespace Kumo
