// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"
#include "projects/archiveextractor.h"
#include "projects/project.h"
#include "projects/projectstore.h"

#include <QFutureSynchronizer>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <optional>

namespace Kumo {

class Clock;
class Database;

/// The outcome of a project operation, shaped for both front ends (like TaskResult).
struct ProjectResult
{
    enum class Status { Ok, Invalid, NotFound, Conflict, Error };
    Status status = Status::Ok;
    std::optional<Project> project;
    FieldErrors errors;
    QString message;
    QStringList tasks; // on a refused delete: the tasks that use the project
    [[nodiscard]] bool ok() const { return status == Status::Ok; }
};

/// Projects: created from an archive that is unpacked on a worker thread (progress and the
/// final state are signalled), described, and deleted with their files unless a task uses them.
/// Files live in DIR/ID; archives wait in DIR/.incoming while they are unpacked.
class ProjectService : public QObject
{
    Q_OBJECT
public:
    ProjectService(Database &database, Clock &clock, QString directory, ExtractionLimits limits,
        QObject *parent = nullptr);
    ~ProjectService() override;

    /// Fields: "name" (required, 1–100 characters, unique), "description", "workingDir",
    /// "outputDir" (relative paths inside the project). Takes @p archivePath (moves the file)
    /// and answers at once with the project in state extracting.
    [[nodiscard]] ProjectResult create(const QJsonObject &json, const QString &archivePath);
    /// What create() would say about @p json without creating anything (so that a caller can
    /// refuse before it consumes an upload): field errors, or a Conflict for a taken name.
    [[nodiscard]] ProjectResult check(const QJsonObject &json) const;
    /// Any of "name", "description", "workingDir", "outputDir".
    [[nodiscard]] ProjectResult update(qint64 id, const QJsonObject &json);
    /// Refused (Conflict) while tasks use the project or it is being unpacked.
    [[nodiscard]] ProjectResult remove(qint64 id);
    [[nodiscard]] std::optional<Project> get(qint64 id) const { return m_store.get(id); }
    [[nodiscard]] QList<Project> list() const { return m_store.list(); }
    /// Where project @p id's files are.
    [[nodiscard]] QString rootOf(qint64 id) const;
    [[nodiscard]] ProjectStore &store() { return m_store; }

    /// Waits for unpacking in progress (tests; shutdown).
    void waitForIdle();

Q_SIGNALS:
    void extractionProgress(qint64 projectId, qint64 written, qint64 archiveRead, qint64 archiveSize);
    void projectChanged(const Kumo::Project &project);

private:
    [[nodiscard]] FieldErrors applyJson(Project &project, const QJsonObject &json) const;
    void extract(Project project, const QString &archive);
    void finishExtraction(qint64 projectId, const QString &archive, const ExtractionResult &result);

    ProjectStore m_store;
    Clock &m_clock;
    QString m_directory;
    ExtractionLimits m_limits;
    std::atomic_bool m_stopping = false;
    QFutureSynchronizer<void> m_work;
};

} // namespace Kumo
