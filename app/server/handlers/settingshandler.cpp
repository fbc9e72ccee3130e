// SPDX-License-Identifier: MIT
#include "server/handlers/settingshandler.h"

#include "backup/backupservice.h"
#include "core/timeformat.h"
#include "engine.h"
#include "environments/environmentservice.h"
#include "server/handlers/handlerutil.h"

using namespace Qt::StringLiterals;

namespace Kumo {

QJsonObject SettingsHandler::settingsJson() const
{
    EnvironmentService &environments = m_engine.environments();
    QJsonObject python = environments.pythonSettings().toJson();
    python.insert(u"condaFound"_s, environments.condaExecutable());
    QJsonObject backups = m_engine.backups().schedule().toJson();
    backups.insert(u"nextAt"_s, toRfc3339OrNull(m_engine.backups().nextAutomaticAt()));
    return { { u"pypi"_s, environments.packageIndex().toJson() }, { u"python"_s, python },
        { u"runs"_s, m_engine.runSettingsResolver().toJson() }, { u"backups"_s, backups } };
}

HttpResponse SettingsHandler::get(RequestContext &)
{
    return HttpResponse::json(settingsJson());
}

HttpResponse SettingsHandler::update(RequestContext &context)
{
    EnvironmentService &environments = m_engine.environments();
    FieldErrors errors;
    std::optional<PackageIndex> index;
    std::optional<EnvironmentService::PythonSettings> python;
    std::optional<RunSettings> runs;
    std::optional<BackupSchedule> backups;
    QJsonArray changed;
    for (auto it = context.body.begin(); it != context.body.end(); ++it) {
        changed.append(it.key());
        FieldErrors groupErrors;
        if (!it.value().isObject()) {
            errors.append({ it.key(), u"must be an object"_s });
            continue;
        }
        if (it.key() == u"pypi"_s)
            index = PackageIndex::fromJson(it.value().toObject(), environments.packageIndex(), &groupErrors);
        else if (it.key() == u"python"_s)
            python = EnvironmentService::PythonSettings::fromJson(
                it.value().toObject(), environments.pythonSettings(), &groupErrors);
        else if (it.key() == u"runs"_s)
            runs = m_engine.runSettingsResolver().validate(it.value().toObject(), &groupErrors);
        else if (it.key() == u"backups"_s) {
            QJsonObject schedule = it.value().toObject();
            schedule.remove(u"nextAt"_s); // sent back as read
            backups = BackupSchedule::fromJson(schedule, m_engine.backups().schedule(), &groupErrors);
        } else
            groupErrors.append(
                { QString(), u"unknown settings group; groups: pypi, python, runs, backups"_s });
        for (const FieldError &error : std::as_const(groupErrors))
            errors.append(
                { error.field.isEmpty() ? it.key() : it.key() + u'.' + error.field, error.message });
    }
    context.audit.details.insert(u"groups"_s, changed);
    if (!errors.isEmpty())
        return Problem::validation(errors);
    // All checked: now store them.
    if (index && !environments.setPackageIndex(*index))
        return storageFailure(u"cannot save the package index setting"_s);
    if (python && !environments.setPythonSettings(*python))
        return storageFailure(u"cannot save the Python settings"_s);
    if (runs && !m_engine.setRunSettings(*runs))
        return storageFailure(u"cannot save the run settings"_s);
    if (backups && !m_engine.backups().setSchedule(*backups))
        return storageFailure(u"cannot save the backup schedule"_s);
    return HttpResponse::json(settingsJson());
}

} // namespace Kumo
