// SPDX-License-Identifier: MIT
#include "console/operationlog.h"

#include "engine.h"
#include "environments/environmentservice.h"
#include "environments/environmentstore.h"
#include "execution/logreader.h"

#include <QFile>

namespace Kumo {

namespace {
// Trimming removes this much beyond kMaxChars, so that it happens once per so many characters of
// output rather than on every chunk.
constexpr qsizetype kTrimSlack = OperationLog::kMaxChars / 4;
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
    const qint64 size = file.size();
    // More than can be shown (a long log opened late): read only its end, from a line start.
    // Every character takes at least one byte, so kMaxChars bytes hold enough text.
    const bool skipped = size - m_offset > kMaxChars;
    if (skipped)
        m_offset = size - kMaxChars;
    if (!file.seek(m_offset))
        return;
    QByteArray added = file.read(size - m_offset);
    m_offset += added.size();
    if (skipped) {
        qsizetype start = added.indexOf('\n') + 1;
        if (start == 0) // one long line: start at a character, not inside one
            start = leadingUtf8Continuation(added);
        added.remove(0, start);
        m_decoder.resetState();
        m_text.clear();
        m_truncated = true;
    }
    const QString decoded = m_decoder.decode(added);
    m_text += decoded;
    trim();
    Q_EMIT textChanged();
}

void OperationLog::trim()
{
    if (m_text.size() <= kMaxChars + kTrimSlack)
        return;
    qsizetype cut = m_text.size() - kMaxChars;
    const qsizetype newline = m_text.indexOf(u'\n', cut);
    if (newline >= 0 && newline - cut < kTrimSlack)
        cut = newline + 1; // keep whole lines
    else if (m_text.at(cut).isLowSurrogate())
        ++cut; // nor half a character
    m_text.remove(0, cut);
    m_truncated = true;
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
