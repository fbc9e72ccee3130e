// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace Kumo {

class Engine;

/// The maintenance page's side of the engine, as the API offers it: the consistency report of
/// the database and the data directory, fixing chosen kinds of findings, and how long run logs
/// are kept (a change deletes what falls outside at once). Changes are audited.
class MaintenanceBackend : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("from Backend.maintenance")
public:
    explicit MaintenanceBackend(Engine &engine, QObject *parent = nullptr);

    /// {ok, checkedAt, total, bytes, findings: [{kind, title, fix, count, bytes, items}]}, every
    /// kind listed (count 0 when clean).
    Q_INVOKABLE QVariantMap check() const;
    /// Fixes the findings of @p kinds (at least one; see check()): {ok, total, bytes,
    /// findings (what was fixed), report (check() after)} or {ok: false, message}.
    Q_INVOKABLE QVariantMap fix(const QStringList &kinds);
    /// {logRetentionDays, logRetentionPerTask, pinned: {field: the option that fixes it}}.
    Q_INVOKABLE QVariantMap retention() const;
    /// Keeps run logs @p days days and at most @p perTask runs per task: {ok} or {ok: false,
    /// message, errors}.
    Q_INVOKABLE QVariantMap setRetention(qint64 days, qint64 perTask);

private:
    Engine &m_engine;
};

} // namespace Kumo
