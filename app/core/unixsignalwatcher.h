// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>

class QSocketNotifier;

namespace Kumo {

/// Turns Unix signals (SIGTERM, SIGINT, …) into a Qt signal on the event loop, through a
/// self-pipe: the handler only writes one byte, which is async-signal-safe.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(const QList<int> &signals, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void received(int signal);

private:
    void onReadable();
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace Kumo
