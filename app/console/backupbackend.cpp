// SPDX-License-Identifier: MIT
#include "console/backupbackend.h"

#include "backup/backupservice.h"
#include "console/consoleaudit.h"
#include "engine.h"

#include <QDir>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Kumo {

using Console::audited;
using Console::failure;

BackupBackend::BackupBackend(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
{
    BackupService &service = engine.backups();
    connect(&service, &BackupService::started, this, &BackupBackend::reload);
    connect(&service, &BackupService::removed, this, &BackupBackend::reload);
    connect(&service, &BackupService::finished, this, [this](const BackupOutcome &outcome) {
        reload();
        Q_EMIT finished(outcome.info.name, outcome.ok, outcome.error);
    });
    connect(&engine, &Engine::restartRequested, this, &BackupBackend::restartPendingChanged);
    reload();
}

void BackupBackend::reload()
{
    BackupService &service = m_engine.backups();
    m_backups.clear();
    for (const BackupInfo &info : service.list()) {
        QVariantMap map = info.toJson().toVariantMap();
        map.insert(u"path"_s, QDir(service.directory()).filePath(info.name));
        m_backups.append(map);
    }
    Q_EMIT backupsChanged();
}

bool BackupBackend::isCreating() const
{
    return m_engine.backups().isCreating();
}

QString BackupBackend::directory() const
{
    return QDir(m_engine.backups().directory()).absolutePath();
}

bool BackupBackend::isRestartPending() const
{
    return m_engine.isRestartPending();
}

QVariantMap BackupBackend::create(bool includeProjects)
{
    const QJsonObject details { { u"includeProjects"_s, includeProjects } };
    if (m_engine.isRestartPending())
        return audited(m_engine, u"backup.create"_s, u"backup"_s, {},
            failure(tr("a restore is waiting for Kumo to restart")), details);
    QString error;
    const std::optional<QString> name
        = m_engine.backups().create(BackupManifest::Kind::Manual, includeProjects, &error);
    if (!name)
        return audited(m_engine, u"backup.create"_s, u"backup"_s, {}, failure(error), details);
    reload();
    return audited(m_engine, u"backup.create"_s, u"backup"_s, *name,
        Console::success({ { u"name"_s, *name } }), details);
}

QVariantMap BackupBackend::remove(const QString &name)
{
    QVariantMap answer;
    QString error;
    if (m_engine.backups().pathOf(name).isEmpty())
        answer = failure(tr("no backup is called %1").arg(name));
    else if (!m_engine.backups().remove(name, &error))
        answer = failure(error);
    else
        answer = Console::success();
    reload();
    return audited(m_engine, u"backup.delete"_s, u"backup"_s, name, answer);
}

QVariantMap BackupBackend::plan(const QString &name)
{
    return restoreAnswer(name, true, false);
}

QVariantMap BackupBackend::restore(const QString &name, bool stopRunning)
{
    return restoreAnswer(name, false, stopRunning);
}

QVariantMap BackupBackend::restoreAnswer(const QString &name, bool dryRun, bool stopRunning)
{
    RestoreRequest request;
    request.name = name;
    request.dryRun = dryRun;
    request.stopRunning = stopRunning;
    request.actor = Console::actor();
    request.ip = u"local"_s;
    const RestoreResult result = m_engine.restoreBackup(request);
    QJsonObject details { { u"dryRun"_s, dryRun } };
    if (result.status != RestoreResult::Status::Ok)
        return audited(m_engine, u"backup.restore"_s, u"backup"_s, name, failure(result.message), details);
    if (!dryRun) {
        details.insert(u"preRestoreBackup"_s, result.preRestoreBackup);
        reload(); // the snapshot is listed
        Q_EMIT restartPendingChanged();
    }
    return audited(m_engine, u"backup.restore"_s, u"backup"_s, name,
        Console::success({ { u"plan"_s, result.plan.toVariantMap() },
            { u"preRestoreBackup"_s, result.preRestoreBackup } }),
        details);
}

} // namespace Kumo
