// SPDX-License-Identifier: MIT
#pragma once

#include "system/envvar.h"

#include <QList>

#include <optional>

namespace Kumo {

class Database;

/// Persists environment variables (table `env_vars`): a plain value as text, a secret only
/// in its sealed form.
class EnvVarStore
{
public:
    explicit EnvVarStore(Database &database);

    [[nodiscard]] bool create(EnvVar &variable);
    [[nodiscard]] bool update(const EnvVar &variable);
    [[nodiscard]] bool remove(qint64 id);
    /// Replaces the sealed values of @p variables in one transaction (key rotation).
    [[nodiscard]] bool reseal(const QList<EnvVar> &variables);
    [[nodiscard]] std::optional<EnvVar> get(qint64 id) const;
    /// Every variable, or those of one scope.
    [[nodiscard]] QList<EnvVar> list(
        std::optional<EnvVar::Scope> scope = std::nullopt, qint64 scopeId = 0) const;
    /// The variables a run of a task with @p taskId (in project @p projectId, if any) gets.
    [[nodiscard]] QList<EnvVar> forRun(qint64 taskId, std::optional<qint64> projectId) const;
    /// Deletes the variables of a project or task that is deleted.
    [[nodiscard]] bool removeScope(EnvVar::Scope scope, qint64 scopeId);

    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] bool lastErrorWasDuplicate() const { return m_duplicate; }
    /// Whether the last read failed (an empty list is then no answer).
    [[nodiscard]] bool lastReadFailed() const { return m_readFailed; }

private:
    [[nodiscard]] QList<EnvVar> select(const QString &tail, const QVariantList &binds) const;

    Database &m_database;
    mutable QString m_error;
    bool m_duplicate = false;
    mutable bool m_readFailed = false;
};

} // namespace Kumo
