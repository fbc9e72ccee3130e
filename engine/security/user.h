// SPDX-License-Identifier: MIT
#pragma once

#include "security/role.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Kumo {

/// A person (or robot) who may sign in. The password hash never leaves the store.
struct User
{
    qint64 id = 0;
    QString username;
    Role role = Role::Viewer;
    bool disabled = false;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    std::optional<qint64> lastLoginAt;

    /// {"id","username","role","disabled","createdAt","updatedAt","lastLoginAt"} (RFC 3339 UTC times).
    [[nodiscard]] QJsonObject toJson() const;
};

} // namespace Kumo
