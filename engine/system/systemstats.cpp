// SPDX-License-Identifier: MIT
#include "system/systemstats.h"

#include <QFile>
#include <QThread>

#include <sys/statvfs.h>

using namespace Qt::StringLiterals;

namespace Kumo {

namespace {

QByteArray readProc(const char *path)
{
    QFile file(QString::fromLatin1(path));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The number after "Key:" in a /proc key-value file.
qint64 procValue(const QByteArray &text, QByteArrayView key)
{
    for (const QByteArray &line : text.split('\n')) {
        if (!line.startsWith(key) || line.size() <= key.size() || line[key.size()] != ':')
            continue;
        return line.sliced(key.size() + 1).trimmed().split(' ').value(0).toLongLong();
    }
    return 0;
}

} // namespace

QJsonObject SystemSnapshot::toJson() const
{
    return {
        { u"cpuPercent"_s, qRound(cpuPercent * 10) / 10.0 },
        { u"cpuCount"_s, cpuCount },
        { u"memoryTotalBytes"_s, memoryTotalBytes },
        { u"memoryAvailableBytes"_s, memoryAvailableBytes },
        { u"load"_s, QJsonObject { { u"1m"_s, load1 }, { u"5m"_s, load5 }, { u"15m"_s, load15 } } },
        { u"uptimeSeconds"_s, uptimeSeconds },
        { u"diskTotalBytes"_s, diskTotalBytes },
        { u"diskFreeBytes"_s, diskFreeBytes },
        { u"processRssBytes"_s, processRssBytes },
        { u"processThreads"_s, processThreads },
    };
}

SystemStats::SystemStats(QString dataDir)
    : m_dataDir(std::move(dataDir))
{ }

SystemSnapshot SystemStats::sample()
{
    SystemSnapshot snapshot;
    snapshot.cpuCount = QThread::idealThreadCount();

    const QByteArray stat = readProc("/proc/stat");
    const QList<QByteArray> cpu = stat.left(stat.indexOf('\n')).simplified().split(' ');
    if (cpu.size() >= 8 && cpu.front() == "cpu") {
        quint64 total = 0;
        for (qsizetype i = 1; i < cpu.size(); ++i)
            total += cpu[i].toULongLong();
        const quint64 idle = cpu[4].toULongLong() + cpu[5].toULongLong(); // idle + iowait
        const quint64 busy = total - idle;
        if (total > m_lastTotal && busy >= m_lastBusy)
            snapshot.cpuPercent = 100.0 * double(busy - m_lastBusy) / double(total - m_lastTotal);
        m_lastBusy = busy;
        m_lastTotal = total;
    }

    const QByteArray meminfo = readProc("/proc/meminfo");
    snapshot.memoryTotalBytes = procValue(meminfo, "MemTotal") * 1024;
    snapshot.memoryAvailableBytes = procValue(meminfo, "MemAvailable") * 1024;

    const QList<QByteArray> load = readProc("/proc/loadavg").split(' ');
    if (load.size() >= 3) {
        snapshot.load1 = load[0].toDouble();
        snapshot.load5 = load[1].toDouble();
        snapshot.load15 = load[2].toDouble();
    }
    snapshot.uptimeSeconds = qint64(readProc("/proc/uptime").split(' ').value(0).toDouble());

    struct statvfs fs
    {
    };
    if (statvfs(QFile::encodeName(m_dataDir).constData(), &fs) == 0) {
        snapshot.diskTotalBytes = qint64(fs.f_blocks) * qint64(fs.f_frsize);
        snapshot.diskFreeBytes = qint64(fs.f_bavail) * qint64(fs.f_frsize);
    }

    const QByteArray status = readProc("/proc/self/status");
    snapshot.processRssBytes = procValue(status, "VmRSS") * 1024;
    snapshot.processThreads = int(procValue(status, "Threads"));
    return snapshot;
}

} // namespace Kumo
