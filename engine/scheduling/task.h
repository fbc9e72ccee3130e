// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"
#include "scheduling/trigger.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace Kumo {

/// A scheduled command: what to run, when, and under which limits.
struct Task
{
    qint64 id = 0;
    QString name;
    QString command;
    QString workingDir; // relative to the project when there is one, else absolute or empty
    TriggerSpec trigger;
    bool enabled = true;
    int retries = 0;
    int retryIntervalSeconds = 60;
    int timeoutSeconds = 0; // 0: no timeout
    int maxInstances = 1;
    int misfireGraceSeconds = 60;
    QMap<QString, QString> env;
    std::optional<qint64> projectId;
    std::optional<qint64> environmentId; // runs in this Python environment…
    std::optional<qint64> interpreterId; // …or with this interpreter first on PATH
    std::optional<qint64> nextFireAt;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    /// Checks every field; the trigger is checked by building it.
    [[nodiscard]] FieldErrors validate() const;
    [[nodiscard]] QJsonObject toJson() const;
    /// Applies the fields present in @p json onto this task (create and PATCH alike).
    [[nodiscard]] FieldErrors applyJson(const QJsonObject &json);
};

} // namespace Kumo
