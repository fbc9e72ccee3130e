// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

/// A system environment variable given to runs: PLAIN or SECRET (encrypted at rest, never
/// shown), for every run (global), the runs of one project's tasks, or one task's runs.
struct EnvVar
{
    enum class Scope { Global, Project, Task };

    qint64 id = 0;
    QString name;
    QString value; // plain text; for a secret, empty unless decrypted for a run
    QByteArray sealed; // a secret's stored form (SecretBox)
    bool secret = false;
    Scope scope = Scope::Global;
    qint64 scopeId = 0; // the project or task; 0 for global
    QString description;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    /// What answers show instead of a secret's value; sending it back keeps the value.
    static constexpr char16_t kMask[] = u"••••••";

    [[nodiscard]] static QString scopeName(Scope scope);
    [[nodiscard]] static std::optional<Scope> scopeFromName(QStringView name);
    /// {"id","name","value" (masked for secrets),"secret","scope":{"type","id"},"description",
    ///  "createdAt","updatedAt"}
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace Kumo
