// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

#include <optional>

namespace Kumo::Sql {

/// A bindable value for an optional: NULL when empty.
template<typename T> [[nodiscard]] QVariant optional(const std::optional<T> &value)
{
    return value ? QVariant::fromValue(*value) : QVariant(QMetaType::fromType<T>());
}

/// A bindable value for a NOT NULL text column: a null QString would bind as SQL NULL.
[[nodiscard]] inline QVariant text(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

/// Reads a nullable column.
template<typename T> [[nodiscard]] std::optional<T> column(const QSqlQuery &query, int index)
{
    const QVariant value = query.value(index);
    if (value.isNull())
        return std::nullopt;
    return value.value<T>();
}

/// Runs a prepared, bound SELECT and returns its first column as text (empty on failure).
[[nodiscard]] inline QStringList strings(QSqlQuery &query)
{
    QStringList values;
    if (query.exec()) {
        while (query.next())
            values.append(query.value(0).toString());
    }
    query.finish();
    return values;
}

/// True when @p error is a UNIQUE constraint violation (SQLite's message, PostgreSQL's 23505).
[[nodiscard]] inline bool isUniqueViolation(const QSqlError &error)
{
    return error.databaseText().contains(QStringLiteral("UNIQUE"), Qt::CaseInsensitive)
        || error.nativeErrorCode() == QStringLiteral("23505");
}

} // namespace Kumo::Sql
