// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QList>
#include <QtGlobal>

#include <optional>

namespace Kumo::ProcessTree {

/// The fields of /proc/PID/stat that supervision and sampling use (times in clock ticks).
struct ProcessStat
{
    qint64 pid = 0;
    char state = '?'; // 'R', 'S', 'D', 'Z' (zombie: exited, not yet reaped), ...
    qint64 ppid = 0;
    qint64 pgrp = 0;
    qint64 session = 0;
    qint64 utime = 0;
    qint64 stime = 0;
    qint64 cutime = 0; // of children this process has reaped
    qint64 cstime = 0;
    qint64 startTicks = 0; // since boot
    qint64 rssPages = 0;

    [[nodiscard]] bool isZombie() const { return state == 'Z' || state == 'X'; }
};

/// /proc/PID/stat of @p pid, if it exists.
[[nodiscard]] std::optional<ProcessStat> readStat(qint64 pid);

/// Every process on the system from one scan of /proc, indexed to resolve many trees cheaply.
class Snapshot
{
public:
    [[nodiscard]] static Snapshot capture();
    [[nodiscard]] const QList<ProcessStat> &processes() const { return m_processes; }
    /// @p rootPid (when it exists) and every member of its tree as members() defines it,
    /// zombies included.
    [[nodiscard]] QList<ProcessStat> tree(qint64 rootPid) const;
    /// Whether a process (zombies included) with @p pid exists.
    [[nodiscard]] bool contains(qint64 pid) const;
    /// The live members of @p rootPid's tree, as the free function members() defines them.
    [[nodiscard]] QList<qint64> members(qint64 rootPid) const;

private:
    QList<ProcessStat> m_processes;
    QHash<qint64, QList<qsizetype>> m_childrenOf;
    QHash<qint64, QList<qsizetype>> m_inSessionOrGroup;
};

/// Start time of @p pid in clock ticks since boot (/proc/PID/stat field 22), if it exists.
[[nodiscard]] std::optional<qint64> startTicks(qint64 pid);

/// True when @p pid exists and started at @p startTicks (i.e. it is not a reused PID).
/// A zombie (exited, not yet reaped) still counts: its PID cannot have been reused, and its
/// session may still hold live processes.
[[nodiscard]] bool isSameProcess(qint64 pid, qint64 startTicks);

/// Every live process that belongs to the tree rooted at @p rootPid: its descendants by
/// parent link, plus anything still in its session or process group (orphans re-parented
/// to init keep those). Excludes @p rootPid itself and zombies.
[[nodiscard]] QList<qint64> members(qint64 rootPid);

/// Sends @p signal to the process group and session of @p rootPid and to every member;
/// returns how many processes were signalled.
int signalTree(qint64 rootPid, int signal);

} // namespace Kumo::ProcessTree
