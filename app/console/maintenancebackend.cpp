// SPDX-License-Identifier: MIT
#include "console/maintenancebackend.h"

#include "console/consoleaudit.h"
#include "core/clock.h"
#include "engine.h"
#include "system/datamaintenance.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Kumo {

using Console::audited;
using Console::failure;

namespace {

QVariantMap findingsOf(const QList<MaintenanceFinding> &findings)
{
    QVariantList items;
    qint64 total = 0;
    qint64 bytes = 0;
    for (const MaintenanceFinding &finding : findings) {
        items.append(finding.toJson().toVariantMap());
        total += finding.items.size();
        bytes += finding.bytes;
    }
    return { { u"ok"_s, true }, { u"total"_s, total }, { u"bytes"_s, bytes }, { u"findings"_s, items } };
}

} // namespace

MaintenanceBackend::MaintenanceBackend(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{ }

QVariantMap MaintenanceBackend::check() const
{
    QVariantMap report = findingsOf(DataMaintenance(m_engine).check());
    report.insert(u"checkedAt"_s, QDateTime::fromMSecsSinceEpoch(m_engine.clock().nowMs()));
    return report;
}

QVariantMap MaintenanceBackend::fix(const QStringList &kinds)
{
    const QJsonObject asked { { u"kinds"_s, QJsonArray::fromStringList(kinds) } };
    if (kinds.isEmpty())
        return audited(m_engine, u"maintenance.cleanup"_s, u"maintenance"_s, {},
            failure(tr("choose what to fix")), asked);
    for (const QString &kind : kinds) {
        if (!DataMaintenance::kinds().contains(kind))
            return audited(m_engine, u"maintenance.cleanup"_s, u"maintenance"_s, {},
                failure(tr("%1 is not a kind of finding; kinds: %2")
                            .arg(kind.left(60), DataMaintenance::kinds().join(u", "_s))),
                asked);
    }
    DataMaintenance maintenance(m_engine);
    const QList<MaintenanceFinding> fixed = maintenance.fix(kinds);
    QVariantMap answer = findingsOf(fixed);
    answer.insert(u"report"_s, check());
    QJsonObject counts;
    for (const MaintenanceFinding &finding : fixed)
        counts.insert(finding.kind, finding.items.size());
    return audited(
        m_engine, u"maintenance.cleanup"_s, u"maintenance"_s, {}, answer, { { u"fixed"_s, counts } });
}

QVariantMap MaintenanceBackend::retention() const
{
    const QJsonObject settings = m_engine.runSettingsResolver().toJson();
    return { { u"logRetentionDays"_s, settings.value(u"logRetentionDays"_s).toInteger() },
        { u"logRetentionPerTask"_s, settings.value(u"logRetentionPerTask"_s).toInteger() },
        { u"pinned"_s, settings.value(u"pinned"_s).toObject().toVariantMap() } };
}

QVariantMap MaintenanceBackend::setRetention(qint64 days, qint64 perTask)
{
    FieldErrors errors;
    const std::optional<RunSettings> settings = m_engine.runSettingsResolver().validate(
        { { u"logRetentionDays"_s, days }, { u"logRetentionPerTask"_s, perTask } }, &errors);
    QVariantMap answer;
    if (!settings)
        answer = failure({}, errors);
    else if (!m_engine.setRunSettings(*settings))
        answer = failure(tr("the setting could not be stored"));
    else
        answer = Console::success();
    return audited(m_engine, u"settings.update"_s, u"settings"_s, u"runs"_s, answer,
        { { u"groups"_s, QJsonArray { u"runs"_s } } });
}

} // namespace Kumo
