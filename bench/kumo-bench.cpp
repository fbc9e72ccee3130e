// SPDX-License-Identifier: MIT
// Engine benchmarks; each mode prints one JSON object.
//   kumo-bench scheduler --tasks N --seconds S   N interval tasks firing every second, each
//                                                launching /bin/true: fire lateness, throughput
//   kumo-bench idle --tasks N --seconds S        N hourly cron tasks: creation rate, then idle
//                                                CPU and RSS over S seconds
//   kumo-bench launch --tasks N                  N runs of /bin/true queued at once under the
//                                                default limit of 50: launches per second
#include "core/clock.h"
#include "engine.h"
#include "execution/runlauncher.h"
#include "execution/runqueue.h"
#include "scheduling/scheduler.h"
#include "storage/runstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace Kumo;

namespace {

struct Usage
{
    double cpuSeconds = 0;
    qint64 maxRssKb = 0;
};

Usage selfUsage()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return { usage.ru_utime.tv_sec + usage.ru_stime.tv_sec
            + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6,
        usage.ru_maxrss };
}

qint64 currentRssKb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

qint64 nowMicroseconds()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch())
        .count();
}

template<typename T> double percentile(std::vector<T> values, double p)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    const size_t index = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    return double(values[index]);
}

void print(const QJsonObject &json)
{
    std::fputs(QJsonDocument(json).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

bool openEngine(Engine &engine, const QTemporaryDir &dir)
{
    EngineConfig config;
    config.dataDir = dir.path();
    if (!engine.open(config)) {
        std::fprintf(stderr, "kumo-bench: %s\n", qPrintable(engine.errorString()));
        return false;
    }
    return true;
}

int schedulerBench(int taskCount, int seconds)
{
    QTemporaryDir dir;
    Engine engine;
    if (!openEngine(engine, dir))
        return 1;
    engine.start();

    // Starts spread evenly over the second, as tasks created at different times would be;
    // the first fires two seconds from now, after set-up.
    const qint64 base = (QDateTime::currentMSecsSinceEpoch() / 1000 + 2) * 1000;
    for (int i = 0; i < taskCount; ++i) {
        Task task;
        task.name = u"bench-%1"_s.arg(i);
        task.command = u"/bin/true"_s;
        task.trigger.type = TriggerSpec::Type::Interval;
        task.trigger.intervalSeconds = 1;
        task.trigger.startMs = base + qint64(i) * 1000 / taskCount;
        task.misfireGraceSeconds = 1; // APScheduler's default, so "missed" means the same on both sides
        if (!engine.createTask(task).ok())
            return 1;
    }

    const qint64 windowEnd = base + qint64(seconds) * 1000;
    std::vector<double> lateness; // microseconds, measured right before the spawn
    std::vector<qint64> durations; // spawn to recorded finish: how long a run holds its slot
    lateness.reserve(size_t(taskCount) * size_t(seconds));
    qint64 completed = 0;
    qint64 missed = 0;
    qint64 skipped = 0;
    QObject::connect(&engine.launcher(), &RunLauncher::launching, [&](const Run &run) {
        if (run.scheduledAt < windowEnd)
            lateness.push_back(double(nowMicroseconds() - run.scheduledAt * 1000));
    });
    QObject::connect(&engine, &Engine::runChanged, [&](const Run &run) {
        if (run.scheduledAt >= windowEnd)
            return;
        switch (run.state) {
        case RunState::Succeeded:
            ++completed;
            durations.push_back(*run.finishedAt - *run.startedAt);
            break;
        case RunState::Missed:
            missed += run.fires;
            break;
        case RunState::Skipped:
            ++skipped;
            break;
        default:
            break;
        }
    });

    Usage startUsage;
    // Precise timers: a coarse one (Qt's default beyond 2 s) may fire 5 % early.
    QTimer::singleShot(std::max<qint64>(0, base - QDateTime::currentMSecsSinceEpoch()), Qt::PreciseTimer,
        qApp, [&] { startUsage = selfUsage(); });
    QTimer::singleShot(
        std::max<qint64>(0, windowEnd - QDateTime::currentMSecsSinceEpoch()), Qt::PreciseTimer, qApp, [&] {
            engine.scheduler().stop();
            // Let the last fires of the window finish before counting.
            QTimer::singleShot(2000, qApp, [&] { engine.shutdown(5000); });
        });
    QObject::connect(&engine, &Engine::stopped, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
    const Usage endUsage = selfUsage();

    print({
        { u"benchmark"_s, u"kumo scheduler"_s },
        { u"tasks"_s, taskCount },
        { u"seconds"_s, seconds },
        { u"expectedFires"_s, qint64(taskCount) * seconds },
        { u"started"_s, qint64(lateness.size()) },
        { u"completedPerSecond"_s, double(completed) / seconds },
        { u"missed"_s, missed },
        { u"skipped"_s, skipped },
        { u"latenessMs"_s,
            QJsonObject {
                { u"p50"_s, percentile(lateness, 50) / 1000 },
                { u"p99"_s, percentile(lateness, 99) / 1000 },
                { u"max"_s,
                    lateness.empty() ? 0.0 : *std::max_element(lateness.begin(), lateness.end()) / 1000 },
            } },
        { u"runDurationMs"_s,
            QJsonObject {
                { u"p50"_s, percentile(durations, 50) },
                { u"p99"_s, percentile(durations, 99) },
            } },
        { u"serverCpuPercent"_s, 100.0 * (endUsage.cpuSeconds - startUsage.cpuSeconds) / (seconds + 2) },
        { u"serverPeakRssMB"_s, endUsage.maxRssKb / 1024.0 },
    });
    return 0;
}

int idleBench(int taskCount, int seconds)
{
    QTemporaryDir dir;
    Engine engine;
    if (!openEngine(engine, dir))
        return 1;
    engine.start();
    // Hourly, at a minute half an hour away, so that no fire falls in the measured window and
    // what is measured is the cost of holding the schedule; seconds spread the tasks.
    const int minute = (QDateTime::currentDateTimeUtc().time().minute() + 30) % 60;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < taskCount; ++i) {
        Task task;
        task.name = u"idle-%1"_s.arg(i);
        task.command = u"/bin/true"_s;
        task.trigger.expression = u"%1 %2 * * * *"_s.arg(i % 60).arg(minute);
        task.trigger.timezone = u"UTC"_s;
        if (!engine.createTask(task).ok())
            return 1;
    }
    const double createSeconds = timer.nsecsElapsed() / 1e9;

    const Usage before = selfUsage();
    QElapsedTimer idle;
    idle.start();
    QTimer::singleShot(seconds * 1000, Qt::PreciseTimer, qApp, &QCoreApplication::quit);
    QCoreApplication::exec();
    const Usage after = selfUsage();
    const double idleSeconds = idle.nsecsElapsed() / 1e9;

    print({
        { u"benchmark"_s, u"kumo idle"_s },
        { u"tasks"_s, taskCount },
        { u"createSeconds"_s, createSeconds },
        { u"creationsPerSecond"_s, taskCount / createSeconds },
        { u"idleSeconds"_s, idleSeconds },
        { u"idleCpuPercent"_s, 100.0 * (after.cpuSeconds - before.cpuSeconds) / idleSeconds },
        { u"rssMB"_s, currentRssKb() / 1024.0 },
        { u"peakRssMB"_s, after.maxRssKb / 1024.0 },
        { u"runsDuringIdle"_s, engine.runs().countByState().value(u"succeeded"_s) },
    });
    return 0;
}

int launchBench(int runCount)
{
    QTemporaryDir dir;
    Engine engine;
    if (!openEngine(engine, dir))
        return 1;
    engine.start();
    // maxInstances is at most 1000 per task, so the runs are spread over enough tasks.
    QList<Task> tasks;
    for (int i = 0; i * 1000 < runCount; ++i) {
        Task spec;
        spec.name = u"launch-%1"_s.arg(i);
        spec.command = u"/bin/true"_s;
        spec.maxInstances = 1000;
        spec.trigger.type = TriggerSpec::Type::Date;
        spec.trigger.atMs = QDateTime::currentMSecsSinceEpoch() + 365LL * 24 * 3600 * 1000;
        const TaskResult created = engine.createTask(spec);
        if (!created.ok())
            return 1;
        tasks.append(*created.task);
    }
    int finished = 0;
    int failed = 0;
    QElapsedTimer timer;
    QObject::connect(&engine, &Engine::runChanged, [&](const Run &run) {
        if (isActive(run.state))
            return;
        failed += run.state != RunState::Succeeded;
        if (++finished == runCount)
            QCoreApplication::quit();
    });
    const Usage before = selfUsage();
    timer.start();
    for (int i = 0; i < runCount; ++i)
        engine.queue().submit(tasks.at(i / 1000), QDateTime::currentMSecsSinceEpoch(), u"manual"_s);
    QCoreApplication::exec();
    const double seconds = timer.nsecsElapsed() / 1e9;
    const Usage after = selfUsage();
    print({
        { u"benchmark"_s, u"kumo launch throughput"_s },
        { u"runs"_s, runCount },
        { u"maxConcurrent"_s, engine.queue().maxConcurrent() },
        { u"seconds"_s, seconds },
        { u"runsPerSecond"_s, runCount / seconds },
        { u"notSucceeded"_s, failed },
        { u"serverCpuPercent"_s, 100.0 * (after.cpuSeconds - before.cpuSeconds) / seconds },
    });
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addPositionalArgument(u"mode"_s, u"scheduler | idle | launch"_s);
    const QCommandLineOption tasks(u"tasks"_s, u"Number of tasks."_s, u"N"_s, u"100"_s);
    const QCommandLineOption seconds(u"seconds"_s, u"Measured duration."_s, u"S"_s, u"30"_s);
    parser.addOptions({ tasks, seconds });
    parser.addHelpOption();
    parser.process(app);
    const QString mode = parser.positionalArguments().value(0);
    const int taskCount = parser.value(tasks).toInt();
    const int duration = parser.value(seconds).toInt();
    if (mode == u"scheduler"_s)
        return schedulerBench(taskCount, duration);
    if (mode == u"idle"_s)
        return idleBench(taskCount, duration);
    if (mode == u"launch"_s)
        return launchBench(taskCount);
    parser.showHelp(2);
}
