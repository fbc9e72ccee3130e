// SPDX-License-Identifier: MIT
#pragma once

#include "core/fielderror.h"

#include <QUrlQuery>

#include <optional>

namespace Kumo {

/// Reads and checks query parameters, collecting one FieldError per bad parameter.
class QueryReader
{
public:
    explicit QueryReader(const QUrlQuery &query)
        : m_query(query)
    { }

    [[nodiscard]] QString text(const QString &name, int maxLength = 200);
    [[nodiscard]] int integer(const QString &name, int fallback, int min, int max);
    [[nodiscard]] std::optional<qint64> id(const QString &name);
    [[nodiscard]] std::optional<bool> flag(const QString &name);
    /// An RFC 3339 instant with an offset.
    [[nodiscard]] std::optional<qint64> instant(const QString &name);
    /// Comma-separated values, each checked by @p valid.
    [[nodiscard]] QStringList list(
        const QString &name, const std::function<bool(const QString &)> &valid, const QString &expected);
    /// limit (1–1000, default 50) and offset (≥ 0).
    void paging(int *limit, int *offset);

    [[nodiscard]] const FieldErrors &errors() const { return m_errors; }
    [[nodiscard]] bool ok() const { return m_errors.isEmpty(); }

private:
    [[nodiscard]] std::optional<QString> raw(const QString &name) const;

    const QUrlQuery &m_query;
    FieldErrors m_errors;
};

} // namespace Kumo
