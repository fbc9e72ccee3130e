// SPDX-License-Identifier: MIT
#pragma once

// Shared set-up for tests that drive a whole Kumo::Engine on a temporary data directory.

#include "engine.h"
#include "storage/runstore.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <memory>

namespace KumoTest {

/// The helper program, quoted for /bin/sh, followed by @p args.
inline QString helper(const QString &args)
{
    return QStringLiteral("'" KUMO_TEST_HELPER "' ") + args;
}

inline Kumo::Task task(const QString &name, const QString &command, const char *triggerJson = nullptr)
{
    Kumo::Task task;
    task.name = name;
    task.command = command;
    // By default a task that never fires on its own: tests start runs explicitly.
    const QByteArray json = triggerJson ? QByteArray(triggerJson)
                                        : QByteArrayLiteral(R"({"type":"date","at":"2099-01-01T00:00:00Z"})");
    task.trigger = *Kumo::TriggerSpec::fromJson(QJsonDocument::fromJson(json).object(), nullptr);
    return task;
}

/// The pids a test helper wrote to a pid file (lines "pid 1234").
inline QList<qint64> readPids(const QString &path)
{
    QList<qint64> pids;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return pids;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QList<QByteArray> words = line.simplified().split(' ');
        if (!words.constLast().isEmpty())
            pids.append(words.constLast().toLongLong());
    }
    return pids;
}

/// Whether @p pid is a live process; a zombie, which only waits to be reaped, is not.
inline bool alive(qint64 pid)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close > 0 && text.mid(close + 2, 1) != "Z";
}

/// An engine on its own temporary data directory.
struct EngineFixture
{
    std::unique_ptr<QTemporaryDir> dir = std::make_unique<QTemporaryDir>();
    std::unique_ptr<Kumo::Engine> engine;

    bool open(Kumo::EngineConfig config = {})
    {
        config.dataDir = dir->path();
        if (config.killGraceMs == 5000)
            config.killGraceMs = 500;
        engine = std::make_unique<Kumo::Engine>();
        if (!engine->open(config)) {
            qWarning("engine failed to open: %s", qPrintable(engine->errorString()));
            return false;
        }
        return true;
    }
    Kumo::Task create(const Kumo::Task &spec)
    {
        const Kumo::TaskResult result = engine->createTask(spec);
        if (!result.ok())
            qFatal("cannot create task %s: %s", qPrintable(spec.name), qPrintable(result.message));
        return *result.task;
    }
    Kumo::Run run(qint64 id) const { return *engine->runs().get(id); }
};

} // namespace KumoTest
