// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"
#include "system/envvar.h"
#include "system/envvarstore.h"

#include <QJsonObject>
#include <QList>
#include <QMap>

#include <functional>
#include <optional>

namespace Kumo {

class Clock;
class Database;
class SecretBox;

/// The outcome of a variable operation, shaped for both front ends.
struct EnvVarResult
{
    enum class Status { Ok, Invalid, NotFound, Conflict, Error };
    Status status = Status::Ok;
    std::optional<EnvVar> variable;
    FieldErrors errors;
    QString message;
    [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

/// What a run gets from the variables of its scopes.
struct RunVariables
{
    QMap<QString, QString> values; // global, then project, then task: later ones win
    QList<QByteArray> secretValues; // to mask in its log
    QString error; // a secret that cannot be decrypted: the run must not start without it
};

/// System environment variables: PLAIN or SECRET (sealed by the SecretBox, never shown or
/// logged), scoped to every run, a project's runs or a task's runs; and the master key's
/// rotation, which re-encrypts every secret.
class EnvVarService
{
public:
    /// @p scopeExists tells whether a project or task id exists.
    EnvVarService(Database &database, Clock &clock, SecretBox &box, QString dataDir,
        std::function<bool(EnvVar::Scope, qint64)> scopeExists);

    /// {"name","value","secret","scope":{"type":"global"|"project"|"task","id"},"description"}
    [[nodiscard]] EnvVarResult create(const QJsonObject &json);
    /// The fields given; a secret's value sent back as the mask keeps it.
    [[nodiscard]] EnvVarResult update(qint64 id, const QJsonObject &json);
    [[nodiscard]] EnvVarResult remove(qint64 id);
    [[nodiscard]] std::optional<EnvVar> get(qint64 id) const { return m_store.get(id); }
    [[nodiscard]] QList<EnvVar> list(
        std::optional<EnvVar::Scope> scope = std::nullopt, qint64 scopeId = 0) const
    {
        return m_store.list(scope, scopeId);
    }
    [[nodiscard]] RunVariables forRun(qint64 taskId, std::optional<qint64> projectId) const;
    /// A new random master key; every secret re-encrypted in one transaction. Only for a key
    /// kept in DATA_DIR/secret.key or the keychain (one from KUMO_SECRET_KEY is the operator's to change).
    [[nodiscard]] EnvVarResult rotateKey();
    /// Finishes a rotation that a crash interrupted (at start).
    void recoverRotation();
    [[nodiscard]] EnvVarStore &store() { return m_store; }

private:
    /// The answer after storing @p variable (@p ok: whether the store took it); a name already
    /// used in the scope is a Conflict.
    [[nodiscard]] EnvVarResult stored(bool ok, const EnvVar &variable) const;
    /// Applies @p json onto @p variable; @p creating requires name and value.
    [[nodiscard]] FieldErrors apply(EnvVar &variable, const QJsonObject &json, bool creating) const;

    EnvVarStore m_store;
    Clock &m_clock;
    SecretBox &m_box;
    QString m_dataDir;
    std::function<bool(EnvVar::Scope, qint64)> m_scopeExists;
};

} // namespace Kumo
