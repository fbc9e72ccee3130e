// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

namespace Kumo {

/// A validation problem with one input field (becomes `errors[]` of a problem+json answer).
struct FieldError
{
    QString field; // JSON name, dotted for nested fields: "trigger.expression"
    QString message;
    bool operator==(const FieldError &) const = default;
};

using FieldErrors = QList<FieldError>;

} // namespace Kumo
