// SPDX-License-Identifier: MIT
#pragma once

#include "projects/project.h"

#include <QList>

#include <optional>

namespace Kumo {

class Database;

/// Persists projects (table `projects`).
class ProjectStore
{
public:
    explicit ProjectStore(Database &database);

    /// Inserts @p project and sets its id; fails on a duplicate name (lastErrorWasDuplicateName).
    [[nodiscard]] bool create(Project &project);
    [[nodiscard]] bool update(const Project &project);
    [[nodiscard]] bool remove(qint64 id);
    [[nodiscard]] std::optional<Project> get(qint64 id) const;
    [[nodiscard]] QList<Project> list() const;
    /// Names of the tasks that use project @p id.
    [[nodiscard]] QStringList tasksUsing(qint64 id) const;

    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] bool lastErrorWasDuplicateName() const { return m_duplicateName; }

private:
    [[nodiscard]] QList<Project> select(const QString &tail, const QVariantList &binds) const;

    Database &m_database;
    mutable QString m_error;
    bool m_duplicateName = false;
};

} // namespace Kumo
