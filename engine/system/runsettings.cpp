// SPDX-License-Identifier: MIT
#include "system/runsettings.h"

#include "core/logging.h"
#include "system/settingsstore.h"

#include <QJsonArray>

#include <array>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kStoreKey = u"runs"_s;

struct Field
{
    QString name;
    qint64 RunSettings::*member;
    qint64 minimum;
    qint64 maximum;
    QString meaning;
};

constexpr qint64 kGiB = 1024LL * 1024 * 1024;

const std::array<Field, 6> &fields()
{
    static const std::array<Field, 6> table { {
        { u"maxConcurrent"_s, &RunSettings::maxConcurrent, 1, 10000, u"runs executing at once"_s },
        // A QTimer holds at most 2^31 ms: 24 days.
        { u"defaultTimeoutSeconds"_s, &RunSettings::defaultTimeoutSeconds, 0, 24 * 24 * 3600,
            u"seconds; 0 for none"_s },
        { u"logCapBytes"_s, &RunSettings::logCapBytes, 4096, 16 * kGiB, u"bytes of log kept per run"_s },
        { u"logRetentionDays"_s, &RunSettings::logRetentionDays, 1, 36500, u"days run logs are kept"_s },
        { u"logRetentionPerTask"_s, &RunSettings::logRetentionPerTask, 1, 1'000'000,
            u"run logs kept per task"_s },
        { u"sampleIntervalMs"_s, &RunSettings::sampleIntervalMs, 200, 60'000,
            u"milliseconds between CPU and memory samples of a run"_s },
    } };
    return table;
}

} // namespace

QJsonObject RunSettings::toJson() const
{
    QJsonObject json;
    for (const Field &field : fields())
        json.insert(field.name, this->*field.member);
    return json;
}

std::optional<RunSettings> RunSettings::fromJson(
    const QJsonObject &json, const RunSettings &base, FieldErrors *errors)
{
    RunSettings settings = base;
    const qsizetype before = errors->size();
    for (auto it = json.begin(); it != json.end(); ++it) {
        const auto field = std::find_if(
            fields().begin(), fields().end(), [&](const Field &f) { return f.name == it.key(); });
        if (field == fields().end()) {
            if (it.key() != u"pinned"_s) // sent back as read: ignored
                errors->append({ it.key(), u"unknown field"_s });
            continue;
        }
        const double number = it.value().toDouble(-1);
        if (!it.value().isDouble() || number != double(qint64(number)) || number < double(field->minimum)
            || number > double(field->maximum)) {
            errors->append({ it.key(),
                u"must be a whole number from %1 to %2 (%3)"_s.arg(field->minimum)
                    .arg(field->maximum)
                    .arg(field->meaning) });
            continue;
        }
        settings.*field->member = qint64(number);
    }
    if (errors->size() > before)
        return std::nullopt;
    return settings;
}

RunSettingsResolver::RunSettingsResolver(
    SettingsStore &store, const RunSettings &defaults, QHash<QString, QString> pinnedBy)
    : m_store(store)
    , m_defaults(defaults)
    , m_pinnedBy(std::move(pinnedBy))
{
    reload();
}

void RunSettingsResolver::reload()
{
    FieldErrors errors;
    const std::optional<RunSettings> stored
        = RunSettings::fromJson(m_store.value(kStoreKey).value_or(QJsonObject()), m_defaults, &errors);
    if (!stored)
        qCWarning(lcEngine) << "stored run settings are invalid; using the defaults";
    m_current = withPins(stored.value_or(m_defaults));
}

RunSettings RunSettingsResolver::withPins(RunSettings settings) const
{
    for (const Field &field : fields()) {
        if (m_pinnedBy.contains(field.name))
            settings.*field.member = m_defaults.*field.member;
    }
    return settings;
}

QJsonObject RunSettingsResolver::toJson() const
{
    QJsonObject json = m_current.toJson();
    QJsonObject pinned;
    for (auto it = m_pinnedBy.begin(); it != m_pinnedBy.end(); ++it)
        pinned.insert(it.key(), it.value());
    json.insert(u"pinned"_s, pinned);
    return json;
}

std::optional<RunSettings> RunSettingsResolver::validate(
    const QJsonObject &changes, FieldErrors *errors) const
{
    std::optional<RunSettings> settings = RunSettings::fromJson(changes, m_current, errors);
    if (!settings)
        return std::nullopt;
    const qsizetype before = errors->size();
    for (const Field &field : fields()) {
        const QString source = m_pinnedBy.value(field.name);
        if (!source.isEmpty() && (*settings).*field.member != m_current.*field.member)
            errors->append({ field.name,
                u"is set by %1 when Kumo starts, which takes precedence over this setting"_s.arg(source) });
    }
    if (errors->size() > before)
        return std::nullopt;
    return settings;
}

bool RunSettingsResolver::apply(const RunSettings &settings, qint64 now)
{
    // Pinned fields are stored as they were, so that they apply once no longer pinned.
    RunSettings stored = settings;
    FieldErrors ignored;
    const RunSettings previous
        = RunSettings::fromJson(m_store.value(kStoreKey).value_or(QJsonObject()), m_defaults, &ignored)
              .value_or(m_defaults);
    for (const Field &field : fields()) {
        if (m_pinnedBy.contains(field.name))
            stored.*field.member = previous.*field.member;
    }
    if (!m_store.setValue(kStoreKey, stored.toJson(), now)) {
        m_error = m_store.errorString();
        return false;
    }
    m_current = withPins(settings);
    return true;
}

} // namespace Kumo
