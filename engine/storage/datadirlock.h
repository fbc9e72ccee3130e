// SPDX-License-Identifier: MIT
#pragma once

#include <QLockFile>
#include <QString>

#include <memory>

namespace Kumo {

/// Guarantees one Kumo process per data directory (`kumo.lock` inside it). A lock left by a
/// process that died is taken over.
class DataDirLock
{
public:
    explicit DataDirLock(const QString &dataDir);
    ~DataDirLock();

    [[nodiscard]] bool tryLock();
    /// Why tryLock() failed, naming the process that holds the directory.
    [[nodiscard]] QString errorString() const { return m_error; }
    [[nodiscard]] qint64 holderPid() const { return m_holderPid; }

private:
    QString m_dataDir;
    std::unique_ptr<QLockFile> m_lock;
    QString m_error;
    qint64 m_holderPid = 0;
};

} // namespace Kumo
