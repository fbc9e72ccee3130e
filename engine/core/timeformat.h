// SPDX-License-Identifier: MIT
#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringView>

#include <optional>

namespace Kumo {

/// RFC 3339 UTC text for an instant in ms since the epoch: "2026-11-28T15:04:05Z", with
/// ".123" milliseconds when they are not zero (so that instants survive a round trip).
[[nodiscard]] QString toRfc3339(qint64 ms);
/// toRfc3339, or JSON null for a missing instant.
[[nodiscard]] QJsonValue toRfc3339OrNull(const std::optional<qint64> &ms);
/// Parses an RFC 3339 instant that names its offset ("Z" or "+08:00"); nullopt otherwise.
[[nodiscard]] std::optional<qint64> parseRfc3339(QStringView text);

} // namespace Kumo
