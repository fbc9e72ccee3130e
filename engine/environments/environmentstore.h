// SPDX-License-Identifier: MIT
#pragma once

#include "environments/environment.h"

#include <QList>

#include <optional>

namespace Kumo {

class Database;

/// One recorded `pip freeze` of an environment.
struct Freeze
{
    QString hash; // SHA-256 of the text, hex
    QString text;
    qint64 createdAt = 0;
};

/// Persists environments, their package operations and their freezes (tables
/// `environments`, `env_operations`, `env_freezes`).
class EnvironmentStore
{
public:
    explicit EnvironmentStore(Database &database);

    [[nodiscard]] bool create(Environment &environment);
    [[nodiscard]] bool update(const Environment &environment);
    /// Deletes the environment with its operations and freezes.
    [[nodiscard]] bool remove(qint64 id);
    [[nodiscard]] std::optional<Environment> get(qint64 id) const;
    [[nodiscard]] QList<Environment> list() const;
    /// Names of the tasks that use environment @p id.
    [[nodiscard]] QStringList tasksUsing(qint64 id) const;

    [[nodiscard]] bool createOperation(EnvOperation &operation);
    [[nodiscard]] bool updateOperation(const EnvOperation &operation);
    [[nodiscard]] std::optional<EnvOperation> operation(qint64 id) const;
    /// Newest first.
    [[nodiscard]] QList<EnvOperation> operations(qint64 environmentId, int limit = 100) const;
    [[nodiscard]] QList<EnvOperation> activeOperations() const;

    /// Records @p freeze for @p environmentId (once per distinct text).
    [[nodiscard]] bool addFreeze(qint64 environmentId, const Freeze &freeze);
    [[nodiscard]] std::optional<Freeze> freeze(qint64 environmentId, const QString &hash) const;
    /// Newest first, without their texts.
    [[nodiscard]] QList<Freeze> freezes(qint64 environmentId) const;

    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] bool lastErrorWasDuplicateName() const { return m_duplicateName; }

private:
    [[nodiscard]] QList<Environment> select(const QString &tail, const QVariantList &binds) const;
    [[nodiscard]] QList<EnvOperation> selectOperations(const QString &tail, const QVariantList &binds) const;
    [[nodiscard]] bool exec(const QString &sql, const QVariantList &binds, const QString &what);

    Database &m_database;
    mutable QString m_error;
    bool m_duplicateName = false;
};

} // namespace Kumo
