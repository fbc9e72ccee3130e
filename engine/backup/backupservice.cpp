// SPDX-License-Identifier: MIT
#include "backup/backupservice.h"

#include "backup/backuprestore.h"
#include "backup/databasefile.h"
#include "core/clock.h"
#include "core/logging.h"
#include "scheduling/trigger.h"
#include "storage/database.h"
#include "system/settingsstore.h"

#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {
const QString kScheduleKey = u"backups"_s;
constexpr int kMaxTimerMs = 60 * 1000; // re-checked every minute: the wall clock may jump
constexpr qsizetype kFailuresKept = 20;
} // namespace

BackupService::BackupService(
    const Database &database, Clock &clock, SettingsStore &settings, const QString &dataDir, QObject *parent)
    : QObject(parent)
    , m_database(database)
    , m_clock(clock)
    , m_settings(settings)
    , m_directory(QDir(dataDir).filePath(u"backups"_s))
    , m_timer(new QTimer(this))
{
    qRegisterMetaType<Kumo::BackupOutcome>();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &BackupService::checkSchedule);
    QDir().mkpath(m_directory);
    QFile::setPermissions(
        m_directory, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    // What an interrupted backup left behind.
    const QStringList leftovers = QDir(m_directory).entryList({ u".staging-*"_s }, QDir::Dirs | QDir::Hidden);
    for (const QString &leftover : leftovers)
        QDir(QDir(m_directory).filePath(leftover)).removeRecursively();
    const QStringList partial
        = QDir(m_directory).entryList({ u"kumo-*.zip.*"_s }, QDir::Files | QDir::Hidden);
    for (const QString &leftover : partial)
        QFile::remove(QDir(m_directory).filePath(leftover));
    reload();
}

BackupService::~BackupService()
{
    // The writer works in the backups folder, which the next engine on this data directory
    // tidies up: let it finish first.
    m_writing.waitForFinished();
}

void BackupService::reload()
{
    FieldErrors errors;
    m_schedule = BackupSchedule::fromJson(m_settings.value(kScheduleKey).value_or(QJsonObject()), {}, &errors)
                     .value_or(BackupSchedule());
    if (m_running)
        arm();
}

QList<BackupInfo> BackupService::list() const
{
    QList<BackupInfo> backups;
    const QFileInfoList files = QDir(m_directory).entryInfoList({ u"kumo-*.zip"_s }, QDir::Files, QDir::Name);
    for (const QFileInfo &file : files) {
        if (file.fileName() == m_creating)
            continue;
        if (const std::optional<BackupInfo> backup = info(file.fileName()))
            backups.append(*backup); // (one deleted meanwhile is left out)
    }
    if (!m_creating.isEmpty()) {
        BackupInfo creating;
        creating.name = m_creating;
        creating.creating = true;
        backups.append(creating);
    }
    // Names begin with their UTC time: newest first.
    std::stable_sort(backups.begin(), backups.end(),
        [](const BackupInfo &a, const BackupInfo &b) { return a.name.mid(5, 19) > b.name.mid(5, 19); });
    return backups;
}

std::optional<BackupInfo> BackupService::info(const QString &name) const
{
    if (!name.isEmpty() && (name == m_creating || m_failed.contains(name))) {
        BackupInfo backup;
        backup.name = name;
        backup.creating = name == m_creating;
        backup.failed = !backup.creating;
        backup.error = m_failed.value(name);
        return backup;
    }
    const QString path = pathOf(name);
    if (path.isEmpty())
        return std::nullopt;
    BackupInfo backup;
    backup.name = name;
    backup.sizeBytes = QFileInfo(path).size();
    backup.manifest = BackupRestore::readManifest(path, &backup.error);
    return backup;
}

QString BackupService::pathOf(const QString &name) const
{
    if (!isBackupName(name) || name == m_creating)
        return {};
    const QString path = QDir(m_directory).filePath(name);
    return QFileInfo(path).isFile() ? path : QString();
}

bool BackupService::remove(const QString &name, QString *error)
{
    const QString path = pathOf(name);
    if (path.isEmpty()) {
        *error = u"no backup is called %1"_s.arg(name);
        return false;
    }
    if (!QFile::remove(path)) {
        *error = u"cannot delete %1"_s.arg(path);
        return false;
    }
    Q_EMIT removed(name);
    return true;
}

