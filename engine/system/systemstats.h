// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonObject>
#include <QString>

namespace Kumo {

/// A snapshot of the machine and of this process, read from /proc and statvfs.
struct SystemSnapshot
{
    double cpuPercent = 0; // all cores, since the previous snapshot (0–100)
    int cpuCount = 0;
    qint64 memoryTotalBytes = 0;
    qint64 memoryAvailableBytes = 0;
    double load1 = 0;
    double load5 = 0;
    double load15 = 0;
    qint64 uptimeSeconds = 0;
    qint64 diskTotalBytes = 0; // of the file system holding the data directory
    qint64 diskFreeBytes = 0;
    qint64 processRssBytes = 0;
    int processThreads = 0;

    [[nodiscard]] QJsonObject toJson() const;
};

/// Takes SystemSnapshots; CPU use is the change between two calls, so keep one instance.
class SystemStats
{
public:
    explicit SystemStats(QString dataDir);
    [[nodiscard]] SystemSnapshot sample();

private:
    QString m_dataDir;
    quint64 m_lastBusy = 0;
    quint64 m_lastTotal = 0;
};

} // namespace Kumo
