// SPDX-License-Identifier: MIT
#pragma once

// Shared set-up for tests that drive a whole Kumo::Engine on a temporary data directory.

#include "engine.h"
#include "storage/runstore.h"

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
