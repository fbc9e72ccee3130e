// SPDX-License-Identifier: MIT
#include "backup/backup.h"

#include "core/timeformat.h"
#include "scheduling/trigger.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

const QString kFormat = u"kumo-backup"_s;

std::optional<BackupManifest::Kind> kindFromName(const QString &name)
{
    if (name == u"manual"_s)
        return BackupManifest::Kind::Manual;
    if (name == u"automatic"_s)
        return BackupManifest::Kind::Automatic;
    if (name == u"pre-restore"_s)
        return BackupManifest::Kind::PreRestore;
    return std::nullopt;
}

} // namespace

QString backupKindName(BackupManifest::Kind kind)
{
    switch (kind) {
    case BackupManifest::Kind::Manual:
        return u"manual"_s;
    case BackupManifest::Kind::Automatic:
        return u"automatic"_s;
    case BackupManifest::Kind::PreRestore:
        return u"pre-restore"_s;
    }
    return {};
}

QString BackupManifest::databaseEntry() const
{
    return databaseFormat == u"pg_dump"_s ? u"kumo.pgdump"_s : u"kumo.db"_s;
}

QJsonObject BackupManifest::toJson() const
{
    return {
        { u"format"_s, kFormat },
        { u"formatVersion"_s, kFormatVersion },
        { u"kind"_s, backupKindName(kind) },
        { u"createdAt"_s, toRfc3339(createdAt) },
        { u"kumoVersion"_s, kumoVersion },
        { u"schemaVersion"_s, schemaVersion },
        { u"includesProjects"_s, includesProjects },
        { u"databaseFormat"_s, databaseFormat },
        { u"databaseSha256"_s, databaseSha256 },
        { u"counts"_s, counts },
    };
}

std::optional<BackupManifest> BackupManifest::fromJson(const QJsonObject &json, QString *error)
{
    if (json.value(u"format"_s).toString() != kFormat) {
        *error = u"not a Kumo backup (its manifest.json is not one)"_s;
        return std::nullopt;
    }
    const int formatVersion = json.value(u"formatVersion"_s).toInt();
    if (formatVersion < 1 || formatVersion > kFormatVersion) {
        *error = u"backup format %1 is not supported by this Kumo (it reads format %2)"_s.arg(formatVersion)
                     .arg(kFormatVersion);
        return std::nullopt;
    }
    BackupManifest manifest;
    const std::optional<Kind> kind = kindFromName(json.value(u"kind"_s).toString());
    const std::optional<qint64> createdAt = parseRfc3339(json.value(u"createdAt"_s).toString());
    manifest.schemaVersion = json.value(u"schemaVersion"_s).toInt();
    manifest.databaseSha256 = json.value(u"databaseSha256"_s).toString();
    if (!kind || !createdAt || manifest.schemaVersion <= 0 || manifest.databaseSha256.size() != 64) {
        *error = u"the backup's manifest.json is damaged"_s;
        return std::nullopt;
    }
    manifest.kind = *kind;
    manifest.createdAt = *createdAt;
    manifest.kumoVersion = json.value(u"kumoVersion"_s).toString();
    manifest.includesProjects = json.value(u"includesProjects"_s).toBool();
    manifest.databaseFormat = json.value(u"databaseFormat"_s).toString(u"sqlite"_s);
    if (manifest.databaseFormat != u"sqlite"_s && manifest.databaseFormat != u"pg_dump"_s) {
        *error = u"the backup's database format %1 is not known to this Kumo"_s.arg(manifest.databaseFormat);
        return std::nullopt;
    }
    manifest.counts = json.value(u"counts"_s).toObject();
    return manifest;
}

QJsonObject BackupInfo::toJson() const
{
    QJsonObject json { { u"name"_s, name }, { u"sizeBytes"_s, sizeBytes },
        { u"state"_s,
            creating       ? u"creating"_s
                : failed   ? u"failed"_s
                : manifest ? u"ready"_s
                           : u"unreadable"_s } };
    if (creating)
        return json;
    if (manifest) {
        const QJsonObject described = manifest->toJson();
        for (const QString &key : { u"kind"_s, u"createdAt"_s, u"kumoVersion"_s, u"schemaVersion"_s,
                 u"includesProjects"_s, u"counts"_s })
            json.insert(key, described.value(key));
    } else {
        json.insert(u"error"_s, error);
    }
    return json;
}

bool isBackupName(const QString &name)
{
    static const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        u"kumo-\\d{8}T\\d{6}(\\d{3})?Z(-auto|-pre-restore)?(-\\d+)?\\.zip"_s));
    return pattern.match(name).hasMatch();
}

QString backupName(qint64 createdAtMs, BackupManifest::Kind kind)
{
    const QString stamp
        = QDateTime::fromMSecsSinceEpoch(createdAtMs, Qt::UTC).toString(u"yyyyMMdd'T'HHmmsszzz'Z'"_s);
    switch (kind) {
    case BackupManifest::Kind::Manual:
        return u"kumo-%1.zip"_s.arg(stamp);
    case BackupManifest::Kind::Automatic:
        return u"kumo-%1-auto.zip"_s.arg(stamp);
    case BackupManifest::Kind::PreRestore:
        return u"kumo-%1-pre-restore.zip"_s.arg(stamp);
    }
    return {};
}

QJsonObject BackupSchedule::toJson() const
{
    return { { u"enabled"_s, enabled }, { u"cron"_s, cron }, { u"timezone"_s, timezone }, { u"keep"_s, keep },
        { u"includeProjects"_s, includeProjects } };
}

std::optional<BackupSchedule> BackupSchedule::fromJson(
    const QJsonObject &json, const BackupSchedule &base, FieldErrors *errors)
{
    BackupSchedule schedule = base;
    const qsizetype before = errors->size();
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue &value = it.value();
        if (key == u"enabled"_s || key == u"includeProjects"_s) {
            if (!value.isBool())
                errors->append({ key, u"must be true or false"_s });
            else
                (key == u"enabled"_s ? schedule.enabled : schedule.includeProjects) = value.toBool();
        } else if (key == u"cron"_s || key == u"timezone"_s) {
            if (!value.isString() || value.toString().size() > 200)
                errors->append({ key, u"must be a string"_s });
            else
                (key == u"cron"_s ? schedule.cron : schedule.timezone) = value.toString().trimmed();
        } else if (key == u"keep"_s) {
            const double keep = value.toDouble(-1);
            if (!value.isDouble() || keep != double(qint64(keep)) || keep < 1 || keep > 1000)
                errors->append({ key, u"must be a whole number from 1 to 1000 (automatic backups kept)"_s });
            else
                schedule.keep = qint64(keep);
        } else {
            errors->append(
                { key, u"unknown field; expected enabled, cron, timezone, keep or includeProjects"_s });
        }
    }
    if (errors->size() > before)
        return std::nullopt;
    // The expression and zone are checked the way a task's cron trigger is.
    QJsonObject trigger { { u"type"_s, u"cron"_s }, { u"expression"_s, schedule.cron } };
    if (!schedule.timezone.isEmpty())
        trigger.insert(u"timezone"_s, schedule.timezone);
    FieldErrors triggerErrors;
    if (!TriggerSpec::fromJson(trigger, &triggerErrors)) {
        for (const FieldError &error : std::as_const(triggerErrors)) {
            const QString field = error.field.section(u'.', -1);
            errors->append({ field == u"expression"_s ? u"cron"_s : field, error.message });
        }
        return std::nullopt;
    }
    return schedule;
}

} // namespace Kumo
