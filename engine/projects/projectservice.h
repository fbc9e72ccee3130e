// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"
#include "projects/archiveextractor.h"
#include "projects/project.h"
#include "projects/projectfiles.h"
#include "projects/projectstore.h"

#include <QFuture>
#include <QJsonObject>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <functional>
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
/// final state are signalled), described, given new code from another archive, and deleted
/// with their files unless a task uses them.
///
/// Each upload unpacks into a tree of its own, DIR/ID for the first and DIR/ID.REVISION for
/// each replacement, and the project's `revision` in the database says which one is current:
/// a replacement becomes visible in one step once it is fully unpacked and valid, and runs
/// that started in the old tree keep it, whole and at the same path, until they end (the
/// old tree is then removed). Archives wait in DIR/.incoming while they are unpacked.
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
    /// Replaces the code of project @p id with the archive at @p archivePath (moves the file):
    /// answers at once with the project in state replacing (or extracting, when it had no
    /// files). The current files stay in use until the new ones are unpacked and valid; if
    /// they are not, nothing changes but `error`. Its working directory follows the archive's
    /// top-level folder when it was that folder, and must exist in the new files.
    [[nodiscard]] ProjectResult replace(qint64 id, const QString &archivePath);
    /// Refused (Conflict) while tasks use the project or it is being unpacked.
    [[nodiscard]] ProjectResult remove(qint64 id);
    [[nodiscard]] std::optional<Project> get(qint64 id) const { return m_store.get(id); }
    /// What a caller wants from a project's files.
    enum class FileUse { Read, Write };
    /// The files of project @p id when they may be used that way now; else nullopt, and
    /// @p outcome says why (NotFound, or Conflict while it is unpacked or replaced). Either
    /// way @p outcome holds the project when it exists.
    [[nodiscard]] std::optional<ProjectFiles> files(qint64 id, FileUse use, ProjectResult *outcome) const;
    [[nodiscard]] QList<Project> list() const { return m_store.list(); }
    /// Where project @p id's current files are (its current revision's tree).
    [[nodiscard]] QString rootOf(qint64 id) const;
    /// Marks project @p id failed with @p reason (its files are gone); replacing its code
    /// brings it back.
    [[nodiscard]] bool markBroken(qint64 id, const QString &reason);
    [[nodiscard]] QString rootOf(const Project &project) const
    {
        return treeOf(project.id, project.revision);
    }
    [[nodiscard]] ProjectStore &store() { return m_store; }

    /// Tells whether a run still uses something inside a directory (set by the engine), so
    /// that an old tree is kept until its runs end. Without one, old trees go at once.
    void setTreeInUse(std::function<bool(const QString &directory)> inUse) { m_treeInUse = std::move(inUse); }
    /// Removes the old trees that no run uses any more (the engine calls it as runs end).
    void releaseOldTrees();

    /// Waits for unpacking in progress (tests; shutdown).
    void waitForIdle();

Q_SIGNALS:
    void extractionProgress(qint64 projectId, qint64 written, qint64 archiveRead, qint64 archiveSize);
    /// A project was created, edited, or its files changed state (unpacked, replaced, failed).
    void projectChanged(const Kumo::Project &project);
    void projectRemoved(qint64 projectId);

private:
    [[nodiscard]] FieldErrors applyJson(Project &project, const QJsonObject &json) const;
    [[nodiscard]] QString treeOf(qint64 id, int revision) const;
    /// Moves an uploaded archive to where it waits while project @p id's files are unpacked.
    [[nodiscard]] std::optional<QString> takeArchive(qint64 id, const QString &archivePath) const;
    void extract(qint64 projectId, const QString &archive, int revision);
    void finishExtraction(
        qint64 projectId, const QString &archive, int revision, const ExtractionResult &result);
    /// Why the unpacked tree of @p project cannot become current, or empty.
    [[nodiscard]] QString checkNewTree(const Project &project, const QString &tree) const;
    void retireTree(const QString &tree);
    void runInBackground(std::function<void()> work);
    void waitForWork();
    /// Removes trees and waiting archives that no project refers to (left by a crash).
    void removeLeftovers();

    ProjectStore m_store;
    Clock &m_clock;
    QString m_directory;
    ExtractionLimits m_limits;
    std::function<bool(const QString &)> m_treeInUse;
    QStringList m_oldTrees; // replaced or deleted trees that a run may still use
    std::atomic_bool m_stopping = false;
    QList<QFuture<void>> m_work; // unpacking and removals in progress
};

} // namespace Kumo
