// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QHash>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

class SettingsStore;

/// How runs are executed and kept: group `runs` of /api/settings. Every field applies live.
struct RunSettings
{
    qint64 maxConcurrent = 50;
    qint64 defaultTimeoutSeconds = 0; // for tasks without their own; 0: none
    qint64 logCapBytes = 10 * 1024 * 1024;
    qint64 logRetentionDays = 30;
    qint64 logRetentionPerTask = 200;
    qint64 sampleIntervalMs = 1000;

    [[nodiscard]] QJsonObject toJson() const;
    /// @p base with the fields of @p json applied; nullopt (and @p errors) when one is invalid.
    [[nodiscard]] static std::optional<RunSettings> fromJson(
        const QJsonObject &json, const RunSettings &base, FieldErrors *errors);
    bool operator==(const RunSettings &) const = default;
};

/// The run settings in force, resolved as DESIGN §3 says: command line > environment >
/// database > default. A field set by the command line or the environment is pinned: the
/// stored value is kept for later but cannot change what is in force.
class RunSettingsResolver
{
public:
    /// @p defaults also carry the pinned values; @p pinnedBy names each pinned field's source
    /// (field name → "--max-concurrent" or "MAX_CONCURRENT_TASKS").
    RunSettingsResolver(SettingsStore &store, const RunSettings &defaults, QHash<QString, QString> pinnedBy);

    [[nodiscard]] const RunSettings &current() const { return m_current; }
    /// `{...fields, "pinned": {field: source}}`.
    [[nodiscard]] QJsonObject toJson() const;
    /// Checks @p changes against the settings in force; a pinned field may only be sent
    /// with the value in force.
    [[nodiscard]] std::optional<RunSettings> validate(const QJsonObject &changes, FieldErrors *errors) const;
    /// Stores @p settings and makes them current (pinned fields keep their pinned values).
    [[nodiscard]] bool apply(const RunSettings &settings, qint64 now);
    /// Reads the database again (after a restore).
    void reload();
    [[nodiscard]] QString errorString() const { return m_error; }

private:
    [[nodiscard]] RunSettings withPins(RunSettings settings) const;

    SettingsStore &m_store;
    RunSettings m_defaults;
    QHash<QString, QString> m_pinnedBy;
    RunSettings m_current;
    QString m_error;
};

} // namespace Kumo