std::optional<QString> BackupService::create(BackupManifest::Kind kind, bool includeProjects, QString *error)
{
    if (!m_creating.isEmpty()) {
        *error = u"backup %1 is being written; wait for it to finish"_s.arg(m_creating);
        return std::nullopt;
    }
    const BackupJob job = jobFor(kind, includeProjects);
    m_creating = backupName(job.manifest.createdAt, kind);
    for (const ArchiveExtractor::ZipSource &tree : job.projectTrees)
        m_packing.insert(tree.directory);
    Q_EMIT started(m_creating);
    auto *watcher = new QFutureWatcher<BackupOutcome>(this);
    const bool automatic = kind == BackupManifest::Kind::Automatic;
    connect(watcher, &QFutureWatcher<BackupOutcome>::finished, this, [this, watcher, automatic] {
        watcher->deleteLater();
        onWritten(watcher->result(), automatic);
    });
    m_writing = QtConcurrent::run([job] { return BackupWriter::write(job); });
    watcher->setFuture(m_writing);
    return m_creating;
}

BackupJob BackupService::jobFor(BackupManifest::Kind kind, bool includeProjects) const
{
    BackupJob job = m_jobProvider(kind, includeProjects);
    job.databaseFile = m_database.sqliteFile();
    if (job.databaseFile.isEmpty()) {
        // pg_dump's file is not opened here: what it holds is read from the database now.
        job.databaseUrl = m_database.url();
        job.manifest.databaseFormat = u"pg_dump"_s;
        job.manifest.schemaVersion = m_database.schemaVersion();
        job.manifest.counts = DatabaseFile::countsOf(m_database.connection());
    }
    job.backupsDir = m_directory;
    job.manifest.kind = kind;
    job.manifest.createdAt = m_clock.nowMs();
    job.manifest.includesProjects = includeProjects;
    return job;
}

BackupOutcome BackupService::createNow(BackupManifest::Kind kind, bool includeProjects)
{
    const BackupOutcome outcome = BackupWriter::write(jobFor(kind, includeProjects));
    if (outcome.ok)
        Q_EMIT finished(outcome);
    return outcome;
}

void BackupService::onWritten(const BackupOutcome &outcome, bool automatic)
{
    BackupOutcome reported = outcome;
    if (!outcome.ok) {
        reported.info.name = m_creating;
        // Kept for whoever asks about it next (a client waiting for its backup).
        if (m_failed.size() >= kFailuresKept)
            m_failed.clear();
        m_failed.insert(m_creating, outcome.error);
    }
    m_creating.clear();
    m_packing.clear();
    if (outcome.ok)
        qCInfo(lcEngine) << "backup written:" << outcome.info.name << outcome.info.sizeBytes << "bytes";
    else
        qCWarning(lcEngine) << "backup failed:" << outcome.error;
    if (outcome.ok && automatic)
        pruneAutomatic();
    Q_EMIT finished(reported);
}

void BackupService::pruneAutomatic()
{
    QStringList automatic;
    for (const BackupInfo &backup : list()) {
        if (backup.manifest && backup.manifest->kind == BackupManifest::Kind::Automatic)
            automatic.append(backup.name); // newest first
    }
    QString error;
    for (qsizetype i = m_schedule.keep; i < automatic.size(); ++i) {
        if (!remove(automatic.at(i), &error))
            qCWarning(lcEngine) << error;
    }
}

bool BackupService::setSchedule(const BackupSchedule &schedule)
{
    if (!m_settings.setValue(kScheduleKey, schedule.toJson(), m_clock.nowMs()))
        return false;
    m_schedule = schedule;
    if (m_running)
        arm();
    return true;
}

std::optional<qint64> BackupService::nextAutomaticAt() const
{
    if (!m_schedule.enabled)
        return std::nullopt;
    TriggerSpec spec;
    spec.type = TriggerSpec::Type::Cron;
    spec.expression = m_schedule.cron;
    spec.timezone = m_schedule.timezone;
    const std::unique_ptr<Trigger> trigger = Trigger::create(spec);
    return trigger ? trigger->nextFireAfter(m_clock.nowMs()) : std::nullopt;
}

void BackupService::start()
{
    m_running = true;
    arm();
}

void BackupService::stop()
{
    m_running = false;
    m_timer->stop();
}

void BackupService::arm()
{
    m_nextAutomatic = nextAutomaticAt();
    m_timer->stop();
    if (!m_nextAutomatic)
        return;
    m_timer->start(int(std::clamp<qint64>(*m_nextAutomatic - m_clock.nowMs(), 0, kMaxTimerMs)));
}

void BackupService::checkSchedule()
{
    if (m_nextAutomatic && m_clock.nowMs() >= *m_nextAutomatic) {
        QString error;
        if (!create(BackupManifest::Kind::Automatic, m_schedule.includeProjects, &error))
            qCWarning(lcEngine) << "automatic backup skipped:" << error;
    }
    if (m_running)
        arm();
    else
        m_nextAutomatic = nextAutomaticAt();
}

} // namespace Kumo
