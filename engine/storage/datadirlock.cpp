// SPDX-License-Identifier: MIT
#include "storage/datadirlock.h"

#include <QDir>

using namespace Qt::StringLiterals;

namespace Kumo {

DataDirLock::DataDirLock(const QString &dataDir)
    : m_dataDir(dataDir)
    , m_lock(std::make_unique<QLockFile>(QDir(dataDir).filePath(u"kumo.lock"_s)))
{
    // Never consider a live holder's lock stale by age; a dead holder's lock is detected by PID.
    m_lock->setStaleLockTime(0);
}

DataDirLock::~DataDirLock() = default;

bool DataDirLock::tryLock()
{
    if (!QDir().mkpath(m_dataDir)) {
        m_error = u"cannot create data directory %1"_s.arg(m_dataDir);
        return false;
    }
    if (m_lock->tryLock(0))
        return true;
    switch (m_lock->error()) {
    case QLockFile::LockFailedError: {
        QString host;
        QString app;
        if (m_lock->getLockInfo(&m_holderPid, &host, &app))
            m_error = u"data directory %1 is in use by another Kumo process (pid %2 on %3); stop it or "
                      "choose another --data-dir"_s.arg(QDir(m_dataDir).absolutePath())
                          .arg(m_holderPid)
                          .arg(host);
        else
            m_error = u"data directory %1 is in use by another Kumo process"_s.arg(
                QDir(m_dataDir).absolutePath());
        break;
    }
    case QLockFile::PermissionError:
        m_error = u"no permission to create the lock file in %1"_s.arg(m_dataDir);
        break;
    default:
        m_error = u"cannot lock data directory %1"_s.arg(m_dataDir);
        break;
    }
    return false;
}

} // namespace Kumo
