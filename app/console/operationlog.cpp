// SPDX-License-Identifier: MIT
#include "console/operationlog.h"

#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/environmentstore.h"

#include <QFile>

namespace Kumo {

namespace {
constexpr qint64 kMaxBytes = 4 * 1024 * 1024; // a window, not an archive: keep the end
} // namespace

OperationLog::OperationLog(Engine &engine, qint64 operationId, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_operationId(operationId)
{
    EnvironmentService &service = engine.environments();
    if (const std::optional<EnvOperation> operation = service.store().operation(operationId))
        m_state = EnvOperation::stateName(operation->state);
    catchUp();
    connect(
        &service, &EnvironmentService::operationOutput, this, [this](qint64 id, qint64, const QByteArray &) {
            // The text is in the file by now: read from where the view stands, so that nothing
            // is shown twice or skipped.
            if (id == m_operationId)
                catchUp();
        });
    connect(&service, &EnvironmentService::operationChanged, this, &OperationLog::onOperationChanged);
}

bool OperationLog::isFinished() const
{
    return m_state == u"succeeded" || m_state == u"failed" || m_state == u"cancelled";
}

void OperationLog::catchUp()
{
    QFile file(m_engine.environments().logPathOf(m_operationId));
    if (!file.open(QIODevice::ReadOnly) || file.size() <= m_offset)
        return;
    file.seek(m_offset);
    const QByteArray added = file.readAll();
    m_offset += added.size();
    m_bytes += added;
    if (m_bytes.size() > kMaxBytes)
        m_bytes = m_bytes.right(kMaxBytes);
    Q_EMIT textChanged();
}

void OperationLog::onOperationChanged(const EnvOperation &operation)
{
    if (operation.id != m_operationId)
        return;
    catchUp();
    const QString state = EnvOperation::stateName(operation.state);
    if (state != m_state) {
        m_state = state;
        Q_EMIT stateChanged();
    }
}

} // namespace Kumo
