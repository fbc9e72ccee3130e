// SPDX-License-Identifier: MIT
#pragma once

#include "server/router.h"

#include "storage/taskstore.h"

#include <QHash>

namespace Kumo {

class Engine;

/// Compact JSON of tasks, kept while a task's stored version (updated at, next fire) is
/// unchanged: serialising tasks was most of the cost of a page of GET /api/tasks.
class TaskJsonCache
{
public:
    /// The JSON for exactly this version, or null; valid until the next insert.
    [[nodiscard]] const QByteArray *find(const TaskVersion &version) const;
    /// Stores the task's JSON and returns it (a shared copy: entries move when the table grows).
    QByteArray insert(const Task &task);
    void forget(qint64 taskId) { m_entries.remove(taskId); }

    static constexpr qsizetype kMaxEntries = 50'000;

private:
    struct Entry
    {
        qint64 updatedAt = 0;
        std::optional<qint64> nextFireAt;
        QByteArray json;
    };
    QHash<qint64, Entry> m_entries;
};

/// /api/tasks: list, create, read, change, delete, run now, pause, resume.
class TaskHandler
{
public:
    explicit TaskHandler(Engine &engine)
        : m_engine(engine)
    { }

    HttpResponse list(RequestContext &context);
    HttpResponse create(RequestContext &context);
    HttpResponse get(RequestContext &context);
    HttpResponse update(RequestContext &context);
    HttpResponse remove(RequestContext &context);
    HttpResponse runNow(RequestContext &context);
    HttpResponse pause(RequestContext &context);
    HttpResponse resume(RequestContext &context);

    /// Call when a task changed in a way its version does not show (two edits in one ms).
    void forgetTask(qint64 taskId) { m_json.forget(taskId); }

private:
    HttpResponse setEnabled(RequestContext &context, bool enabled);

    Engine &m_engine;
    TaskJsonCache m_json;
};

} // namespace Kumo
