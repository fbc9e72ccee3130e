// SPDX-License-Identifier: MIT
#pragma once

#include "execution/resourcesampler.h"
#include "execution/run.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace Kumo {

class Database;

/// A filtered, paged slice of the run history, newest first.
struct RunQuery
{
    std::optional<qint64> taskId;
    QList<RunState> states; // empty: any
    std::optional<qint64> from; // scheduled at or after (ms UTC)
    std::optional<qint64> to; // scheduled before (ms UTC)
    int limit = 50;
    int offset = 0;
};

struct RunPage
{
    QList<Run> items;
    qint64 total = 0;
};

/// Persists runs (table `runs`) and their resource samples (`run_samples`).
class RunStore
{
public:
    explicit RunStore(Database &database);

    /// Inserts @p run (any state) and sets its id; a first attempt gets groupId = id.
    [[nodiscard]] bool insert(Run &run);
    [[nodiscard]] bool markRunning(const Run &run);
    /// Writes the final state, times, exit status, peaks, log size and error.
    [[nodiscard]] bool finish(const Run &run);
    [[nodiscard]] std::optional<Run> get(qint64 id) const;
    [[nodiscard]] QList<Run> listByStates(const QList<RunState> &states) const;
    [[nodiscard]] QList<Run> listByTask(qint64 taskId, int limit = 100) const;
    [[nodiscard]] std::optional<RunPage> page(const RunQuery &query) const;
    /// Deletes a run record and its resource samples (the caller removes the log file).
    [[nodiscard]] bool remove(qint64 runId);
    [[nodiscard]] QHash<QString, qint64> countByState() const;
    [[nodiscard]] bool insertSamples(const QList<ResourceSample> &samples);
    [[nodiscard]] QList<ResourceSample> samples(qint64 runId) const;
    /// Finished runs whose logs fall outside retention: older than @p olderThanMs, or beyond the
    /// newest @p keepPerTask of their task.
    [[nodiscard]] QList<Run> logsBeyondRetention(qint64 olderThanMs, int keepPerTask) const;
    /// Forgets a run's log path and resource timeline (retention); the run record stays.
    [[nodiscard]] bool purgeDetails(qint64 runId);

    [[nodiscard]] QString errorString() const { return m_error; }

private:
    [[nodiscard]] QList<Run> select(const QString &tail, const QVariantList &binds) const;

    Database &m_database;
    mutable QString m_error;
};

} // namespace Kumo
