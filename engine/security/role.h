// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

#include <optional>

namespace Kumo {

/// What a user may do. Ordered: each role may do everything the roles below it may.
enum class Role { Viewer = 0, Operator = 1, Admin = 2 };

[[nodiscard]] QString roleName(Role role); // "viewer", "operator", "admin"
[[nodiscard]] std::optional<Role> roleFromName(QStringView name);
/// True when @p have is at least @p need.
[[nodiscard]] constexpr bool roleAllows(Role have, Role need)
{
    return int(have) >= int(need);
}

} // namespace Kumo
