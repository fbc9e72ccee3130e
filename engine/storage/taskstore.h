// SPDX-License-Identifier: MIT
#pragma once

#include "scheduling/task.h"

#include <QList>
#include <QString>

#include <optional>

namespace Kumo {

class Database;

/// A filtered, paged slice of the task list, ordered by id.
struct TaskQuery
{
    QString search; // substring of the name or command, case-insensitive
    std::optional<bool> enabled;
    std::optional<qint64> projectId;
    int limit = 50;
    int offset = 0;
};

/// What identifies one version of a task's stored state, for caches of its representation.
struct TaskVersion
{
    qint64 id = 0;
    qint64 updatedAt = 0;
    std::optional<qint64> nextFireAt;
};

struct TaskVersionPage
{
    QList<TaskVersion> items;
    qint64 total = 0;
};

/// Persists tasks (table `tasks`).
class TaskStore
{
public:
    explicit TaskStore(Database &database);

    /// Inserts @p task and sets its id; fails (errorString) on a duplicate name.
    [[nodiscard]] bool create(Task &task);
    [[nodiscard]] bool update(const Task &task);
    [[nodiscard]] bool remove(qint64 id);
    [[nodiscard]] std::optional<Task> get(qint64 id) const;
    [[nodiscard]] std::optional<Task> findByName(const QString &name) const;
    [[nodiscard]] QList<Task> list() const;
    [[nodiscard]] qint64 count() const;
    /// A filtered page of the tasks, reading only what tells their versions apart (cheap: no
    /// trigger parsing); getMany() loads the tasks themselves.
    [[nodiscard]] std::optional<TaskVersionPage> versionPage(const TaskQuery &query) const;
    /// The tasks with these ids (in id order; missing ids are left out).
    [[nodiscard]] QList<Task> getMany(const QList<qint64> &ids) const;
    /// Persists next fire times of many tasks in one transaction.
    [[nodiscard]] bool setNextFireTimes(const QList<std::pair<qint64, std::optional<qint64>>> &times);

    [[nodiscard]] QString errorString() const { return m_error; }
    /// True when the last failure was a duplicate task name.
    [[nodiscard]] bool lastErrorWasDuplicateName() const { return m_duplicateName; }

private:
    [[nodiscard]] QList<Task> select(const QString &where, const QVariantList &binds) const;
    [[nodiscard]] std::optional<qint64> countWhere(const QString &where, const QVariantList &binds) const;

    Database &m_database;
    mutable QString m_error;
    bool m_duplicateName = false;
};

} // namespace Kumo
