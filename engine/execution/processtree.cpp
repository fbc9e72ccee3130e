// SPDX-License-Identifier: MIT
#include "execution/processtree.h"

#include <algorithm>

#include "core/logging.h"

#include <QSet>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

namespace Kumo::ProcessTree {

namespace {

// /proc/PID/stat is "PID (COMM) STATE FIELD4 FIELD5 ...". COMM may hold spaces and ')' itself,
// so the fields start after the *last* ')'.
std::optional<ProcessStat> parseStat(qint64 pid, const char *text)
{
    const char *close = std::strrchr(text, ')');
    if (!close || close[1] != ' ' || close[2] == '\0')
        return std::nullopt;
    ProcessStat stat;
    stat.pid = pid;
    stat.state = close[2];

    // Fields 4 (ppid) to 24 (rss); all we need are in this range.
    constexpr int kFirst = 4;
    constexpr int kLast = 24;
    qint64 fields[kLast + 1] = {};
    const char *cursor = close + 3;
    for (int field = kFirst; field <= kLast; ++field) {
        char *end = nullptr;
        fields[field] = static_cast<qint64>(std::strtoll(cursor, &end, 10));
        if (end == cursor)
            return std::nullopt;
        cursor = end;
    }
    stat.ppid = fields[4];
    stat.pgrp = fields[5];
    stat.session = fields[6];
    stat.utime = fields[14];
    stat.stime = fields[15];
    stat.cutime = fields[16];
    stat.cstime = fields[17];
    stat.startTicks = fields[22];
    stat.rssPages = fields[24];
    return stat;
}

// Plain open/read: this runs for every process on every sampler tick, so no QFile overhead.
std::optional<ProcessStat> readStatAt(int dirFd, const char *relativePath, qint64 pid)
{
    const int fd = ::openat(dirFd, relativePath, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    char buffer[4096];
    qsizetype size = 0;
    while (size < qsizetype(sizeof buffer) - 1) {
        const ssize_t n = ::read(fd, buffer + size, sizeof buffer - 1 - size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        size += n;
    }
    ::close(fd);
    buffer[size] = '\0';
    return parseStat(pid, buffer);
}

} // namespace

std::optional<ProcessStat> readStat(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%lld/stat", static_cast<long long>(pid));
    return readStatAt(AT_FDCWD, path, pid);
}

Snapshot Snapshot::capture()
{
    Snapshot snapshot;
    DIR *proc = ::opendir("/proc");
    if (!proc) {
        qCWarning(lcExecution) << "cannot read /proc:" << std::strerror(errno);
        return snapshot;
    }
    const int procFd = ::dirfd(proc);
    while (const dirent *entry = ::readdir(proc)) {
        const char *name = entry->d_name;
        if (name[0] < '1' || name[0] > '9')
            continue;
        char *end = nullptr;
        const long long pid = std::strtoll(name, &end, 10);
        if (*end != '\0')
            continue;
        char path[64];
        std::snprintf(path, sizeof path, "%lld/stat", pid);
        // A process may exit between readdir() and the read; it is simply not in the snapshot.
        if (const auto stat = readStatAt(procFd, path, pid))
            snapshot.m_processes.append(*stat);
    }
    ::closedir(proc);

    for (qsizetype i = 0; i < snapshot.m_processes.size(); ++i) {
        const ProcessStat &stat = snapshot.m_processes.at(i);
        snapshot.m_childrenOf[stat.ppid].append(i);
        snapshot.m_inSessionOrGroup[stat.session].append(i);
        if (stat.pgrp != stat.session)
            snapshot.m_inSessionOrGroup[stat.pgrp].append(i);
    }
    return snapshot;
}

QList<ProcessStat> Snapshot::tree(qint64 rootPid) const
{
    QList<ProcessStat> result;
    if (rootPid <= 1)
        return result;
    QSet<qint64> seen;
    QList<qsizetype> pending;
    const auto visit = [&](qsizetype index) {
        if (!seen.contains(m_processes.at(index).pid)) {
            seen.insert(m_processes.at(index).pid);
            pending.append(index);
        }
    };
    for (qsizetype i = 0; i < m_processes.size(); ++i) {
        if (m_processes.at(i).pid == rootPid) {
            visit(i);
            break;
        }
    }
    for (const qsizetype index : m_inSessionOrGroup.value(rootPid))
        visit(index);
    while (!pending.isEmpty()) {
        const ProcessStat &stat = m_processes.at(pending.takeLast());
        result.append(stat);
        for (const qsizetype child : m_childrenOf.value(stat.pid))
            visit(child);
    }
    return result;
}

std::optional<qint64> startTicks(qint64 pid)
{
    const auto stat = readStat(pid);
    return stat ? std::optional<qint64>(stat->startTicks) : std::nullopt;
}

bool isSameProcess(qint64 pid, qint64 startTicks)
{
    const auto stat = readStat(pid);
    return stat && stat->startTicks == startTicks;
}

bool Snapshot::contains(qint64 pid) const
{
    return std::any_of(
        m_processes.cbegin(), m_processes.cend(), [pid](const ProcessStat &stat) { return stat.pid == pid; });
}

QList<qint64> Snapshot::members(qint64 rootPid) const
{
    QList<qint64> result;
    const QList<ProcessStat> all = tree(rootPid);
    for (const ProcessStat &stat : all) {
        if (stat.pid != rootPid && !stat.isZombie())
            result.append(stat.pid);
    }
    return result;
}

QList<qint64> members(qint64 rootPid)
{
    return Snapshot::capture().members(rootPid);
}

int signalTree(qint64 rootPid, int signal)
{
    // kill(-1) would signal every process we may signal, and kill(0) our own group.
    if (rootPid <= 1) {
        qCWarning(lcExecution) << "refusing to signal the tree of pid" << rootPid;
        return 0;
    }
    const QList<ProcessStat> tree = Snapshot::capture().tree(rootPid);
    // The group is signalled in one call so that processes forked meanwhile are included;
    // the rest (members that left the group but not the session, or a new session's
    // descendants) one by one. A member's PID could in theory be reused between the scan and
    // kill(); the window is a few microseconds.
    const bool groupSignalled = ::kill(-static_cast<pid_t>(rootPid), signal) == 0;
    int count = 0;
    for (const ProcessStat &stat : tree) {
        if (stat.isZombie())
            continue;
        if (groupSignalled && stat.pgrp == rootPid) {
            ++count;
            continue;
        }
        if (stat.pid == rootPid)
            continue;
        if (::kill(static_cast<pid_t>(stat.pid), signal) == 0)
            ++count;
        else if (errno != ESRCH)
            qCDebug(lcExecution) << "cannot signal" << stat.pid << std::strerror(errno);
    }
    return count;
}

} // namespace Kumo::ProcessTree
